package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.wires.SelectCase;
import dev.jwire.wires.Selection;

/** {@code channel.onSend(value, next)}: a select case that sends a message. */
final class SendCase extends SelectCase<Object> {
  private final ChannelImpl<?> channel;
  private final Object value;
  private final Wire next;

  SendCase(ChannelImpl<?> channel, Object value, Wire next) {
    this.channel = channel;
    this.value = value;
    this.next = next;
  }

  @Override
  public Registration register(Selection<Object> selection) {
    Arm arm = (Arm) selection;
    Node node = new Node(arm);
    int r = channel.send0(arm, value, node);
    if (r == ChannelImpl.QUEUED) {
      return node;
    }
    if (r == ChannelImpl.OK) {
      arm.complete(Boolean.TRUE);
    } else if (r == ChannelImpl.CLOSED) {
      arm.fail(channel.closedForSend());
    }
    return null;
  }

  @Override
  public Wire selected(WireContext ctx, Object ack) {
    return next;
  }

  @Override
  public boolean waitsOnOutside() {
    return channel.isUsedFromOutside();
  }

  @Override
  public String name() {
    return "onSend " + channel.name();
  }

  /** The case waiting in the channel's sender queue, with its message. */
  private final class Node extends Sender implements Registration {
    private final Arm arm;

    Node(Arm arm) {
      super(value);
      this.arm = arm;
    }

    @Override
    Arm arm() {
      return arm;
    }

    @Override
    void sent() {
      arm.complete(Boolean.TRUE); // refused only if the task was cancelled: the message went anyway
    }

    @Override
    void closed(ChannelImpl<?> ch) {
      arm.fail(ch.closedForSend());
    }

    @Override
    public void cancel() {
      channel.remove(this);
    }
  }
}
