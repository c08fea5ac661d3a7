package dev.jwire.wires.internal;

/** A receiver waiting on a {@link ChannelImpl}: a task, a thread, a select case or a subscription. */
abstract class Receiver extends WaitNode {

  /** Called under the channel's lock right after the node was queued. */
  void enqueued() {}

  /**
   * Hands over a message, or the channel's {@link ChannelImpl.End}; outside the channel's lock, by
   * whoever took this node from the queue. The message must not be lost: a receiver that can no
   * longer take it (its task was cancelled meanwhile) gives it back with {@link
   * ChannelImpl#giveBack}.
   *
   * @param channel the channel
   * @param value the message or the end
   */
  abstract void deliver(ChannelImpl<?> channel, Object value);
}
