package dev.jwire.wires.internal;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;

/**
 * One waiter in a {@link WaitList}: a task, a thread or a select case waiting on a channel or a
 * synchronisation primitive. The node is the waiter itself (it holds the suspension or the thread),
 * so waiting allocates one node and nothing per queue.
 *
 * <p>The links are guarded by the lock of whatever owns the list. A node is in at most one list at a
 * time; {@link #isQueued()} tells whether it still is.
 *
 * <p>A node is also a {@link Suspender}, so that a task's node is the suspender of its own wait:
 * {@link Suspender#cancelled} then knows which node to take out of the list. Nodes of threads and
 * of select cases never suspend anything.
 */
public abstract class WaitNode extends Suspender<Object> {
  WaitNode qPrev;
  WaitNode qNext;
  WaitList qList;

  /** For subclasses. */
  protected WaitNode() {}

  /** @return whether the node is in a list; under the list owner's lock */
  public final boolean isQueued() {
    return qList != null;
  }

  /**
   * The select case this node belongs to, if it is one: taking the node then needs the claim of
   * its select. Plain waiters (tasks, threads) return null: whoever removes them from the list owns
   * them.
   *
   * @return the case's arm, or null
   */
  Arm arm() {
    return null;
  }

  @Override
  public void suspend(WireContext ctx, Suspension<Object> suspension) throws Exception {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not suspend");
  }

  @Override
  public Wire resumed(WireContext ctx, Object value) throws Exception {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not suspend");
  }
}
