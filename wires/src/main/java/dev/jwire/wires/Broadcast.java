package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.BroadcastImpl;

/**
 * One-to-many message passing (asyncoro's broadcasting channels): every subscriber gets every
 * message sent after it subscribed, in the order they were sent.
 *
 * <pre>{@code
 * Broadcast<Tick> ticks = Broadcast.create("ticks");
 * Broadcast.Subscription<Tick> chart = ticks.subscribe(64, Broadcast.Overflow.DROP_OLDEST);
 * Broadcast.Subscription<Tick> audit = ticks.subscribe(1024, Broadcast.Overflow.WAIT);
 * loop.start(chart.forEach(this::draw));
 * loop.start(audit.forEach(this::store));
 * loop.start(ticks.send(new Tick(...), next));
 * }</pre>
 *
 * <p><b>Slow subscribers.</b> Each subscription has its own buffer and its own {@link Overflow}
 * policy for when that buffer is full: the sender {@link Overflow#WAIT waits} for it (the other
 * subscribers have the message already), the subscriber {@link Overflow#DROP_OLDEST loses its oldest
 * message} (counted in its {@code statistics().dropped()}), or the subscriber {@link Overflow#FAIL
 * fails} and is dropped. Nothing is silent: a waiting sender shows in the subscription's statistics
 * as a waiting sender, a drop is counted, a failure is an error the subscriber sees.
 *
 * <p><b>Order.</b> Sends are serialized: all subscribers see the messages in the same order.
 *
 * <p><b>Cancellation.</b> Cancelling a sender that waits for {@code WAIT} subscribers withdraws the
 * message from those that have not taken it; the others keep it.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 *
 * @param <T> the type of the messages; never null
 */
public interface Broadcast<T> {

  /**
   * @param <T> the type of the messages
   * @return a new, open broadcast
   */
  static <T> Broadcast<T> create() {
    return new BroadcastImpl<>(null);
  }

  /**
   * @param name the name in messages and statistics; not blank
   * @param <T> the type of the messages
   * @return a new, open broadcast
   */
  static <T> Broadcast<T> create(String name) {
    return new BroadcastImpl<>(Checks.notBlank(name, "name"));
  }

  /**
   * Subscribes: the subscription receives every message sent from now on, like a {@link Channel}
   * (wires, threads, select, {@code asFlux()}). Subscribing to a closed broadcast gives an ended
   * subscription.
   *
   * @param capacity the subscription's buffer; at least 1
   * @param overflow what happens when a message comes and the buffer is full
   * @return the subscription; close it to unsubscribe
   */
  Subscription<T> subscribe(int capacity, Overflow overflow);

  /**
   * A wire that sends {@code value} to every subscriber, waiting (without a thread) while a {@link
   * Overflow#WAIT} subscriber is full, and is then done.
   *
   * <p><b>Errors.</b> Fails with {@link ChannelClosedException} if the broadcast is closed.
   *
   * @param value the message; not null
   * @return the wire
   */
  Wire send(T value);

  /**
   * Like {@link #send(Object)}, continuing with {@code next}.
   *
   * @param value the message; not null
   * @param next the successor
   * @return the wire
   */
  Wire send(T value, Wire next);

  /**
   * Sends {@code value} to every subscriber if no {@link Overflow#WAIT} subscriber is full; never
   * waits. All or nothing.
   *
   * @param value the message; not null
   * @return true if sent; false if a waiting subscriber is full or the broadcast is closed
   */
  boolean trySend(T value);

  /**
   * Sends {@code value}, blocking the calling <em>plain</em> thread while a {@link Overflow#WAIT}
   * subscriber is full.
   *
   * @param value the message; not null
   * @throws InterruptedException if interrupted while waiting (subscribers that have not taken the
   *     message yet will not get it)
   * @throws ChannelClosedException if the broadcast is closed
   * @throws IllegalStateException if called on a loop thread
   */
  void put(T value) throws InterruptedException;

  /**
   * Closes the broadcast: no more sends; every subscription drains what it has, then ends. A sender
   * waiting for a full subscriber is released. Idempotent.
   *
   * @return true if this call closed it
   */
  boolean close();

  /** @return whether the broadcast is open */
  boolean isOpen();

  /** @return the number of current subscriptions */
  int subscribers();

  /** @return the broadcast's name */
  String name();

  /** What a subscription does with a message that finds its buffer full. */
  enum Overflow {
    /** The sender waits until the subscriber has room (back-pressure on everyone). */
    WAIT,
    /** The subscriber's oldest buffered message is dropped, and counted. */
    DROP_OLDEST,
    /** The subscription is closed with a {@link BroadcastOverflowException} and dropped. */
    FAIL
  }

  /**
   * A subscriber's side of a {@link Broadcast}: a receive-only channel of its own.
   *
   * @param <T> the type of the messages
   */
  interface Subscription<T> extends ReceiveChannel<T>, AutoCloseable {
    /** @return the subscription's overflow policy */
    Overflow overflow();

    /**
     * Unsubscribes: no further messages; what is buffered is still received, then the end.
     * Idempotent.
     */
    @Override
    void close();
  }
}
