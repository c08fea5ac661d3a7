package dev.jwire.engine.internal;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.LoopClosedException;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.StartSiteCapture;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireErrorHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The machinery behind {@link EventLoop}: workers and their drivers, the count of live tasks,
 * unhandled failures, runs with deadlines, and shutdown.
 *
 * <p>A run ends when no task is live. Failures without a handler are fail-fast: the first one
 * cancels every task, and the run that ends throws it, later ones attached as suppressed.
 */
public final class LoopCore {
  final EventLoop facade;
  final String name;
  final LoopClock clock;
  final boolean autoAdvance;
  final long autoAdvanceGraceNanos;
  private final LoopConfig config;
  private final LoopWorker[] workers;
  private final LoopThread[] threads;
  private static final System.Logger LOG = System.getLogger("dev.jwire.engine");
  private final ScopeImpl root;
  private final AtomicLong live = new AtomicLong();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger nextWorker = new AtomicInteger();
  private final AtomicLong started = new AtomicLong();
  private final CopyOnWriteArrayList<Runnable> quiescenceListeners = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private final AtomicInteger activeRuns = new AtomicInteger();
  private final StallWatchdog watchdog;
  private volatile boolean stopping;
  private volatile boolean closed;

  /**
   * @param facade the public loop
   * @param config validated settings
   */
  public LoopCore(EventLoop facade, LoopConfig config) {
    this.facade = facade;
    this.config = config;
    this.name = config.name();
    this.clock =
        config.virtualOrigin() == null
            ? new LoopClock.SystemClock()
            : new LoopClock.VirtualClock(config.virtualOrigin());
    this.startNanos = clock.nanoTime();
    this.autoAdvance = config.autoAdvance();
    long grace = Checks.toNanosSaturated(config.autoAdvanceGrace());
    this.autoAdvanceGraceNanos = grace == 0 ? 1 : Math.min(grace, Long.MAX_VALUE - 1);
    this.root = ScopeImpl.root(this, ScopeOptions.defaults().named("root"));
    this.workers = new LoopWorker[config.threads()];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new LoopWorker(this, i, config.stepBudget());
    }
    if (config.executor() != null) {
      workers[0].setDriver(new ExecutorDriver(config.executor()));
    }
    this.watchdog =
        config.stallThreshold() == null
            ? null
            : new StallWatchdog(
                this, workers, config.stallThreshold(),
                config.onStall() != null ? config.onStall() : r -> LOG.log(System.Logger.Level.WARNING, r.describe()));
    this.threads = new LoopThread[config.manual() || config.executor() != null ? 0 : workers.length];
    for (int i = 0; i < threads.length; i++) {
      LoopWorker w = workers[i];
      threads[i] =
          new LoopThread(
              () -> {
                try {
                  w.drive(() -> stopping);
                } finally {
                  w.closeIo();
                }
              },
              name + "-" + i);
      threads[i].start();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Starting

  /** Starts a task in the root scope (from outside any wire, or from a wire on its own worker). */
  public Task start(Wire wire, WireErrorHandler handler, boolean daemon) {
    return startIn(root, Checks.notNull(wire, "wire"), handler, daemon, null);
  }

  /** Starts a task in {@code scope}, on the calling loop thread's worker or the next in turn. */
  Task startIn(ScopeImpl scope, Wire wire, WireErrorHandler handler, boolean daemon, Object inheritedSite) {
    LoopWorker w = currentWorker();
    if (w == null) {
      w = workers[workers.length == 1 ? 0 : Math.floorMod(nextWorker.getAndIncrement(), workers.length)];
    }
    Object site = null;
    if (handler == null) {
      site = inheritedSite != null ? inheritedSite : StartSites.capture(config.startSites());
      if (site == null && w.inLoopThread()) {
        TaskImpl running = w.runningTask();
        if (running != null) {
          site = running.startSite(); // started by library code within a step: the step's task's site
        }
      }
    }
    return launch(scope, w, wire, handler, site, daemon);
  }

  TaskImpl startChild(Wire wire, WireErrorHandler handler, TaskImpl parent, boolean daemon) {
    Checks.notNull(wire, "wire");
    Object site = null;
    if (handler == null) {
      site = config.startSites() == StartSiteCapture.FULL ? StartSites.capture(StartSiteCapture.FULL) : parent.startSite();
    }
    return launch(parent.scope, parent.worker, wire, handler, site, daemon);
  }

  void startSibling(Wire successor, TaskImpl parent) {
    launch(parent.scope, parent.worker, successor, parent.handler(), parent.startSite(), parent.daemon);
  }

  private TaskImpl launch(ScopeImpl scope, LoopWorker w, Wire wire, WireErrorHandler handler, Object site, boolean daemon) {
    if (closed) {
      throw new LoopClosedException(
          "event loop '" + name + "' is closed: start() is not allowed after close()");
    }
    TaskImpl task = new TaskImpl(w, scope, ids.incrementAndGet(), wire, handler, site, daemon);
    live.incrementAndGet();
    started.incrementAndGet();
    try {
      scope.launch(task);
    } catch (RuntimeException e) {
      live.decrementAndGet();
      throw e;
    }
    return task;
  }

  private LoopWorker currentWorker() {
    for (LoopWorker w : workers) {
      if (w.inLoopThread()) {
        return w;
      }
    }
    return null;
  }

  boolean isLoopThread() {
    return currentWorker() != null;
  }

  /** Opens a scope from plain code, nested in the root. */
  public ScopeImpl openScope(ScopeOptions options) {
    checkOpen("openScope()");
    LoopWorker w = currentWorker();
    return root.openChild(options, true, w != null ? w : workers[0]);
  }

  public ScopeImpl root() {
    return root;
  }

  // ---------------------------------------------------------------------------------------------
  // Ending

  void taskCounted(int delta) {
    live.addAndGet(delta);
  }

  /** The root's work is done: wake the runs waiting for it. */
  void rootQuiescent() {
    for (Runnable l : quiescenceListeners) {
      l.run();
    }
  }

  void reportUnhandled(Throwable error) {
    synchronized (failures) {
      failures.add(error);
    }
    cancelAll();
  }

  /** Reports an error that has nowhere else to go, without stopping anything. */
  void logUncaught(String what, Throwable error) {
    LOG.log(System.Logger.Level.ERROR, "jwire loop '" + name + "': " + what, error);
  }

  /** Cancels every task of every scope, on each task's own thread (at once for the calling thread's). */
  public void cancelAll() {
    root.cancel();
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Runs until no task is live, or until {@code timeoutNanos} passes on the loop clock and the
   * rest is cancelled.
   *
   * @param timeoutNanos the limit, or a negative number for none
   * @return true if every task ended by itself, false if the deadline cancelled some
   */
  public boolean run(long timeoutNanos) {
    checkOpen("run()");
    checkNotOnLoopThread("run()");
    LoopDeadline deadline = timeoutNanos < 0 ? null : LoopDeadline.arm(workers[0], timeoutNanos, this::cancelAll);
    enterRun();
    try {
      if (config.manual()) {
        workers[0].drive(root::isQuiescent);
      } else {
        awaitQuiescence();
      }
    } finally {
      activeRuns.decrementAndGet();
      if (deadline != null) {
        deadline.disarm();
      }
    }
    throwFailures();
    return deadline == null || !deadline.fired();
  }

  private void awaitQuiescence() {
    Thread me = Thread.currentThread();
    Runnable wake = () -> LockSupport.unpark(me);
    quiescenceListeners.add(wake);
    boolean interrupted = false;
    try {
      while (!root.isQuiescent()) {
        LockSupport.park(this);
        if (Thread.interrupted() && !interrupted) {
          interrupted = true; // an interrupted run cancels its tasks and still waits for their end
          cancelAll();
        }
      }
    } finally {
      quiescenceListeners.remove(wake);
      if (interrupted) {
        me.interrupt();
      }
    }
  }

  /** The non-blocking form of {@link #run(long)}. */
  public Mono<Boolean> runAsync(long timeoutNanos) {
    return Mono.defer(
        () -> {
          checkOpen("runAsync()");
          if (config.manual()) {
            throw new IllegalStateException(
                "event loop '" + name + "' is manual: drive it with run() or runUntilIdle() on the calling"
                    + " thread; runAsync() needs a loop with threads or an executor");
          }
          LoopDeadline deadline =
              timeoutNanos < 0 ? null : LoopDeadline.arm(workers[0], timeoutNanos, this::cancelAll);
          Sinks.One<Boolean> result = Sinks.one();
          Runnable check =
              () -> {
                if (root.isQuiescent()) {
                  Throwable f = takeFailures();
                  if (f != null) {
                    result.tryEmitError(f);
                  } else {
                    result.tryEmitValue(deadline == null || !deadline.fired());
                  }
                }
              };
          quiescenceListeners.add(check);
          enterRun();
          check.run();
          return result
              .asMono()
              .doFinally(
                  s -> {
                    activeRuns.decrementAndGet();
                    quiescenceListeners.remove(check);
                    if (deadline != null) {
                      deadline.disarm();
                    }
                  });
        });
  }

  /**
   * Marks a run in progress. Virtual time moves only while someone runs the loop, so a test's
   * deadline is in place before time jumps.
   */
  private void enterRun() {
    if (activeRuns.getAndIncrement() == 0 && clock.isVirtual()) {
      for (LoopWorker w : workers) {
        w.wake();
      }
    }
  }

  /** @return whether a run, runAsync or close is in progress */
  boolean isRunning() {
    return activeRuns.get() > 0;
  }

  private void throwFailures() {
    Throwable f = takeFailures();
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    }
    if (f instanceof Error) {
      throw (Error) f;
    }
  }

  private Throwable takeFailures() {
    synchronized (failures) {
      if (failures.isEmpty()) {
        return null;
      }
      Throwable first = failures.get(0);
      for (int i = 1; i < failures.size(); i++) {
        first.addSuppressed(failures.get(i));
      }
      failures.clear();
      return first;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Manual driving and virtual time

  /** Runs what is runnable now on the calling thread (manual loops). */
  public int runUntilIdle() {
    requireManual("runUntilIdle()");
    LoopWorker w = workers[0];
    Thread previous = w.enterDriver();
    try {
      return w.runUntilIdle();
    } finally {
      w.exitDriver(previous);
    }
  }

  /** Runs one job (one step of one task) on the calling thread (manual loops). */
  public boolean runOneStep() {
    requireManual("runOneStep()");
    LoopWorker w = workers[0];
    Thread previous = w.enterDriver();
    try {
      return w.runOneStep();
    } finally {
      w.exitDriver(previous);
    }
  }

  /** Advances virtual time, running everything due on the way. */
  public void advanceTimeBy(long nanos) {
    onVirtualWorker(w -> w.advanceBy(nanos));
  }

  /** Jumps virtual time without stopping at timers, then runs what is due. */
  public void jumpTimeBy(long nanos) {
    onVirtualWorker(w -> {
      LoopClock.VirtualClock vc = (LoopClock.VirtualClock) clock;
      vc.advanceTo(vc.nanoTime() + nanos);
      w.runUntilIdle();
    });
  }

  /** Runs {@code action} as the virtual-time worker's driver: here if manual, else on its thread, waiting. */
  private void onVirtualWorker(java.util.function.Consumer<LoopWorker> action) {
    if (!clock.isVirtual()) {
      throw new IllegalStateException(
          "event loop '" + name + "' runs on the system clock: build it with virtualTime() to move time");
    }
    LoopWorker w = workers[0];
    if (config.manual() || w.inLoopThread()) {
      Thread previous = w.enterDriver();
      try {
        action.accept(w);
      } finally {
        w.exitDriver(previous);
      }
      return;
    }
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    w.execute(
        new LoopJob() {
          @Override
          public void runJob() {
            try {
              action.accept(w);
            } finally {
              done.countDown();
            }
          }
        });
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void requireManual(String what) {
    if (!config.manual()) {
      throw new IllegalStateException(
          what + " needs a manual loop (EventLoop.builder().manual()): event loop '" + name
              + "' has threads of its own");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  /** Runs to completion (or the close timeout), cancels the rest, stops the threads. Idempotent. */
  public void close() {
    if (closed) {
      return;
    }
    if (currentWorker() != null) {
      closed = true; // closing from a step: cannot wait for ourselves
      cancelAll();
      stopThreads(false);
      return;
    }
    try {
      run(config.closeTimeout() == null ? -1 : Checks.toNanosSaturated(config.closeTimeout()));
    } finally {
      closed = true;
      cancelAll(); // daemons, and whatever a failed run left
      awaitNoLiveTask();
      stopThreads(true);
    }
  }

  private void awaitNoLiveTask() {
    if (config.manual()) {
      workers[0].drive(() -> live.get() == 0);
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (live.get() != 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // only at close: cancellations in flight
    }
  }

  /** Blocks until {@code scope} has ended; drives a manual loop on the calling thread. */
  void awaitScope(ScopeImpl scope) {
    if (config.manual()) {
      enterRun();
      try {
        workers[0].drive(scope::isDone);
      } finally {
        activeRuns.decrementAndGet();
      }
      return;
    }
    Thread me = Thread.currentThread();
    scope.onEnd(() -> LockSupport.unpark(me));
    enterRun();
    try {
      while (!scope.isDone()) {
        LockSupport.park(scope);
      }
    } finally {
      activeRuns.decrementAndGet();
    }
  }

  private void stopThreads(boolean join) {
    stopping = true;
    if (watchdog != null) {
      watchdog.stop();
    }
    for (LoopWorker w : workers) {
      w.wake();
    }
    if (threads.length == 0) {
      for (LoopWorker w : workers) {
        w.closeIo(); // no loop thread of ours will: a manual or executor-driven loop
      }
    }
    for (LoopThread t : threads) {
      LockSupport.unpark(t);
      if (join) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  boolean isStopping() {
    return stopping;
  }

  public boolean isClosed() {
    return closed;
  }

  private void checkOpen(String what) {
    if (closed) {
      throw new LoopClosedException("event loop '" + name + "' is closed: " + what + " is not allowed after close()");
    }
  }

  private void checkNotOnLoopThread(String what) {
    if (currentWorker() != null) {
      throw new IllegalStateException(
          what + " called on a thread of event loop '" + name + "': it would wait for itself."
              + " Use runAsync() or start the work with ctx.start(wire)");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection

  /** The loop's start on its own clock, for compact timestamps. */
  private final long startNanos;

  /** @return loop-clock milliseconds from the loop's start to {@code nanos}, as an int (24 days wrap) */
  int millisSinceStart(long nanos) {
    return (int) ((nanos - startNanos) / 1_000_000L);
  }

  /** @return the clock reading at {@code millis} of {@link #millisSinceStart} */
  long nanosAtMillisSinceStart(int millis) {
    return startNanos + millis * 1_000_000L;
  }

  public dev.jwire.engine.LoopDump dump() {
    return Dumps.of(this);
  }

  public long liveTasks() {
    return live.get();
  }

  public long startedTasks() {
    return started.get();
  }

  public LoopClock clock() {
    return clock;
  }

  public LoopScheduler scheduler() {
    LoopWorker w = currentWorker();
    return (w != null ? w : workers[0]).scheduler;
  }

  public LoopConfig config() {
    return config;
  }

  public int threadCount() {
    return workers.length;
  }
}
