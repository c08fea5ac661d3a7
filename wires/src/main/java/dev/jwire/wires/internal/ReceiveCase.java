package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.wires.SelectCase;
import dev.jwire.wires.Selection;
import java.util.function.Function;

/** {@code channel.onReceive(then[, onEnd])}: a select case that takes a message. */
final class ReceiveCase<T> extends SelectCase<Object> {
  private final ChannelImpl<T> channel;
  private final Function<? super T, ? extends Wire> then;
  private final Wire onEnd;

  ReceiveCase(ChannelImpl<T> channel, Function<? super T, ? extends Wire> then, Wire onEnd) {
    this.channel = channel;
    this.then = then;
    this.onEnd = onEnd;
  }

  @Override
  public Registration register(Selection<Object> selection) {
    Arm arm = (Arm) selection;
    Node node = new Node(arm);
    Object v = channel.receive0(arm, node);
    if (v == ChannelImpl.WAITING) {
      return node;
    }
    if (v != ChannelImpl.ABANDONED && !arm.complete(v)) {
      channel.giveBack(v);
    }
    return null;
  }

  @Override
  public Wire selected(WireContext ctx, Object value) {
    return channel.next(value, then, onEnd);
  }

  @Override
  public void undelivered(Object value) {
    channel.giveBack(value);
  }

  @Override
  public boolean waitsOnOutside() {
    return channel.isUsedFromOutside();
  }

  @Override
  public String name() {
    return "onReceive " + channel.name();
  }

  /** The case waiting in the channel's receiver queue. */
  private final class Node extends Receiver implements Registration {
    private final Arm arm;

    Node(Arm arm) {
      this.arm = arm;
    }

    @Override
    Arm arm() {
      return arm;
    }

    @Override
    void deliver(ChannelImpl<?> ch, Object value) {
      if (!arm.complete(value)) {
        ch.giveBack(value);
      }
    }

    @Override
    public void cancel() {
      channel.remove(this);
    }
  }
}
