package dev.jwire.engine.internal;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Scope;
import dev.jwire.engine.SyncState;
import dev.jwire.engine.Task;
import dev.jwire.engine.UnhandledWireException;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.WireErrorHandler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A task and its step runner.
 *
 * <h2>The step runner</h2>
 *
 * <p>A task holds the wire to run ({@link #current}) and a stack of {@link Frame}s, the
 * continuations of the combinators it is inside. One pass of {@link #runSteps} is a trampoline:
 *
 * <ol>
 *   <li>run the current wire: jwire's own wires through {@link StepWire#step}, any other through
 *       {@link Wire#run}, whose {@code Mono} is taken synchronously when it is a constant or a
 *       {@code Callable}, and subscribed to otherwise;
 *   <li>a combinator answers {@link #CONTINUE}: it pushed a frame and chose a child wire to run;
 *   <li>a result (successor or null) is handed to the top frame, which either descends again or
 *       pops itself and hands a result further down; with no frame left, a non-null result is the
 *       next wire and null ends the task;
 *   <li>a wait answers {@link #SUSPEND}: the pass ends; a timer, or the {@link PendingWait} queued
 *       on this task's own worker when the wait is over, resumes the task with its result.
 * </ol>
 *
 * <p>So a chain of synchronous steps runs in a loop, in constant stack, allocating nothing of its
 * own. After {@code stepBudget} steps the task yields its thread (re-queues itself) so that others
 * run. Every field is touched only by the worker's thread, except {@link #state} (published for
 * snapshots) and {@link #cancelFlag} (set by any thread, read whenever the task is dequeued).
 *
 * <p>The task is also its own timer node and its own queue job: a sleeping task costs no object
 * besides itself.
 */
public final class TaskImpl extends TimerNode implements Task, WireContext {
  /** Step result: a combinator descended into {@link #current}. */
  public static final Wire CONTINUE = Sentinel.of("CONTINUE");
  /** Step result: the task waits; it will be resumed. */
  public static final Wire SUSPEND = Sentinel.of("SUSPEND");

  private static final VarHandle STATE;
  private static final State[] STATES = State.values();
  private static final VarHandle EXTRAS;
  private static final VarHandle END_LISTENERS;
  /** {@link Extras#endListeners} once the task has ended: later listeners run at once. */
  private static final EndListener[] ENDED = new EndListener[0];

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(TaskImpl.class, "state", byte.class);
      EXTRAS = lookup.findVarHandle(TaskImpl.class, "extras", Extras.class);
      END_LISTENERS = lookup.findVarHandle(Extras.class, "endListeners", EndListener[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final LoopWorker worker;
  final ScopeImpl scope;
  private final long id;
  private final Wire first;
  private final WireErrorHandler handler;
  private final Object startSite;
  final boolean daemon;
  /** The wire running or to run next. */
  Wire current;
  private Frame frames;
  /**
   * The {@link State}'s ordinal: a byte, not a reference, because every wake-up writes it twice
   * and a reference store into a long-lived task costs a GC write barrier (G1 especially).
   */
  @SuppressWarnings("unused") // accessed through STATE
  private byte state; // State.NEW
  /**
   * WAITING: the {@link PendingWait}. SLEEPING after {@link #sleepThen}: the task itself (a
   * reference into its own memory region costs G1 no barrier work), while {@link #current}
   * already holds the wire to run next. Otherwise null.
   */
  private Object pending;
  private volatile boolean cancelFlag;
  /** Loop-clock milliseconds since the loop started, when the state last changed (for dumps). */
  private int stateSince;
  /** Set by the scope when the task is queued to run (as opposed to waiting for a slot). */
  boolean launched;
  private Extras extras;
  TaskImpl prevLive;
  TaskImpl nextLive;

  TaskImpl(
      LoopWorker worker, ScopeImpl scope, long id, Wire first, WireErrorHandler handler, Object startSite,
      boolean daemon) {
    this.worker = worker;
    this.scope = scope;
    this.id = id;
    this.first = first;
    this.current = first;
    this.handler = handler;
    this.startSite = startSite;
    this.daemon = daemon;
  }

  /**
   * Rarely used state, allocated on first use, by the task's thread or by another thread that
   * registers an end listener: hence the CAS, so that neither loses the other's object. Fields other
   * than {@link #endListeners} are the task thread's; others read them after an acquiring read of
   * a terminal {@link #state}.
   */
  private static final class Extras {
    String endPath;
    Object result;
    Throwable error;
    ArrayList<AutoCloseable> resources;
    /** Copy-on-write, through {@link #END_LISTENERS}: null (none), the listeners, or {@link #ENDED}. */
    @SuppressWarnings("unused")
    volatile EndListener[] endListeners;
  }

  private Extras extras() {
    Extras e = extras;
    if (e == null) {
      Extras fresh = new Extras();
      Extras witness = (Extras) EXTRAS.compareAndExchange(this, (Extras) null, fresh);
      e = witness == null ? fresh : witness;
    }
    return e;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  @Override
  public void runJob() {
    State s = state();
    if (s != State.NEW && s != State.RUNNABLE) {
      return; // ended while queued
    }
    if (cancelFlag) {
      cancelNow();
      return;
    }
    setState(State.RUNNING);
    runSteps(current);
  }

  private void runSteps(Wire w) {
    int budget = worker.stepBudget;
    int outerIndex = worker.runningByIndex;
    TaskImpl outerTask = worker.runningByReference;
    int index = timerIndex;
    if (index != 0) {
      worker.runningByIndex = index; // no reference store: a timer loop does this on every wake-up
    } else {
      worker.runningByIndex = 0;
      worker.runningByReference = this;
    }
    try {
      for (; ; ) {
        Wire r;
        if (w instanceof StepWire) {
          StepWire s = (StepWire) w;
          if (current != w && !s.placesNextWire()) {
            current = w;
          }
          r = s.step(this);
        } else {
          if (current != w) {
            current = w; // a woken task often runs the wire it holds: no needless store
          }
          r = w instanceof SyncState ? ((SyncState) w).step(this) : runPublic(w);
        }
        if (r == CONTINUE) {
          w = current; // entering a combinator is not a step of its own: no budget, no check
          continue;
        }
        if (r == SUSPEND) {
          if (cancelFlag) {
            cancelNow();
          }
          return;
        }
        w = unwind(r);
        if (w == null) {
          end(State.DONE);
          return;
        }
        if (cancelFlag) {
          end(State.CANCELLED);
          return;
        }
        if (--budget <= 0) {
          current = w;
          setState(State.RUNNABLE);
          worker.execute(this);
          return;
        }
      }
    } catch (Throwable t) {
      fail(t);
    } finally {
      worker.runningByIndex = outerIndex;
      if (worker.runningByReference != outerTask) {
        worker.runningByReference = outerTask;
      }
    }
  }

  /** Hands a step's result to the frames; returns the wire to run next, or null when done. */
  private Wire unwind(Wire result) throws Throwable {
    Frame f;
    while ((f = frames) != null) {
      Wire next = f.resume(this, result);
      if (next == CONTINUE) {
        return current;
      }
      result = next;
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private Wire runPublic(Wire w) throws Throwable {
    Mono<Wire> m = w.run(this);
    if (m == null) {
      throw new IllegalStateException(
          "wire '" + w.name() + "' returned null from run(ctx) (expected: a Mono; return"
              + " Wire.done() to finish or Wire.next(successor) to continue)");
    }
    if (m instanceof Callable) {
      return ((Callable<Wire>) m).call();
    }
    return await(m, true);
  }

  /** Resumes after a timer or a wait with the result of the waiting step. */
  private void resume(Object value, Throwable error) {
    setState(State.RUNNING);
    if (error != null) {
      fail(error);
      return;
    }
    Wire w;
    try {
      w = unwind(value instanceof Wire ? (Wire) value : null);
    } catch (Throwable t) {
      fail(t);
      return;
    }
    if (w == null) {
      end(State.DONE);
    } else {
      runSteps(w);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // For StepWires and Frames

  /** Pushes {@code frame} and makes {@code child} the wire to run; returns {@link #CONTINUE}. */
  public Wire descend(Frame frame, Wire child) {
    frame.below = frames;
    frames = frame;
    current = child;
    return CONTINUE;
  }

  /** Makes {@code child} the wire to run under the current frames; returns {@link #CONTINUE}. */
  public Wire descend(Wire child) {
    current = child;
    return CONTINUE;
  }

  /** @return whether {@code w} is this task's first wire and no combinator is running */
  public boolean isAtRoot(Wire w) {
    return w == first && frames == null;
  }

  /** Pops the top frame; the frame's {@link Frame#resume} then returns its result. */
  public void pop() {
    frames = frames.below;
  }

  /** Starts {@code successor} as a new task beside this one, as aiowire does with a successor. */
  public void spawn(Wire successor) {
    worker.core.startSibling(successor, this);
  }

  /** Sleeps for {@code nanos} on the loop clock; returns {@link #SUSPEND}. */
  public Wire sleep(long nanos) {
    long now = worker.clock.nanoTime();
    worker.timers.add(this, now + Math.min(nanos, Long.MAX_VALUE / 4));
    setState(State.SLEEPING, now);
    return SUSPEND;
  }

  /**
   * {@code sleep(d).then(next)} fused: sleeps for {@code nanos}, then runs {@code next} under the
   * current frames, with no frame of its own. A timer loop is mostly this shape, and with a
   * hundred thousand of them every object a wake-up reads is a cache miss: this one reads the task
   * and {@code next} only, and keeps no per-sleep object alive (the sleep and then wires die
   * young). Dumps show it as {@code sleep} under a {@code then[0]} path part; after the sleep,
   * {@code next}'s path has no {@code then[1]} part.
   *
   * @return {@link #SUSPEND}
   */
  public Wire sleepThen(long nanos, Wire next) {
    sleep(nanos);
    pending = this;
    if (current != next) {
      current = next; // a timer loop sleeps before the state it ran: nothing to store
    }
    return SUSPEND;
  }

  /**
   * Waits for {@code source} to complete, without blocking the thread. A source that completes
   * during subscription is taken at once.
   *
   * @param keepValue whether the first value is the step's result (a successor wire)
   * @return the result when synchronous, else {@link #SUSPEND}
   */
  public Wire await(Publisher<?> source, boolean keepValue) throws Throwable {
    AsyncStep step = new AsyncStep(this, keepValue);
    pending = step;
    AsyncStep outer = worker.subscribing;
    worker.subscribing = step; // a loop timer armed during subscribe marks the wait as internal
    try {
      source.subscribe(step);
    } finally {
      worker.subscribing = outer;
    }
    if (step.suspend()) {
      suspendOn(step);
      return SUSPEND;
    }
    pending = null;
    if (step.error != null) {
      throw step.error;
    }
    return step.value instanceof Wire ? (Wire) step.value : null;
  }

  /**
   * Suspends on {@code suspender} (see {@link dev.jwire.engine.Suspender}).
   *
   * @return the successor when the suspender resumed at once, else {@link #SUSPEND}
   */
  public <T> Wire suspend(dev.jwire.engine.Suspender<T> suspender) throws Throwable {
    SuspendWait<T> wait = new SuspendWait<>(this, suspender);
    pending = wait;
    try {
      suspender.suspend(this, wait);
    } catch (Throwable t) {
      pending = null;
      wait.fail(t); // refuses later resumes
      throw t;
    }
    if (wait.suspend()) {
      suspendOn(wait);
      return SUSPEND;
    }
    pending = null;
    if (wait.error != null) {
      throw wait.error;
    }
    return suspender.resumed(this, wait.item());
  }

  /** @return whether a wait that ended may hand its result to this task (it still waits on it) */
  boolean takes(PendingWait wait) {
    return pending == wait && state() == State.WAITING && !cancelFlag;
  }

  /** A suspension's value that this task will not take: back to its suspender. */
  <T> void undelivered(dev.jwire.engine.Suspender<T> suspender, T value) {
    try {
      suspender.undelivered(value);
    } catch (Throwable t) {
      worker.core.logUncaught("Suspender.undelivered of '" + suspender.name() + "' threw", t);
    }
  }

  /**
   * Opens a nested scope of this task's scope, lets {@code body} start its wires, and waits until
   * it ends; then continues with {@code after} applied to it (on this task's thread).
   *
   * @return {@link #SUSPEND}
   */
  public Wire runScope(
      dev.jwire.engine.ScopeOptions options,
      java.util.function.Consumer<? super Scope> body,
      Function<? super Scope, ? extends Wire> after) {
    ScopeImpl child = scope.openChild(options, false, worker);
    try {
      body.accept(child);
    } catch (Throwable t) {
      child.fail(t);
    }
    ScopeWait wait = new ScopeWait(this, child, after);
    pending = wait;
    suspendOn(wait);
    child.seal();
    child.onEnd(wait::scopeEnded);
    return SUSPEND;
  }

  private void suspendOn(PendingWait wait) {
    setState(State.WAITING);
    if (!wait.internal) {
      worker.pendingExternal++;
    }
  }

  /** A wait ended; on this task's thread. */
  void complete(PendingWait wait) {
    if (pending != wait || state() != State.WAITING) {
      return; // stale: the task was cancelled meanwhile
    }
    pending = null;
    if (!wait.internal) {
      worker.pendingExternal--;
    }
    if (cancelFlag) {
      end(State.CANCELLED);
      return;
    }
    resume(wait.value, wait.error);
  }

  /** A task keeps its wheel index from its first sleep to its end: a timer loop re-arms without a reference store. */
  @Override
  boolean holdsTimerIndex() {
    return true;
  }

  @Override
  void fire() {
    if (state() != State.SLEEPING) {
      return;
    }
    if (pending == null) {
      resume(null, null); // a plain sleep ended: its null goes to the frames
      return;
    }
    setState(State.RUNNING); // slept by sleepThen: the next wire is already current
    pending = null;
    runSteps(current);
  }

  // ---------------------------------------------------------------------------------------------
  // Ending

  private void fail(Throwable error) {
    if (state().isTerminal()) {
      worker.core.reportUnhandled(unhandled("failed after it ended", error));
      return;
    }
    Extras e = extras();
    e.endPath = path();
    e.error = error;
    setState(State.FAILED);
    release(error);
    try {
      if (handler == null) {
        scope.taskFailed(this, error);
      } else {
        invokeHandler(error);
      }
    } finally {
      leave();
    }
  }

  private void invokeHandler(Throwable error) {
    try {
      handler.onError(this, error);
    } catch (Throwable handlerError) {
      UnhandledWireException u = unhandled("failed and its error handler threw " + handlerError, error);
      u.addSuppressed(handlerError);
      scope.taskFailed(this, u);
    }
  }

  UnhandledWireException unhandled(String what, Throwable error) {
    StackTraceElement[] site = StartSites.toStackTrace(startSite);
    String where = site.length == 0 ? "" : " (started at " + site[0] + ")";
    String p = path();
    return new UnhandledWireException(
        p,
        "wire '" + p + "' " + what + ": " + error + where
            + ". Give it an error handler with start(wire, handler) to handle its errors.",
        error,
        site);
  }

  private void end(State terminal) {
    setState(terminal);
    release(null);
    leave();
  }

  /** Frees what the task holds: frames, its timer, bound resources (closed in reverse order). */
  private void release(Throwable failure) {
    frames = null;
    current = null;
    pending = null;
    if (timerIndex != 0 && worker.runningByIndex == timerIndex) {
      // the index is given back below: code still running for this task (end listeners) must
      // find it by reference
      worker.runningByIndex = 0;
      worker.runningByReference = this;
    }
    worker.timers.release(this); // a task keeps its timer index from its first sleep to its end
    if (extras != null && extras.resources != null) {
      closeResources(extras.resources, failure);
      extras.resources = null;
    }
  }

  private void closeResources(ArrayList<AutoCloseable> resources, Throwable failure) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Throwable t) {
        if (failure != null) {
          failure.addSuppressed(t);
        } else {
          scope.cleanupFailed(this, t);
        }
      }
    }
  }

  private void leave() {
    notifyEnded();
    worker.core.taskCounted(-1);
    scope.taskEnded(this);
  }

  /** Ends a task that never started (its scope was cancelled while it waited for a slot). */
  void endUnstarted() {
    setState(State.CANCELLED);
    frames = null;
    current = null;
    notifyEnded();
  }

  // ---------------------------------------------------------------------------------------------
  // End listeners (Task.onEnd)

  /**
   * Runs the end listeners once, in registration order. The terminal state is set just before; the
   * fence orders it before the read of {@link #extras}, against {@link #onEnd} which orders its
   * write of {@code extras} before its read of the state: so a registration racing with the end is
   * seen either here or by the registrant, and {@link #END_LISTENERS} decides who runs it.
   */
  private void notifyEnded() {
    VarHandle.fullFence();
    Extras e = (Extras) EXTRAS.getAcquire(this);
    if (e == null) {
      return; // no listener: allocate nothing on the common path
    }
    EndListener[] listeners = (EndListener[]) END_LISTENERS.getAndSet(e, ENDED);
    if (listeners != null && listeners != ENDED) {
      for (EndListener l : listeners) {
        l.run(this);
      }
    }
  }

  @Override
  public Disposable onEnd(Consumer<? super Task> listener) {
    EndListener l = new EndListener(this, Checks.notNull(listener, "listener"));
    if (state().isTerminal()) {
      l.run(this);
      return l;
    }
    Extras e = extras();
    for (; ; ) {
      EndListener[] current = (EndListener[]) END_LISTENERS.getAcquire(e);
      if (current == ENDED) {
        l.run(this);
        return l;
      }
      EndListener[] next = current == null ? new EndListener[] {l} : Arrays.copyOf(current, current.length + 1);
      next[next.length - 1] = l;
      if (END_LISTENERS.compareAndSet(e, current, next)) {
        break;
      }
    }
    if (STATES[(byte) STATE.getVolatile(this)].isTerminal() && removeEndListener(l)) {
      l.run(this); // the task ended without seeing this registration (see notifyEnded)
    }
    return l;
  }

  /** @return whether {@code l} was registered and is now removed (so it will not be run) */
  private boolean removeEndListener(EndListener l) {
    Extras e = extras;
    if (e == null) {
      return false;
    }
    for (; ; ) {
      EndListener[] current = (EndListener[]) END_LISTENERS.getAcquire(e);
      int i = current == null || current == ENDED ? -1 : Arrays.asList(current).indexOf(l);
      if (i < 0) {
        return false;
      }
      EndListener[] next = new EndListener[current.length - 1];
      System.arraycopy(current, 0, next, 0, i);
      System.arraycopy(current, i + 1, next, i, next.length - i);
      if (END_LISTENERS.compareAndSet(e, current, next.length == 0 ? null : next)) {
        return true;
      }
    }
  }

  @Override
  public Throwable error() {
    Extras e = extras;
    return e == null ? null : e.error;
  }

  /** Cancels now; the task's own thread only. */
  void cancelNow() {
    cancelFlag = true;
    switch (state()) {
      case DONE:
      case FAILED:
      case CANCELLED:
      case RUNNING: // takes effect when the running step returns
        return;
      case WAITING:
        PendingWait p = (PendingWait) pending;
        if (!p.cancelWait()) {
          return; // a nested scope is cancelling: the task ends when it has ended
        }
        pending = null;
        if (!p.internal) {
          worker.pendingExternal--;
        }
        break;
      default:
        break; // NEW and RUNNABLE: the queued job sees the end; SLEEPING: release() unschedules
    }
    extras().endPath = path();
    end(State.CANCELLED);
  }

  boolean cancelRequested() {
    return cancelFlag;
  }

  // ---------------------------------------------------------------------------------------------
  // Task and WireContext

  @Override
  public void cancel() {
    if (state().isTerminal()) {
      return;
    }
    if (!launched && scope.cancelQueued(this)) {
      return; // it was waiting for a concurrency slot: it never runs
    }
    if (worker.inLoopThread()) {
      cancelNow();
    } else {
      cancelFlag = true; // seen before the task runs again, even if the job below comes later
      worker.execute(new CancelJob(this));
    }
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    String prefix = scope.path();
    return prefix.isEmpty() ? first.name() + "#" + id : prefix + "/" + first.name() + "#" + id;
  }

  @Override
  public String path() {
    if (extras != null && extras.endPath != null) {
      return extras.endPath;
    }
    ArrayDeque<String> parts = new ArrayDeque<>();
    for (Frame f = frames; f != null; f = f.below) {
      parts.addFirst(f.describe());
    }
    if (sleepsThen()) {
      parts.addLast("then[0]");
    }
    parts.addFirst(name());
    return String.join(" > ", parts);
  }

  @Override
  public State state() {
    return STATES[(byte) STATE.getAcquire(this)];
  }

  private void setState(State s) {
    // a running step is brief; waits are what a dump shows, so only they read the clock
    setState(s, s == State.RUNNING ? 0 : worker.clock.nanoTime());
  }

  private void setState(State s, long now) {
    if (s != State.RUNNING) {
      stateSince = worker.core.millisSinceStart(now);
    }
    STATE.setRelease(this, (byte) s.ordinal());
  }

  int stateSinceMillis() {
    return stateSince;
  }

  long timerDeadline() {
    return deadline;
  }

  String currentWireName() {
    if (sleepsThen()) {
      // the sleep wire is gone; its length, to the millisecond, from when the sleep began
      long began = worker.core.nanosAtMillisSinceStart(stateSince);
      return "sleep " + Duration.ofMillis(Math.max(0, Math.round((deadline - began) / 1e6)));
    }
    Wire w = current;
    return w == null ? "-" : w.name();
  }

  /** @return whether the task sleeps by {@link #sleepThen} (read racily by dumps: a snapshot) */
  private boolean sleepsThen() {
    return pending == this && state() == State.SLEEPING;
  }

  @Override
  public boolean isDaemon() {
    return daemon;
  }

  @Override
  public EventLoop loop() {
    return worker.core.facade;
  }

  @Override
  public Task task() {
    return this;
  }

  @Override
  public Scope scope() {
    return scope;
  }

  @Override
  public Task start(Wire wire) {
    return worker.core.startChild(wire, null, this, false);
  }

  @Override
  public Task start(Wire wire, WireErrorHandler handler) {
    return worker.core.startChild(wire, Checks.notNull(handler, "handler"), this, false);
  }

  @Override
  public Task startDaemon(Wire wire) {
    return worker.core.startChild(wire, null, this, true);
  }

  @Override
  public <R extends AutoCloseable> R bind(R resource) {
    Checks.notNull(resource, "resource");
    if (state().isTerminal()) {
      throw new IllegalStateException("wire '" + path() + "' has ended: bind resources while it runs");
    }
    Extras e = extras();
    if (e.resources == null) {
      e.resources = new ArrayList<>(2);
    }
    e.resources.add(resource);
    return resource;
  }

  @Override
  public void setResult(Object value) {
    extras().result = value;
  }

  @Override
  public Object result() {
    return extras == null ? null : extras.result;
  }

  @Override
  public Scheduler scheduler() {
    return worker.scheduler;
  }

  WireErrorHandler handler() {
    return handler;
  }

  Object startSite() {
    return startSite;
  }

  @Override
  public String toString() {
    return "Task[" + path() + ", " + state() + "]";
  }

  /** Cancels a task from another thread, on the task's own thread. */
  private static final class CancelJob extends LoopJob {
    private final TaskImpl task;

    CancelJob(TaskImpl task) {
      this.task = task;
    }

    @Override
    public void runJob() {
      task.cancelNow();
    }
  }

  /** A registration of {@link #onEnd}: runs its listener at most once; disposing unregisters it. */
  private static final class EndListener implements Disposable {
    private final TaskImpl owner;
    private final Consumer<? super Task> listener;
    private volatile boolean finished;

    EndListener(TaskImpl owner, Consumer<? super Task> listener) {
      this.owner = owner;
      this.listener = listener;
    }

    void run(TaskImpl task) {
      if (finished) {
        return;
      }
      finished = true;
      try {
        listener.accept(task);
      } catch (Throwable t) {
        task.worker.core.logUncaught("an end listener (Task.onEnd) of wire '" + task.path() + "' threw", t);
      }
    }

    @Override
    public void dispose() {
      if (!finished) {
        finished = true;
        owner.removeEndListener(this);
      }
    }

    @Override
    public boolean isDisposed() {
      return finished;
    }
  }

  /** A marker wire that the runner recognises by identity; never run. */
  private static final class Sentinel implements Wire {
    private final String name;

    private Sentinel(String name) {
      this.name = name;
    }

    static Wire of(String name) {
      return new Sentinel(name);
    }

    @Override
    public Mono<Wire> run(WireContext ctx) {
      throw new IllegalStateException("internal marker " + name + " must not be run");
    }

    @Override
    public String name() {
      return name;
    }
  }
}
