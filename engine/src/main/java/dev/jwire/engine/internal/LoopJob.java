package dev.jwire.engine.internal;

/**
 * A unit of work for a loop thread. Jobs link themselves into the cross-thread queue through
 * {@link #nextJob}, so enqueueing allocates nothing. A job is in at most one queue at a time.
 */
public abstract class LoopJob {
  volatile LoopJob nextJob;

  /** Runs the job on its loop thread. */
  public abstract void runJob();
}
