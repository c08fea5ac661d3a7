package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.Channel;
import dev.jwire.wires.SelectCase;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Flux;

/**
 * A {@link Channel}: the public API over {@link ChannelCore}, where the design is described.
 *
 * @param <T> the type of the messages
 */
public final class ChannelImpl<T> extends ChannelCore<T> implements Channel<T> {

  /**
   * @param name the name, or null for a generated one
   * @param capacity zero or more; {@link Integer#MAX_VALUE} for unbounded
   */
  public ChannelImpl(String name, int capacity) {
    super(name, capacity);
  }

  @Override
  ChannelImpl<T> self() {
    return this;
  }

  @Override
  public boolean close() {
    return close0(CLOSED_END);
  }

  @Override
  public boolean close(Throwable cause) {
    return close0(new End(Checks.notNull(cause, "cause")));
  }

  // ---------------------------------------------------------------------------------------------
  // SendChannel

  @Override
  public Wire send(T value) {
    return send(value, null);
  }

  @Override
  public Wire send(T value, Wire next) {
    return new SendWire(this, Checks.notNull(value, "value"), next);
  }

  @Override
  public boolean trySend(T value) {
    Checks.notNull(value, "value");
    noteUse();
    return send0(null, value, null) == OK;
  }

  @Override
  public void put(T value) throws InterruptedException {
    Checks.notNull(value, "value");
    ThreadWaits.put(this, value, -1);
  }

  @Override
  public boolean offer(T value, Duration timeout) throws InterruptedException {
    Checks.notNull(value, "value");
    return ThreadWaits.put(this, value, Checks.toNanosSaturated(Checks.notNegative(timeout, "timeout")));
  }

  @Override
  public SelectCase<?> onSend(T value, Wire next) {
    return new SendCase(this, Checks.notNull(value, "value"), Checks.notNull(next, "next"));
  }

  @Override
  public Subscriber<T> subscriber() {
    noteOutsideUse();
    return new ChannelSubscriber<>(this);
  }

  // ---------------------------------------------------------------------------------------------
  // ReceiveChannel

  @Override
  public Wire receive(Function<? super T, ? extends Wire> then) {
    return new ReceiveWire<>(this, Checks.notNull(then, "then"), null, null);
  }

  @Override
  public Wire receive(Function<? super T, ? extends Wire> then, Wire onEnd) {
    return new ReceiveWire<>(this, Checks.notNull(then, "then"), Checks.notNull(onEnd, "onEnd"), null);
  }

  @Override
  public Wire forEach(Consumer<? super T> action) {
    return new ForEachWire(new ReceiveWire<>(this, null, null, Checks.notNull(action, "action")));
  }

  @Override
  public T tryReceive() {
    noteUse();
    Object v = receive0(null, null);
    return v instanceof End ? null : messageOrNull(v);
  }

  @Override
  public T take() throws InterruptedException {
    return messageOrNull(ThreadWaits.take(this, -1));
  }

  @Override
  public T poll(Duration timeout) throws InterruptedException {
    return messageOrNull(ThreadWaits.take(this, Checks.toNanosSaturated(Checks.notNegative(timeout, "timeout"))));
  }

  @Override
  public SelectCase<?> onReceive(Function<? super T, ? extends Wire> then) {
    return new ReceiveCase<>(this, Checks.notNull(then, "then"), null);
  }

  @Override
  public SelectCase<?> onReceive(Function<? super T, ? extends Wire> then, Wire onEnd) {
    return new ReceiveCase<>(this, Checks.notNull(then, "then"), Checks.notNull(onEnd, "onEnd"));
  }

  @Override
  public Flux<T> asFlux() {
    noteOutsideUse();
    return Flux.from(new ChannelPublisher<>(this));
  }

  @Override
  public String toString() {
    return "Channel[" + name() + ", capacity " + (capacity() == Integer.MAX_VALUE ? "unbounded" : capacity())
        + (isOpen() ? "]" : ", closed]");
  }
}
