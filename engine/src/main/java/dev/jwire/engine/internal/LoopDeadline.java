package dev.jwire.engine.internal;

/**
 * A one-shot action at a deadline on the loop clock (so virtual time reaches it too): a run's
 * timeout, a scope's timeout. It does not keep the loop alive.
 */
final class LoopDeadline extends TimerNode {
  private final LoopWorker worker;
  private final Runnable action;
  private volatile boolean fired;
  private volatile boolean disarmed;

  private LoopDeadline(LoopWorker worker, Runnable action) {
    this.worker = worker;
    this.action = action;
  }

  static LoopDeadline arm(LoopWorker worker, long timeoutNanos, Runnable action) {
    LoopDeadline d = new LoopDeadline(worker, action);
    d.deadline = worker.clock.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
    if (worker.inLoopThread()) {
      worker.timers.add(d, d.deadline);
    } else {
      worker.execute(d);
    }
    return d;
  }

  /** Queued once, to enter the heap from another thread. */
  @Override
  public void runJob() {
    if (!disarmed && !fired) {
      worker.timers.add(this, deadline);
    }
  }

  @Override
  void fire() {
    if (!disarmed) {
      fired = true;
      action.run();
    }
  }

  void disarm() {
    if (disarmed) {
      return;
    }
    disarmed = true;
    if (fired) {
      return;
    }
    if (worker.inLoopThread()) {
      worker.timers.remove(this);
    } else {
      worker.execute(
          new LoopJob() {
            @Override
            public void runJob() {
              worker.timers.remove(LoopDeadline.this);
            }
          });
    }
  }

  boolean fired() {
    return fired;
  }
}
