package dev.jwire.engine.internal;

/**
 * Something waiting in a loop thread's {@link TimerWheel}: a sleeping task, a Reactor-scheduled
 * runnable, a loop deadline. The wheel links nodes by index, in arrays of its own, so a node
 * holds only its deadline and its index, and re-arming it writes no reference into it.
 */
public abstract class TimerNode extends LoopJob {
  long deadline;
  /** The node's index in its wheel's link pages, or 0 while it has none. */
  int timerIndex;

  /**
   * Whether the node keeps its wheel index between timers, until {@link TimerWheel#release}: a
   * task that sleeps again and again then never writes the wheel's node array again. Such a node
   * must be released when it is done, or the wheel keeps it reachable.
   *
   * @return false: the index goes back when the node leaves the wheel
   */
  boolean holdsTimerIndex() {
    return false;
  }

  /** Called on the loop thread when the deadline has passed; the node is already out of the wheel. */
  abstract void fire();
}
