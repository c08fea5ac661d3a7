package dev.jwire.engine.internal;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.UnhandledWireException;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.WireErrorHandler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import org.reactivestreams.Publisher;
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
 *   <li>an asynchronous wait answers {@link #SUSPEND}: the pass ends, and the completion, always
 *       delivered as a job on this task's own worker, resumes the task with its result.
 * </ol>
 *
 * <p>So a chain of synchronous steps runs in a loop, in constant stack, allocating nothing of its
 * own. After {@code stepBudget} steps the task yields its thread (re-queues itself) so that others
 * run. Every field is touched only by the worker's thread, except {@link #state}, published for
 * snapshots.
 *
 * <p>The task is also its own timer node: a sleeping task costs no object besides itself.
 */
public final class TaskImpl extends TimerNode implements Task, WireContext {
  /** Step result: a combinator descended into {@link #current}. */
  public static final Wire CONTINUE = Sentinel.of("CONTINUE");
  /** Step result: the task waits; it will be resumed. */
  public static final Wire SUSPEND = Sentinel.of("SUSPEND");

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(TaskImpl.class, "state", State.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final LoopWorker worker;
  private final long id;
  private final Wire first;
  private final WireErrorHandler handler;
  private final Object startSite;
  /** The wire running or to run next. */
  Wire current;
  private Frame frames;
  @SuppressWarnings("unused") // accessed through STATE
  private State state = State.NEW;
  private AsyncStep pending;
  private boolean cancelRequested;
  private String endPath;
  private final int generation;
  TaskImpl prevLive;
  TaskImpl nextLive;

  TaskImpl(LoopWorker worker, long id, Wire first, WireErrorHandler handler, Object startSite, int generation) {
    this.worker = worker;
    this.generation = generation;
    this.id = id;
    this.first = first;
    this.current = first;
    this.handler = handler;
    this.startSite = startSite;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  @Override
  public void runJob() {
    State s = state();
    if (s == State.NEW) {
      worker.register(this);
      if (generation != worker.core.cancelGeneration()) {
        cancelNow(); // everything was cancelled after this task was started
        return;
      }
    } else if (s != State.RUNNABLE) {
      return; // cancelled while queued
    }
    setState(State.RUNNING);
    runSteps(current);
  }

  private void runSteps(Wire w) {
    int budget = worker.stepBudget;
    try {
      for (; ; ) {
        current = w;
        Wire r = w instanceof StepWire ? ((StepWire) w).step(this) : runPublic(w);
        if (r == CONTINUE) {
          w = current; // entering a combinator is not a step of its own: no budget, no check
          continue;
        } else if (r == SUSPEND) {
          if (cancelRequested) {
            cancelNow();
          }
          return;
        } else {
          w = unwind(r);
          if (w == null) {
            end(State.DONE);
            return;
          }
        }
        if (cancelRequested) {
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

  /** Resumes after a timer or an asynchronous completion with the result of the waiting step. */
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
    long deadline = now + Math.min(nanos, Long.MAX_VALUE / 4);
    worker.timers.add(this, deadline);
    setState(State.SLEEPING);
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
    worker.subscribing = step; // a loop timer armed during subscribe marks the wait as timer-bound
    try {
      source.subscribe(step);
    } finally {
      worker.subscribing = outer;
    }
    if (step.suspend()) {
      setState(State.WAITING);
      if (!step.loopTimed) {
        worker.pendingExternal++;
      }
      return SUSPEND;
    }
    pending = null;
    if (step.error != null) {
      throw step.error;
    }
    return step.value instanceof Wire ? (Wire) step.value : null;
  }

  /** An asynchronous completion arrived on this task's thread. */
  void complete(AsyncStep step) {
    if (pending != step || state() != State.WAITING) {
      return; // stale: the task was cancelled meanwhile
    }
    pending = null;
    if (!step.loopTimed) {
      worker.pendingExternal--;
    }
    resume(step.value, step.error);
  }

  @Override
  void fire() {
    if (state() == State.SLEEPING) {
      resume(null, null);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ending

  private void fail(Throwable error) {
    if (state().isTerminal()) {
      worker.core.reportUnhandled(unhandled("failed after it ended", error));
      return;
    }
    endPath = path();
    setState(State.FAILED);
    release();
    try {
      if (handler == null) {
        worker.core.reportUnhandled(unhandled("failed and has no error handler", error));
      } else {
        invokeHandler(error);
      }
    } finally {
      worker.core.taskEnded();
    }
  }

  private void invokeHandler(Throwable error) {
    try {
      handler.onError(this, error);
    } catch (Throwable handlerError) {
      UnhandledWireException u = unhandled("failed and its error handler threw " + handlerError, error);
      u.addSuppressed(handlerError);
      worker.core.reportUnhandled(u);
    }
  }

  private UnhandledWireException unhandled(String what, Throwable error) {
    StackTraceElement[] site = StartSites.toStackTrace(startSite);
    String where = site.length == 0 ? "" : " (started at " + site[0] + ")";
    return new UnhandledWireException(
        pathForMessage(),
        "wire '" + pathForMessage() + "' " + what + ": " + error + where
            + ". Give it an error handler with start(wire, handler) to handle its errors.",
        error,
        site);
  }

  private String pathForMessage() {
    return endPath != null ? endPath : path();
  }

  private void end(State terminal) {
    setState(terminal);
    release();
    worker.core.taskEnded();
  }

  private void release() {
    frames = null;
    current = null;
    if (isScheduled()) {
      worker.timers.remove(this);
    }
    worker.unregister(this);
  }

  /** Cancels now; the task's own thread only. */
  void cancelNow() {
    switch (state()) {
      case DONE:
      case FAILED:
      case CANCELLED:
        return;
      case RUNNING:
        cancelRequested = true; // takes effect when the running step returns
        return;
      case WAITING:
        AsyncStep p = pending;
        pending = null;
        if (!p.loopTimed) {
          worker.pendingExternal--;
        }
        p.cancel();
        break;
      default:
        break; // NEW and RUNNABLE: the queued job sees the state; SLEEPING: release() unschedules
    }
    endPath = path();
    end(State.CANCELLED);
  }

  // ---------------------------------------------------------------------------------------------
  // Task and WireContext

  @Override
  public void cancel() {
    if (worker.inLoopThread()) {
      cancelNow();
    } else if (!state().isTerminal()) {
      worker.execute(new CancelJob(this));
    }
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return first.name() + "#" + id;
  }

  @Override
  public String path() {
    if (endPath != null) {
      return endPath;
    }
    ArrayDeque<String> parts = new ArrayDeque<>();
    for (Frame f = frames; f != null; f = f.below) {
      parts.addFirst(f.describe());
    }
    parts.addFirst(name());
    return String.join(" > ", parts);
  }

  @Override
  public State state() {
    return (State) STATE.getAcquire(this);
  }

  private void setState(State s) {
    STATE.setRelease(this, s);
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
  public Task start(Wire wire) {
    return worker.core.startChild(wire, null, this);
  }

  @Override
  public Task start(Wire wire, WireErrorHandler handler) {
    return worker.core.startChild(wire, Checks.notNull(handler, "handler"), this);
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
