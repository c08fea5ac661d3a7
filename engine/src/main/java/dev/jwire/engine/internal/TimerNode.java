package dev.jwire.engine.internal;

/**
 * Something waiting in a loop thread's {@link TimerHeap}: a sleeping task, a Reactor-scheduled
 * runnable, a loop deadline. The node carries its own heap position, so a sleeping task costs no
 * extra object.
 */
public abstract class TimerNode extends LoopJob {
  long deadline;
  /** 0 while scheduled in a {@link TimerHeap}, -1 otherwise (the heap does not track slots). */
  int heapIndex = -1;
  /** The heap entry that is this node's current one carries the same number. */
  int sequence;

  /** @return whether this node is in a timer heap now */
  final boolean isScheduled() {
    return heapIndex >= 0;
  }

  /** Called on the loop thread when the deadline has passed; the node is already out of the heap. */
  abstract void fire();
}
