package dev.jwire.engine.internal;

import dev.jwire.engine.StallReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A daemon thread that looks at every loop thread a few times per threshold and reports a job
 * that has been running longer than the threshold, once per job. It only reads what the workers
 * publish (the running job and when it started), so watching costs the loop one clock read per job.
 */
final class StallWatchdog implements Runnable {
  private final LoopCore core;
  private final LoopWorker[] workers;
  private final long thresholdNanos;
  private final Consumer<StallReport> listener;
  private final long[] reportedStart;
  private volatile boolean stopped;
  private final Thread thread;

  StallWatchdog(LoopCore core, LoopWorker[] workers, Duration threshold, Consumer<StallReport> listener) {
    this.core = core;
    this.workers = workers;
    this.thresholdNanos = Checks.toNanosSaturated(threshold);
    this.listener = listener;
    this.reportedStart = new long[workers.length];
    this.thread = new Thread(this, "jwire-watchdog-" + core.name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    long pause = Math.max(1_000_000L, thresholdNanos / 4);
    while (!stopped) {
      LockSupport.parkNanos(pause);
      long now = System.nanoTime();
      for (int i = 0; i < workers.length; i++) {
        check(i, workers[i], now);
      }
    }
  }

  private void check(int i, LoopWorker w, long now) {
    long started = w.jobStartedAt;
    LoopJob job = w.runningJob;
    Thread t = w.driverThreadOrNull();
    if (started == 0 || job == null || t == null || now - started < thresholdNanos || reportedStart[i] == started) {
      return;
    }
    reportedStart[i] = started;
    StallReport report = new StallReport(
        core.name, t.getName(), describe(job), Duration.ofNanos(now - started), List.of(t.getStackTrace()));
    try {
      listener.accept(report);
    } catch (RuntimeException e) {
      core.logUncaught("the stall listener threw", e);
    }
  }

  private static String describe(LoopJob job) {
    if (job instanceof TaskImpl) {
      return ((TaskImpl) job).path();
    }
    if (job instanceof PendingWait) {
      return ((PendingWait) job).task.path();
    }
    return job.getClass().getName();
  }

  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }
}
