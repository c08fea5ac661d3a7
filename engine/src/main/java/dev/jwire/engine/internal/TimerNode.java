package dev.jwire.engine.internal;

/**
 * Something waiting in a loop thread's {@link TimerWheel}: a sleeping task, a Reactor-scheduled
 * runnable, a loop deadline. The node is its own link in the wheel's slot list, so a sleeping task
 * costs no extra object.
 */
public abstract class TimerNode extends LoopJob {
  long deadline;
  /** The wheel's slot links; null while not scheduled. */
  TimerNode next;

  TimerNode prev;

  /** @return whether this node is in a timer wheel now */
  final boolean isScheduled() {
    return next != null;
  }

  /** Called on the loop thread when the deadline has passed; the node is already out of the wheel. */
  abstract void fire();
}
