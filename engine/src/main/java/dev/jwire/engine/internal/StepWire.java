package dev.jwire.engine.internal;

import dev.jwire.engine.Wire;

/**
 * The fast path of jwire's own wires. The step runner calls {@link #step} directly instead of
 * {@link Wire#run}, so combinators push frames on the task instead of building Reactor chains,
 * sleeps become timer entries that allocate nothing, and synchronous results need no {@code Mono}.
 * {@link Wire#run} stays a faithful Reactor rendering for code that runs wires by hand.
 */
public abstract class StepWire implements Wire {

  /**
   * Runs one step on the task's thread.
   *
   * @param task the running task
   * @return the successor, {@code null} when done, {@link TaskImpl#CONTINUE} after {@link
   *     TaskImpl#descend} into a child wire, or {@link TaskImpl#SUSPEND} after arranging for the task
   *     to be resumed
   * @throws Throwable whatever the step throws; it fails the task
   */
  public abstract Wire step(TaskImpl task) throws Throwable;

  /**
   * Whether {@link #step} sets the task's current wire itself and runs no user code, so the runner
   * need not record this wire as the running one first (nothing can stall in it, and nothing reads
   * it). Saves a reference store into the task, a GC write barrier, on every wake-up of a timer
   * loop.
   *
   * @return false unless the subclass says otherwise
   */
  public boolean placesNextWire() {
    return false;
  }
}
