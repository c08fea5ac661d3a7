package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.wires.Broadcast;
import dev.jwire.wires.Channel;
import dev.jwire.wires.SelectCase;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/** A broadcast subscription: the receiving side of its own channel. */
final class SubscriptionImpl<T> implements Broadcast.Subscription<T> {
  private final BroadcastImpl<?> broadcast;
  final ChannelImpl<T> channel;
  final Broadcast.Overflow overflow;

  SubscriptionImpl(BroadcastImpl<?> broadcast, ChannelImpl<T> channel, Broadcast.Overflow overflow) {
    this.broadcast = broadcast;
    this.channel = channel;
    this.overflow = overflow;
  }

  @Override
  public Broadcast.Overflow overflow() {
    return overflow;
  }

  @Override
  public void close() {
    broadcast.unsubscribe(this);
    channel.close();
  }

  @Override
  public Wire receive(Function<? super T, ? extends Wire> then) {
    return channel.receive(then);
  }

  @Override
  public Wire receive(Function<? super T, ? extends Wire> then, Wire onEnd) {
    return channel.receive(then, onEnd);
  }

  @Override
  public Wire forEach(Consumer<? super T> action) {
    return channel.forEach(action);
  }

  @Override
  public T tryReceive() {
    return channel.tryReceive();
  }

  @Override
  public T take() throws InterruptedException {
    return channel.take();
  }

  @Override
  public T poll(Duration timeout) throws InterruptedException {
    return channel.poll(timeout);
  }

  @Override
  public SelectCase<?> onReceive(Function<? super T, ? extends Wire> then) {
    return channel.onReceive(then);
  }

  @Override
  public SelectCase<?> onReceive(Function<? super T, ? extends Wire> then, Wire onEnd) {
    return channel.onReceive(then, onEnd);
  }

  @Override
  public Flux<T> asFlux() {
    return channel.asFlux();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public boolean isEnded() {
    return channel.isEnded();
  }

  @Override
  public int size() {
    return channel.size();
  }

  @Override
  public Channel.Statistics statistics() {
    return channel.statistics();
  }

  @Override
  public String name() {
    return channel.name();
  }

  @Override
  public String toString() {
    return "Subscription[" + name() + ", " + overflow + "]";
  }
}
