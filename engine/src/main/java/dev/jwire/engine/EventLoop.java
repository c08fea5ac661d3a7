package dev.jwire.engine;

import dev.jwire.engine.internal.Checks;
import dev.jwire.engine.internal.LoopConfig;
import dev.jwire.engine.internal.LoopCore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs wires: each {@link #start started} wire becomes a {@link Task} whose steps run one after
 * another on one loop thread, each step yielding the next.
 *
 * <pre>{@code
 * try (EventLoop loop = EventLoop.builder().timeout(Duration.ofSeconds(1)).build()) {
 *   loop.start(showEvent);
 *   loop.start(showEvent);
 * } // close(): runs until both end or the second passes, then cancels the rest
 * }</pre>
 *
 * <pre>{@code
 *   build() ──▶ start(...) ... ──▶ run() / run(timeout) / runAsync() ──▶ close()
 *                  ▲                         │ (runs may repeat)        │
 *                  └─────────────────────────┘                          ▼ closed: start() fails
 * }</pre>
 *
 * <p><b>Threading.</b> One loop thread by default; {@link Builder#threads(int) N threads} with
 * every task pinned to one of them; a user's {@link Builder#executor(Executor) executor}; or
 * {@link Builder#manual() manual}, driven by the caller. Steps never run on timer or I/O threads:
 * asynchronous results hop back to the task's own thread. {@link #start} may be called from any
 * thread; a wire started from a step stays on that step's thread.
 *
 * <p><b>Timing.</b> All time goes through the loop's clock, which may be {@link
 * Builder#virtualTime() virtual}, per loop, without Reactor's global hooks.
 *
 * <p><b>Errors.</b> A task without an error handler that fails stops the run: every task is
 * cancelled and {@link #run()} throws an {@link UnhandledWireException} naming the wire's path,
 * with the {@code start} call site as its stack trace; later failures are attached as suppressed.
 * Nothing is swallowed.
 *
 * <p><b>Cancellation.</b> A run's timeout, {@link #cancelAll()} and {@link #close()} cancel tasks:
 * no further step of theirs runs, their pending timers and subscriptions are cancelled.
 */
public final class EventLoop implements AutoCloseable {
  private final LoopCore core;

  private EventLoop(LoopConfig config) {
    this.core = new LoopCore(this, config);
  }

  /** @return a loop with one thread, the system clock and no close timeout */
  public static EventLoop create() {
    return builder().build();
  }

  /** @return a builder for a loop with other settings */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // Starting

  /**
   * Starts {@code wire} as a new task. Its errors, if it has no handler, fail the run.
   *
   * @param wire the first state of the task
   * @return the task
   * @throws IllegalArgumentException if {@code wire} is null
   * @throws LoopClosedException if the loop is closed
   */
  public Task start(Wire wire) {
    return core.start(wire, null, false);
  }

  /**
   * Starts {@code wire} as a new task whose error, if any, goes to {@code handler}, once.
   *
   * @param wire the first state of the task
   * @param handler receives the task's error
   * @return the task
   * @throws IllegalArgumentException if an argument is null
   * @throws LoopClosedException if the loop is closed
   */
  public Task start(Wire wire, WireErrorHandler handler) {
    return core.start(wire, Checks.notNull(handler, "handler"), false);
  }

  /**
   * Starts {@code wire} as a daemon task (ayo's {@code dont_hold_exit}): runs do not wait for it;
   * {@link #close()} cancels it.
   *
   * @param wire the first state of the task
   * @return the task
   */
  public Task startDaemon(Wire wire) {
    return core.start(wire, null, true);
  }

  /**
   * Opens a scope from plain code, nested in the loop's root scope. Use it in try-with-resources:
   * {@link Scope#close()} waits until its tasks have ended (driving a manual loop), then raises
   * its fail-fast failure, if any.
   *
   * <pre>{@code
   * try (Scope batch = loop.openScope(ScopeOptions.defaults().named("batch").maxConcurrency(10))) {
   *   for (Wire job : jobs) batch.start(job);
   * } // every job has ended here
   * }</pre>
   *
   * @param options the scope's options
   * @return the open scope
   */
  public Scope openScope(ScopeOptions options) {
    return core.openScope(Checks.notNull(options, "options"));
  }

  /** @return the loop's root scope: every task started with {@link #start} belongs to it */
  public Scope rootScope() {
    return core.root();
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * Blocks until every task has ended.
   *
   * @throws UnhandledWireException if a task without a handler failed, or a handler threw
   * @throws IllegalStateException if called on one of this loop's threads (it would wait for itself)
   * @throws LoopClosedException if the loop is closed
   */
  public void run() {
    core.run(-1);
  }

  /**
   * Blocks until every task has ended or {@code timeout} has passed on the loop's clock; then
   * cancels the tasks that remain (aiowire's {@code EventLoop(timeout)}).
   *
   * @param timeout the limit; zero or more
   * @return true if every task ended by itself, false if the timeout cancelled some
   * @throws UnhandledWireException if a task without a handler failed, or a handler threw
   */
  public boolean run(Duration timeout) {
    return core.run(Checks.toNanosSaturated(Checks.notNegative(timeout, "timeout")));
  }

  /**
   * The non-blocking form of {@link #run()}, for use inside Reactor applications. Waiting starts
   * on subscription.
   *
   * @return a {@code Mono} that completes when every task has ended, or fails with the first
   *     unhandled error
   */
  public Mono<Void> runAsync() {
    return core.runAsync(-1).then();
  }

  /**
   * The non-blocking form of {@link #run(Duration)}.
   *
   * @param timeout the limit, on the loop's clock
   * @return {@code true} if every task ended by itself, {@code false} if the timeout cancelled some
   */
  public Mono<Boolean> runAsync(Duration timeout) {
    return core.runAsync(Checks.toNanosSaturated(Checks.notNegative(timeout, "timeout")));
  }

  /**
   * Cancels every task. Returns at once; each task is cancelled on its own thread.
   */
  public void cancelAll() {
    core.cancelAll();
  }

  /**
   * Runs until every task has ended or the builder's {@link Builder#timeout(Duration) timeout}
   * passes, cancels what remains, and stops the loop's threads (Python's {@code async with
   * EventLoop(timeout)}). Idempotent. Called from a step, it cancels everything and returns.
   *
   * @throws UnhandledWireException if a task without a handler failed
   */
  @Override
  public void close() {
    core.close();
  }

  /** @return whether {@link #close()} has been called */
  public boolean isClosed() {
    return core.isClosed();
  }

  // ---------------------------------------------------------------------------------------------
  // Time

  /** @return the loop clock's monotonic nanoseconds; only differences are meaningful */
  public long nanoTime() {
    return core.clock().nanoTime();
  }

  /** @return the loop clock's wall-clock time (virtual in a virtual-time loop) */
  public Instant instant() {
    return core.clock().instant();
  }

  /** @return whether this loop runs in virtual time */
  public boolean isVirtualTime() {
    return core.clock().isVirtual();
  }

  /**
   * A Reactor {@link Scheduler} on this loop's thread and clock; from a step, that step's thread.
   * Reactor operators given it run their timed work on the loop ({@code Mono.delay(d,
   * loop.scheduler())}). Disposing it does nothing: {@link #close()} owns the threads.
   *
   * @return the scheduler
   */
  public Scheduler scheduler() {
    return core.scheduler();
  }

  /**
   * Moves virtual time forward by {@code delta}, stopping at every timer on the way and running
   * what becomes runnable, as if the time had passed. A day-long job loop runs in milliseconds.
   * On a loop with its own thread, returns when the thread has done so.
   *
   * @param delta how far to move; zero or more
   * @throws IllegalStateException if the loop runs on the system clock
   */
  public void advanceTimeBy(Duration delta) {
    core.advanceTimeBy(Checks.toNanosSaturated(Checks.notNegative(delta, "delta")));
  }

  /**
   * Moves virtual time forward by {@code delta} at once, <em>without</em> stopping at the timers
   * on the way, then runs what is due: the timers fire late, all together, as after a stalled loop
   * (a long GC pause, a blocked thread). For testing misfire handling; {@link #advanceTimeBy}
   * is the faithful passage of time.
   *
   * @param delta how far to jump; zero or more
   * @throws IllegalStateException if the loop runs on the system clock
   */
  public void jumpTimeBy(Duration delta) {
    core.jumpTimeBy(Checks.toNanosSaturated(Checks.notNegative(delta, "delta")));
  }

  // ---------------------------------------------------------------------------------------------
  // Manual driving

  /**
   * Runs, on the calling thread, everything runnable now: queued steps and due timers, until
   * none is left. Does not wait for time to pass. Manual loops only.
   *
   * @return the number of jobs run
   * @throws IllegalStateException if the loop has threads of its own
   */
  public int runUntilIdle() {
    return core.runUntilIdle();
  }

  /**
   * Runs one step of one task (or fires one due timer) on the calling thread. Manual loops only.
   *
   * @return whether there was anything to run
   * @throws IllegalStateException if the loop has threads of its own
   */
  public boolean runOneStep() {
    return core.runOneStep();
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection

  /**
   * A snapshot of the loop's scopes and tasks: what asyncframes' frame hierarchy looks like from
   * outside. {@code dump().toText()} prints it as a tree; Jackson writes it as JSON.
   *
   * <pre>
   * loop 'jobs' at 1970-01-01T00:00:02.500Z, 3 live tasks
   * └─ scope (root)
   *    ├─ poller#1  SLEEPING 0.500s (timer in 0.500s)  wire=sleep PT1S  started at Jobs.main(Jobs.java:21)
   *    └─ scope batch queued=8
   *       └─ batch/fetch#7 > then[0]  WAITING 1.200s  wire=fetch
   * </pre>
   *
   * <p><b>Threading.</b> Any thread; never blocks the loop.
   *
   * @return the snapshot
   */
  public LoopDump dump() {
    return core.dump();
  }

  /** @return the loop's name */
  public String name() {
    return core.config().name();
  }

  /** @return the number of tasks started and not yet ended */
  public long liveTasks() {
    return core.liveTasks();
  }

  /** @return the number of tasks started since the loop was built */
  public long startedTasks() {
    return core.startedTasks();
  }

  /** @return the number of loop threads (workers) */
  public int threads() {
    return core.threadCount();
  }

  @Override
  public String toString() {
    return "EventLoop[" + name() + ", live=" + liveTasks() + (isClosed() ? ", closed" : "") + "]";
  }

  /**
   * Settings for an {@link EventLoop}. Defaults: one thread of its own, the system clock, no close
   * timeout, {@link StartSiteCapture#CALLER} start sites, a step budget of 1024.
   */
  public static final class Builder {
    private String name = "jwire";
    private int threads = 1;
    private Executor executor;
    private boolean manual;
    private Instant virtualOrigin;
    private boolean autoAdvance = true;
    private Duration autoAdvanceGrace = Duration.ofMillis(20);
    private Duration timeout;
    private StartSiteCapture startSites = StartSiteCapture.CALLER;
    private int stepBudget = 1024;
    private Duration stallThreshold;
    private java.util.function.Consumer<StallReport> onStall;

    private Builder() {}

    /**
     * @param name the loop's name, also its threads' name prefix; not blank
     * @return this builder
     */
    public Builder name(String name) {
      Checks.argument(name != null && !name.isBlank(), "name : " + name + " (expected: not blank)");
      this.name = name;
      return this;
    }

    /**
     * @param n the number of loop threads; each task is pinned to one (round robin for tasks
     *     started from outside, the starter's thread for tasks started by a step); at least 1
     * @return this builder
     */
    public Builder threads(int n) {
      this.threads = Checks.atLeast(n, 1, "threads");
      return this;
    }

    /**
     * Runs the loop on {@code executor} instead of threads of its own (a UI thread, say). Steps
     * never overlap, even on a multi-threaded executor.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Checks.notNull(executor, "executor");
      return this;
    }

    /**
     * No threads of its own: the caller drives the loop with {@link #run()}, {@link
     * #runUntilIdle()}, {@link #runOneStep()} and {@link #advanceTimeBy}. For tests and for
     * embedding in another loop.
     *
     * @return this builder
     */
    public Builder manual() {
      this.manual = true;
      return this;
    }

    /**
     * Virtual time starting at the epoch; see {@link #virtualTime(Instant)}.
     *
     * @return this builder
     */
    public Builder virtualTime() {
      return virtualTime(Instant.EPOCH);
    }

    /**
     * Virtual time: the loop's clock moves only when the loop is idle and jumps to its next timer
     * (see {@link #autoAdvance(boolean)}), or through {@link #advanceTimeBy}. One loop thread (or
     * manual). Other loops and Reactor's global schedulers are not affected.
     *
     * @param origin the wall-clock instant at which virtual time starts
     * @return this builder
     */
    public Builder virtualTime(Instant origin) {
      this.virtualOrigin = Checks.notNull(origin, "origin");
      return this;
    }

    /**
     * Whether virtual time jumps to the next timer whenever every task is waiting on one (default
     * true). With false, time moves only through {@link #advanceTimeBy}.
     *
     * @param autoAdvance whether to jump
     * @return this builder
     */
    public Builder autoAdvance(boolean autoAdvance) {
      this.autoAdvance = autoAdvance;
      return this;
    }

    /**
     * How long (real time) an idle virtual-time loop waits before jumping to its next timer while
     * a task waits on something outside the loop (a {@code Mono} completed by another thread):
     * Trio's autojump threshold. Waits on the loop's own timers ({@code Mono.delay(d,
     * ctx.scheduler())}, {@link Wire#sleep}) never need it. Default 20 ms.
     *
     * @param grace zero or more
     * @return this builder
     */
    public Builder autoAdvanceGrace(Duration grace) {
      this.autoAdvanceGrace = Checks.notNegative(grace, "grace");
      return this;
    }

    /**
     * How long {@link #close()} lets tasks run before cancelling them (default: no limit).
     *
     * @param timeout zero or more, on the loop's clock
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.notNegative(timeout, "timeout");
      return this;
    }

    /**
     * @param capture how much of each {@code start} call site to record
     * @return this builder
     */
    public Builder startSites(StartSiteCapture capture) {
      this.startSites = Checks.notNull(capture, "capture");
      return this;
    }

    /**
     * Watches the loop threads: a step that holds one longer than {@code threshold} (real time) is
     * reported once, with its wire's path and the thread's stack, to {@link #onStall} (default: the
     * {@code dev.jwire.engine} system logger, at WARNING). Off by default; costs one clock read per
     * job when on.
     *
     * @param threshold more than zero
     * @return this builder
     */
    public Builder stallThreshold(Duration threshold) {
      this.stallThreshold = Checks.positive(threshold, "threshold");
      return this;
    }

    /**
     * Where stall reports go; see {@link #stallThreshold}. Called on the watchdog thread.
     *
     * @param listener receives each report
     * @return this builder
     */
    public Builder onStall(java.util.function.Consumer<StallReport> listener) {
      this.onStall = Checks.notNull(listener, "listener");
      return this;
    }

    /**
     * @param steps synchronous steps a task runs before it lets other tasks on its thread run;
     *     at least 1
     * @return this builder
     */
    public Builder stepBudget(int steps) {
      this.stepBudget = Checks.atLeast(steps, 1, "stepBudget");
      return this;
    }

    /**
     * @return the loop; threads of its own start now
     * @throws IllegalArgumentException if the settings contradict each other
     */
    public EventLoop build() {
      Checks.argument(
          !(manual && executor != null),
          "manual() and executor(...) exclude each other: a manual loop is driven by the caller");
      Checks.argument(
          threads == 1 || (!manual && executor == null),
          "threads : " + threads + " (expected: 1 for a manual loop or one run on an executor)");
      Checks.argument(
          virtualOrigin == null || (threads == 1 && executor == null),
          "virtualTime() needs a single loop thread or a manual loop (threads : " + threads
              + (executor != null ? ", executor set" : "") + ")");
      return new EventLoop(
          new LoopConfig(
              name, threads, executor, manual, virtualOrigin, autoAdvance, autoAdvanceGrace, timeout,
              startSites, stepBudget, stallThreshold, onStall));
    }
  }
}
