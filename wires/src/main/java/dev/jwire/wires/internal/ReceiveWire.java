package dev.jwire.wires.internal;

import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * {@code channel.receive(then)} and {@code receive(then, onEnd)}, and one round of {@link
 * ForEachWire}. A message at hand is taken without suspending (nothing allocated); otherwise the task
 * suspends on a fresh {@link Waiter}, which is both the queue node and the suspender of the wait.
 */
final class ReceiveWire<T> extends StepWire {
  private final ChannelImpl<T> channel;
  private final Function<? super T, ? extends Wire> then;
  private final Wire onEnd;
  private final Consumer<? super T> each;

  ReceiveWire(ChannelImpl<T> channel, Function<? super T, ? extends Wire> then, Wire onEnd, Consumer<? super T> each) {
    this.channel = channel;
    this.then = then;
    this.onEnd = onEnd;
    this.each = each;
  }

  @Override
  public Wire step(TaskImpl task) throws Throwable {
    if (channel.maybeReady()) {
      Object v = channel.receive0(null, null);
      if (v != ChannelImpl.EMPTY) {
        return next(v); // a message at hand: no wait, nothing allocated
      }
    }
    return task.suspend(new Waiter());
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Wire.suspend(new Waiter()).run(ctx);
  }

  @SuppressWarnings("unchecked")
  private Wire next(Object v) {
    if (each != null) {
      if (v instanceof ChannelImpl.End) {
        channel.next(v, null, null); // throws if closed with an error
        return ForEachWire.ENDED;
      }
      each.accept((T) v);
      return ForEachWire.AGAIN;
    }
    return channel.next(v, then, onEnd);
  }

  @Override
  public String name() {
    return (each != null ? "forEach " : "receive ") + channel.name();
  }

  /** One wait: queued in the channel, resumed with a message or the end. */
  private final class Waiter extends Receiver {
    private Suspension<Object> suspension;

    @Override
    public void suspend(WireContext ctx, Suspension<Object> s) {
      suspension = s;
      Object v = channel.receive0(null, this);
      if (v != ChannelImpl.WAITING) {
        s.resume(v);
      }
    }

    @Override
    void deliver(ChannelImpl<?> ch, Object value) {
      if (!suspension.resume(value)) {
        ch.giveBack(value); // cancelled between the claim and now
      }
    }

    @Override
    public Wire resumed(WireContext ctx, Object value) {
      return next(value);
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
    public void undelivered(Object value) {
      channel.giveBack(value);
    }

    @Override
    public String name() {
      return ReceiveWire.this.name();
    }
  }
}
