package dev.jwire.engine.internal;

/** Cancels every live task of one worker, on that worker's thread. */
final class CancelAll extends LoopJob {
  private final LoopWorker worker;

  CancelAll(LoopWorker worker) {
    this.worker = worker;
  }

  @Override
  public void runJob() {
    worker.cancelAllNow();
  }
}
