package dev.jwire.engine.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives a worker on a user's {@link Executor} (a UI thread, say): work arriving submits one
 * drain at a time, so steps never overlap even on a multi-threaded executor. A drain runs a few
 * rounds, then hands the executor back. A shared daemon thread only <em>wakes</em> the executor
 * when the next timer is due; no step runs on it.
 */
final class ExecutorDriver implements LoopWorker.Driver {
  private static final int ROUNDS_PER_DRAIN = 64;
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "jwire-executor-timer");
            t.setDaemon(true);
            return t;
          });

  private final Executor executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private ScheduledFuture<?> timerWake; // guarded by the drain (one at a time)

  ExecutorDriver(Executor executor) {
    this.executor = executor;
  }

  @Override
  public void wake(LoopWorker worker) {
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(() -> drain(worker));
    }
  }

  private void drain(LoopWorker worker) {
    for (; ; ) {
      boolean idle = false;
      Thread previous = worker.enterDriver();
      try {
        for (int i = 0; i < ROUNDS_PER_DRAIN && !idle; i++) {
          idle = worker.runRound() == 0 && !worker.hasWork();
        }
        if (idle) {
          armTimer(worker);
        }
      } finally {
        worker.exitDriver(previous);
      }
      if (!idle) {
        executor.execute(() -> drain(worker)); // still busy: let the executor run other things too
        return;
      }
      scheduled.set(false);
      if (!worker.hasRemoteWork() || !scheduled.compareAndSet(false, true)) {
        return; // only other threads can add work now, and their wake-up sees scheduled == false
      }
    }
  }

  private void armTimer(LoopWorker worker) {
    if (timerWake != null) {
      timerWake.cancel(false);
      timerWake = null;
    }
    if (!worker.timers.isEmpty()) {
      long delay = Math.max(0, worker.timers.nextDeadline() - worker.clock.nanoTime());
      timerWake = TIMER.schedule(() -> wake(worker), delay, TimeUnit.NANOSECONDS);
    }
  }
}
