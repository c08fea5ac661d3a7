package dev.jwire.wires.internal;

/** A sender waiting on a {@link ChannelImpl} with its message: a task, a thread, a select case. */
abstract class Sender extends WaitNode {
  final Object item;

  Sender(Object item) {
    this.item = item;
  }

  /** The channel took {@link #item}; outside its lock. */
  abstract void sent();

  /**
   * The channel was closed before it took {@link #item}; outside its lock.
   *
   * @param channel the channel, for its error
   */
  abstract void closed(ChannelImpl<?> channel);
}
