package dev.jwire.engine.internal;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * One loop thread's share of the loop: its run queues, its timers, its live tasks.
 *
 * <h2>Design</h2>
 *
 * <p>Everything here is owned by the thread that drives the worker (its own {@link LoopThread},
 * a thread of a user's executor, or a test's thread in manual mode), so none of it is
 * synchronized. Other threads reach a worker only through {@link #execute}, which puts a job on
 * a lock-free intrusive queue and wakes the driver.
 *
 * <p>The driver runs <em>rounds</em>: fire the timers that are due, run as many local jobs as were
 * queued when the round began, then a bounded batch of cross-thread jobs. Jobs queued during a
 * round (a task that used up its step budget, a task started by a step) wait for the next round,
 * so no task and no cross-thread submission starves another. When a round finds
 * nothing to do the driver parks until the next timer's deadline or a wake-up.
 *
 * <p>In virtual time a worker with nothing to run jumps its clock to the next timer, provided no
 * task waits on anything outside the loop (after a real-time grace period otherwise).
 */
public final class LoopWorker {
  final LoopCore core;
  final int index;
  final LoopClock clock;
  final TimerWheel timers;
  final IoSelector io = new IoSelector(this);
  final LoopScheduler scheduler;
  /** Cross-thread jobs run per round, at most. */
  private static final int REMOTE_BATCH = 4096;
  /** The longest a loop thread with readiness waiters blocks in select without a look around. */
  private static final long CLOSED_CHANNEL_CHECK_NANOS = 1_000_000_000L;
  /** Local queue length past which its memory is given back once it drains. */
  private static final int LOCAL_SHRINK_THRESHOLD = 4096;

  private ArrayDeque<LoopJob> local = new ArrayDeque<>();
  private boolean localGrew;
  private final MpscJobQueue remote = new MpscJobQueue();
  private volatile Thread driverThread;
  private volatile boolean parked;
  private Driver driver;
  int stepBudget;
  /** Tasks waiting on a completion from outside the loop; drives virtual-time auto-advance. */
  int pendingExternal;
  /** For the stall watchdog: when the running job started (0: none), and which it is. */
  volatile long jobStartedAt;
  volatile LoopJob runningJob;
  private final boolean watched;

  /**
   * The task whose steps are running now (driver thread only; see {@link #runningTask()}): its
   * timer index when it has one, else 0 and the task itself in {@link #runningByReference}. A timer
   * loop sets this on every wake-up, and an int store costs no GC write barrier; a reference to a
   * task from this long-lived worker costs G1 a fenced barrier each time.
   */
  int runningByIndex;

  TaskImpl runningByReference;

  /** The asynchronous wait being subscribed to right now, if any (driver thread only). */
  AsyncStep subscribing;

  LoopWorker(LoopCore core, int index, int stepBudget) {
    this.core = core;
    this.index = index;
    this.clock = core.clock;
    this.timers = new TimerWheel(clock.nanoTime(), clock.isVirtual());
    this.stepBudget = stepBudget;
    this.scheduler = new LoopScheduler(this);
    this.watched = core.config().stallThreshold() != null;
  }

  void setDriver(Driver driver) {
    this.driver = driver;
  }

  /** @return whether the calling thread is driving this worker now */
  public boolean inLoopThread() {
    return Thread.currentThread() == driverThread;
  }

  /** @return the loop this worker belongs to */
  public LoopCore core() {
    return core;
  }

  /** @return the Reactor scheduler of this worker */
  public LoopScheduler scheduler() {
    return scheduler;
  }

  /** Queues {@code job} to run on this worker's thread; any thread. */
  public void execute(LoopJob job) {
    if (Thread.currentThread() == driverThread) {
      local.addLast(job);
      if (local.size() > LOCAL_SHRINK_THRESHOLD) {
        localGrew = true;
      }
    } else {
      remote.offer(job);
      wake();
    }
  }

  /** Makes sure the driver looks at the cross-thread queue soon; any thread. */
  void wake() {
    Driver d = driver;
    if (d != null) {
      d.wake(this);
    } else if (parked) {
      if (io.isOpen()) {
        io.wakeup();
      }
      Thread t = driverThread;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** @return whether another thread queued a job; any thread, a hint */
  boolean hasRemoteWork() {
    return !remote.isEmptyHint();
  }

  /** @return whether jobs or due timers are waiting; driver thread only */
  boolean hasWork() {
    return !local.isEmpty() || !remote.isEmpty() || (!timers.isEmpty() && timers.nextDeadline() - clock.nanoTime() <= 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Driving (driver thread only)

  Thread enterDriver() {
    Thread previous = driverThread;
    driverThread = Thread.currentThread();
    return previous;
  }

  void exitDriver(Thread previous) {
    driverThread = previous;
  }

  /**
   * Runs one round.
   *
   * @return the number of timers fired and jobs run
   */
  int runRound() {
    int work = fireDueTimers() + io.selectNow();
    LoopJob job;
    for (int n = local.size(); n > 0; n--) {
      job = local.pollFirst();
      if (job == null) {
        break; // a nested drive (advanceTimeBy from a step) took it
      }
      runJob(job);
      work++;
    }
    // cross-thread jobs run straight from their queue, a bounded batch per round: a burst of
    // outside starts neither grows the local queue nor starves what is already queued
    for (int n = REMOTE_BATCH; n > 0 && (job = remote.poll()) != null; n--) {
      runJob(job);
      work++;
    }
    if (localGrew && local.isEmpty()) {
      local = new ArrayDeque<>(); // give back the memory of a burst
      localGrew = false;
    }
    return work;
  }

  private void runJob(LoopJob job) {
    if (!watched) {
      job.runJob();
      return;
    }
    runningJob = job;
    jobStartedAt = System.nanoTime() | 1; // never 0 while running
    try {
      job.runJob();
    } finally {
      jobStartedAt = 0;
      runningJob = null;
    }
  }

  /** @return the task whose steps are running now on this worker, or null (driver thread only) */
  TaskImpl runningTask() {
    int i = runningByIndex;
    return i != 0 ? (TaskImpl) timers.nodeAt(i) : runningByReference;
  }

  Thread driverThreadOrNull() {
    return driverThread;
  }

  private int fireDueTimers() {
    if (timers.isEmpty()) {
      return 0;
    }
    long now = clock.nanoTime();
    int fired = 0;
    TimerNode node;
    while ((node = timers.pollDue(now)) != null) {
      if (watched) {
        runningJob = node;
        jobStartedAt = System.nanoTime() | 1;
      }
      node.fire();
      fired++;
    }
    if (watched) {
      jobStartedAt = 0;
      runningJob = null;
    }
    return fired;
  }

  /** Runs rounds until nothing is runnable now. Does not wait for timers or outside completions. */
  int runUntilIdle() {
    int total = 0;
    int n;
    while ((n = runRound()) > 0) {
      total += n;
    }
    return total;
  }

  /**
   * Runs one job, with a step budget of one: a task runs a single step.
   *
   * @return whether there was anything to run
   */
  boolean runOneStep() {
    long now = clock.nanoTime();
    TimerNode due = timers.pollDue(now);
    if (due != null) {
      int saved = stepBudget;
      stepBudget = 1;
      try {
        due.fire();
      } finally {
        stepBudget = saved;
      }
      return true;
    }
    LoopJob job;
    while ((job = remote.poll()) != null) {
      local.addLast(job);
    }
    job = local.pollFirst();
    if (job == null) {
      return false;
    }
    int saved = stepBudget;
    stepBudget = 1;
    try {
      job.runJob();
    } finally {
      stepBudget = saved;
    }
    return true;
  }

  /** Drives this worker on the calling thread until {@code done} holds. */
  void drive(BooleanSupplier done) {
    Thread previous = enterDriver();
    try {
      while (!done.getAsBoolean()) {
        int work;
        try {
          work = runRound();
        } catch (Throwable t) {
          // a job's own errors are routed by the job; anything escaping (a class that failed to
          // load, a bug) must neither kill the loop thread nor vanish
          core.logUncaught("a job escaped with an error on loop thread " + Thread.currentThread().getName(), t);
          work = 1;
        }
        if (work == 0 && !done.getAsBoolean()) {
          idle();
        }
      }
    } finally {
      exitDriver(previous);
    }
  }

  /**
   * Parks until a wake-up or the next timer, or advances virtual time when allowed. A worker that
   * does I/O waits in its selector instead, so a ready channel wakes it too.
   */
  void idle() {
    if (!local.isEmpty()) {
      return;
    }
    boolean virtual = clock.isVirtual();
    // time moves for a run in progress, and only while it has work: daemons alone hold nothing open
    boolean jump = virtual && core.autoAdvance && core.isRunning() && !timers.isEmpty() && !core.root().isQuiescent();
    if (jump && pendingExternal == 0 && remote.isEmpty()) {
      ((LoopClock.VirtualClock) clock).advanceTo(timers.nextDeadline());
      return;
    }
    long waitNanos;
    if (virtual) {
      waitNanos = jump ? core.autoAdvanceGraceNanos : Long.MAX_VALUE;
    } else {
      waitNanos = timers.isEmpty() ? Long.MAX_VALUE : timers.nextDeadline() - clock.nanoTime();
      if (waitNanos <= 0) {
        return;
      }
    }
    parked = true;
    try {
      if (!remote.isEmpty() || core.isStopping()) {
        return;
      }
      if (io.isOpen()) {
        // a channel closed by another thread cancels its key without waking this selector: look
        // at least once a second, so a task waiting on it learns of the close
        io.select(io.hasWaiters() && !virtual ? Math.min(waitNanos, CLOSED_CHANNEL_CHECK_NANOS) : waitNanos);
      } else {
        park(waitNanos);
      }
    } finally {
      parked = false;
    }
    if (virtual && waitNanos != Long.MAX_VALUE && remote.isEmpty() && local.isEmpty()) {
      ((LoopClock.VirtualClock) clock).advanceTo(timers.nextDeadline());
    }
  }

  /** The one place a loop thread blocks: waiting for work. Allowed by jwire's BlockHound integration. */
  private static void park(long nanos) {
    if (nanos == Long.MAX_VALUE) {
      LockSupport.park();
    } else {
      LockSupport.parkNanos(nanos);
    }
  }

  /**
   * Moves virtual time forward by {@code nanos}, stopping at each timer on the way and running
   * everything that becomes runnable, as if the time had passed for real. Driver thread only.
   */
  void advanceBy(long nanos) {
    LoopClock.VirtualClock vc = (LoopClock.VirtualClock) clock;
    long target = vc.nanoTime() + nanos;
    runUntilIdle();
    while (!timers.isEmpty() && timers.nextDeadline() - target <= 0) {
      vc.advanceTo(timers.nextDeadline());
      runUntilIdle();
    }
    vc.advanceTo(target);
    runUntilIdle();
  }

  /** A delayed job was scheduled on this worker: if a task is subscribing, its wait is timer-bound. */
  void timerArmedFromLoopThread() {
    AsyncStep s = subscribing;
    if (s != null) {
      s.internal = true;
    }
  }

  /** The driver is done for good (the loop closed): closes this worker's selector. */
  void closeIo() {
    io.close();
  }

  /** Drives a worker from outside (a user's executor); threads and manual drivers need none. */
  interface Driver {
    /** Makes sure the worker runs soon; any thread. */
    void wake(LoopWorker worker);
  }
}
