package dev.jwire.wires.internal;

import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import reactor.core.publisher.Mono;

/**
 * {@code channel.send(value, next)}. A channel with room (or a waiting receiver) takes the message
 * without suspending; otherwise the task suspends on a fresh {@link Waiter} queued with the message.
 */
final class SendWire extends StepWire {
  private static final Object SENT = new Object();

  private final ChannelImpl<?> channel;
  private final Object value;
  private final Wire next;

  SendWire(ChannelImpl<?> channel, Object value, Wire next) {
    this.channel = channel;
    this.value = value;
    this.next = next;
  }

  @Override
  public Wire step(TaskImpl task) throws Throwable {
    int r = channel.send0(null, value, null);
    if (r == ChannelImpl.OK) {
      return next;
    }
    if (r == ChannelImpl.CLOSED) {
      throw channel.closedForSend();
    }
    return task.suspend(new Waiter());
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Wire.suspend(new Waiter()).run(ctx);
  }

  @Override
  public String name() {
    return "send " + channel.name();
  }

  /** One wait: queued with the message until the channel takes it or closes. */
  private final class Waiter extends Sender {
    private Suspension<Object> suspension;

    Waiter() {
      super(value);
    }

    @Override
    public void suspend(WireContext ctx, Suspension<Object> s) {
      suspension = s;
      int r = channel.send0(null, value, this);
      if (r == ChannelImpl.OK) {
        s.resume(SENT);
      } else if (r == ChannelImpl.CLOSED) {
        throw channel.closedForSend();
      }
    }

    @Override
    void sent() {
      suspension.resume(SENT); // refused only if cancelled meanwhile: the message is delivered anyway
    }

    @Override
    void closed(ChannelImpl<?> ch) {
      suspension.fail(ch.closedForSend());
    }

    @Override
    public Wire resumed(WireContext ctx, Object ack) {
      return next;
    }

    @Override
    public void cancelled(Suspension<Object> s) {
      channel.remove(this);
    }

    @Override
    public boolean waitsOnOutside() {
      return channel.isUsedFromOutside();
    }

    @Override
    public String name() {
      return SendWire.this.name();
    }
  }
}
