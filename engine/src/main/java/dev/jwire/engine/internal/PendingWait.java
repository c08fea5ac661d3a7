package dev.jwire.engine.internal;

/**
 * What a suspended task waits for, other than a timer: a subscription ({@link AsyncStep}) or the
 * end of a nested scope ({@link ScopeWait}). When the wait is over, this object is queued as a
 * job on the task's own worker, from whatever thread ended it, and resumes the task there.
 */
abstract class PendingWait extends LoopJob {
  final TaskImpl task;
  /** Ends by loop-internal events (loop timers, nested scopes), not by anything outside the loop. */
  boolean internal;
  Object value;
  Throwable error;

  PendingWait(TaskImpl task) {
    this.task = task;
  }

  /**
   * The task is being cancelled while it waits.
   *
   * @return true if the task may end now; false if it must wait until what it waits on has ended
   */
  abstract boolean cancelWait();

  @Override
  public void runJob() {
    task.complete(this);
  }
}
