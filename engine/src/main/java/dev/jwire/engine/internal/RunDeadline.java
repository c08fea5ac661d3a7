package dev.jwire.engine.internal;

/**
 * The deadline of one run: a timer on the loop clock (so virtual time reaches it too) that
 * cancels every task when it fires. It does not keep the loop alive.
 */
final class RunDeadline extends TimerNode {
  private final LoopCore core;
  private final LoopWorker worker;
  private volatile boolean fired;
  private volatile boolean disarmed;

  private RunDeadline(LoopCore core, LoopWorker worker) {
    this.core = core;
    this.worker = worker;
  }

  static RunDeadline arm(LoopCore core, LoopWorker worker, long timeoutNanos) {
    RunDeadline d = new RunDeadline(core, worker);
    d.deadline = worker.clock.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
    worker.execute(d);
    return d;
  }

  /** Queued once, to enter the heap. */
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
      core.cancelAll();
    }
  }

  void disarm() {
    if (!disarmed) {
      disarmed = true;
      if (!fired) {
        worker.execute(
            new LoopJob() {
              @Override
              public void runJob() {
                worker.timers.remove(RunDeadline.this);
              }
            });
      }
    }
  }

  boolean fired() {
    return fired;
  }
}
