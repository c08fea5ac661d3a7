package dev.jwire.wires.internal;

import dev.jwire.engine.internal.Checks;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded, lock-free pool of workers: at most {@code maxWorkers} jobs run at once, at most
 * {@code maxQueued} wait while every worker is busy, and submitting never blocks or takes a lock.
 *
 * <h2>Why not a ThreadPoolExecutor</h2>
 *
 * <p>Jobs are submitted from event-loop threads, which must never block. A {@code
 * ThreadPoolExecutor} takes a {@code ReentrantLock} to add a worker or to queue into a {@code
 * LinkedBlockingQueue}; contended, that lock parks the loop thread (and BlockHound rightly reports
 * it). A semaphore in front of a virtual-thread executor has the same problem on release. This
 * pool uses only lock-free queues, counters and {@code LockSupport.unpark}.
 *
 * <h2>How it works</h2>
 *
 * <p>Jobs go into one FIFO queue. A <em>worker</em> is a loop that takes jobs from the queue until
 * it is empty, then waits, parked, for up to {@code keepAlive}, and then retires. {@link
 * #execute} queues the job and then wakes an idle worker (the most recently idled first, LIFO, so
 * that surplus workers time out), or, if none is idle and fewer than {@code maxWorkers} exist,
 * launches a new one; otherwise every worker is busy and the first to finish takes the job. The
 * bound holds because workers are counted before they are launched.
 *
 * <p>No wake-up is lost. A worker going idle publishes itself on the idle stack <em>then</em>
 * looks at the queue; a submitter queues its job <em>then</em> looks at the idle stack: one of the
 * two sees the other. A worker that retires decrements the worker count <em>then</em> looks at the
 * queue, while a submitter queues <em>then</em> reads the count: if the submitter saw a full pool,
 * the retiring worker sees the job and stays. A worker leaves the idle state by one
 * compare-and-set, made either by a submitter (who then unparks it) or by the worker itself
 * (timeout or work seen), so it is claimed once.
 *
 * <p>How a worker gets a thread is the {@code launcher}'s business: a new platform or virtual
 * thread ({@link #threadLauncher}), or a task of a user's executor.
 */
public final class WorkerPool implements Executor {
  private final String name;
  private final int maxWorkers;
  private final int maxQueued;
  private final long keepAliveNanos;
  private final Executor launcher;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedDeque<Worker> idleWorkers = new ConcurrentLinkedDeque<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final LongAdder completed = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  /**
   * @param name the pool's name, for messages
   * @param maxWorkers how many jobs may run at once; at least 1
   * @param maxQueued how many jobs may wait while every worker is busy; at least 0 (none: a job is
   *     refused when all workers are busy)
   * @param keepAlive how long an idle worker waits for work before it retires
   * @param launcher runs each worker loop; it must not run it on the calling thread
   */
  public WorkerPool(String name, int maxWorkers, int maxQueued, Duration keepAlive, Executor launcher) {
    this.name = Checks.notBlank(name, "name");
    this.maxWorkers = Checks.atLeast(maxWorkers, 1, "maxConcurrency");
    this.maxQueued = Checks.atLeast(maxQueued, 0, "maxQueued");
    this.keepAliveNanos = Math.min(Checks.notNegative(keepAlive, "keepAlive").toNanos(), Long.MAX_VALUE / 4);
    this.launcher = Checks.notNull(launcher, "launcher");
  }

  /**
   * @param factory makes the worker threads
   * @return a launcher that runs each worker loop on a new thread from {@code factory}
   */
  public static Executor threadLauncher(ThreadFactory factory) {
    Checks.notNull(factory, "factory");
    return worker -> factory.newThread(worker).start();
  }

  /**
   * Queues {@code job}; a worker runs it as soon as one is free. Never blocks.
   *
   * @param job the job
   * @throws RejectedExecutionException if every worker is busy and {@code maxQueued} jobs already
   *     wait, or no worker could be launched
   */
  @Override
  public void execute(Runnable job) {
    Checks.notNull(job, "command");
    int waiting = queued.incrementAndGet() - (maxWorkers - active.get()); // beyond the free workers
    if (waiting > maxQueued) {
      queued.decrementAndGet();
      rejected.increment();
      throw new RejectedExecutionException(
          "blocking pool '" + name + "' is full: " + maxQueued + " tasks are waiting and " + active.get()
              + " running (maxConcurrency " + maxWorkers + ", maxQueued " + maxQueued + "). Raise maxQueued,"
              + " slow the producers down, or give this work a pool of its own");
    }
    queue.offer(job);
    dispatch(job);
  }

  private void dispatch(Runnable job) {
    Worker w;
    while ((w = idleWorkers.pollFirst()) != null) {
      if (w.idleFlag.compareAndSet(true, false)) {
        LockSupport.unpark(w.thread);
        return;
      }
    }
    if (!tryAddWorker()) {
      return; // every worker is busy: the first to finish takes the job
    }
    try {
      launcher.execute(new Worker());
    } catch (RuntimeException | Error e) {
      workers.decrementAndGet();
      if (queue.remove(job)) {
        queued.decrementAndGet();
        rejected.increment();
        throw new RejectedExecutionException("blocking pool '" + name + "' could not start a worker: " + e, e);
      }
    }
  }

  private boolean tryAddWorker() {
    for (; ; ) {
      int n = workers.get();
      if (n >= maxWorkers) {
        return false;
      }
      if (workers.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** @return the pool's name */
  public String name() {
    return name;
  }

  /** @return how many jobs may run at once */
  public int maxWorkers() {
    return maxWorkers;
  }

  /** @return how many jobs may wait */
  public int maxQueued() {
    return maxQueued;
  }

  /** @return the number of live workers, busy or idle */
  public int workers() {
    return workers.get();
  }

  /** @return the number of jobs running now */
  public int active() {
    return active.get();
  }

  /** @return the number of jobs waiting for a worker */
  public int queued() {
    return queued.get();
  }

  /** @return the number of jobs run to their end since the pool was built */
  public long completed() {
    return completed.sum();
  }

  /** @return the number of submissions refused since the pool was built */
  public long rejected() {
    return rejected.sum();
  }

  /** One worker loop: run jobs while there are any, idle for a while, retire. */
  private final class Worker implements Runnable {
    final AtomicBoolean idleFlag = new AtomicBoolean();
    volatile Thread thread;

    @Override
    public void run() {
      thread = Thread.currentThread();
      do {
        Runnable job;
        while ((job = queue.poll()) != null) {
          queued.decrementAndGet();
          runJob(job);
        }
      } while (awaitWork());
    }

    private void runJob(Runnable job) {
      Thread.interrupted(); // an interrupt meant for an earlier job must not reach this one
      active.incrementAndGet();
      try {
        job.run();
      } catch (Throwable t) {
        Thread self = Thread.currentThread();
        self.getUncaughtExceptionHandler().uncaughtException(self, t);
      } finally {
        active.decrementAndGet();
        completed.increment();
      }
    }

    /** @return true to look for work again; false when this worker has retired */
    private boolean awaitWork() {
      idleFlag.set(true);
      idleWorkers.addFirst(this);
      long deadline = System.nanoTime() + keepAliveNanos;
      for (; ; ) {
        if (!idleFlag.get()) {
          return true; // claimed and unparked by a submitter
        }
        long left = deadline - System.nanoTime();
        if (!queue.isEmpty() || left <= 0) {
          if (!idleFlag.compareAndSet(true, false)) {
            return true; // claimed meanwhile
          }
          idleWorkers.removeFirstOccurrence(this);
          return left > 0 || !queue.isEmpty() || retire();
        }
        LockSupport.parkNanos(this, left);
      }
    }

    private boolean retire() {
      workers.decrementAndGet();
      return !queue.isEmpty() && tryAddWorker(); // a job came while the pool looked full: stay
    }
  }
}
