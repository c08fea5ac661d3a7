package dev.jwire.wires;

import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.ChannelImpl;
import org.reactivestreams.Publisher;

/**
 * A queue of messages between wires, and between wires and plain threads (Go's channels, spool's
 * per-thread channels, asyncoro's one-to-one message passing). Both sides in one object; hand out
 * {@link SendChannel} or {@link ReceiveChannel} to give only one of them.
 *
 * <pre>{@code
 * Channel<String> lines = Channel.bounded(16);
 * Wire producer = lines.send("a", lines.send("b", Wire.call(() -> lines.close())));
 * Wire consumer = lines.forEach(System.out::println);      // prints a, b, then is done
 * loop.start(producer);
 * loop.start(consumer);
 * }</pre>
 *
 * <p><b>Capacity.</b> {@link #bounded} holds up to {@code capacity} messages; a sender to a full
 * channel waits (a wire without a thread, a plain thread blocked), nothing is dropped. {@link
 * #rendezvous()} holds none: each send waits for a receiver. {@link #unbounded()} never makes a
 * sender wait: choose it only when the producer is bounded by other means.
 *
 * <p><b>Guarantees.</b> Messages come out in the order they went in (FIFO); each message reaches
 * exactly one receiver, or stays in the channel: never lost, never duplicated, whatever the mix of
 * wires, threads, selects and cancellations. Waiting senders and receivers are served in the order
 * they came. The non-waiting operations ({@code trySend}, {@code tryReceive}, {@code close}) are
 * linearizable (checked with Lincheck).
 *
 * <p><b>Threading.</b> Every method may be called from any thread. A channel's state is guarded by
 * a short lock that is never held while a waiter is resumed; do not synchronize on a channel.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>{@link #take()} and {@link #put} block: on a loop thread they refuse with an {@link
 *       IllegalStateException}. In a wire use {@link #receive} and {@link #send}.
 *   <li>The end of a channel is not an error: {@code receive(then)} and {@code onReceive(then)} are
 *       simply done. Give an {@code onEnd} wire to do something else.
 *   <li>{@code null} is not a message: it is how {@link #tryReceive()} says "nothing".
 * </ul>
 *
 * @param <T> the type of the messages; never null
 */
public interface Channel<T> extends SendChannel<T>, ReceiveChannel<T> {

  /**
   * A channel that holds up to {@code capacity} messages.
   *
   * @param capacity at least 1 (use {@link #rendezvous()} for 0)
   * @param <T> the type of the messages
   * @return a new, open channel
   */
  static <T> Channel<T> bounded(int capacity) {
    return Channel.<T>builder().capacity(Checks.atLeast(capacity, 1, "capacity")).build();
  }

  /**
   * A channel without a buffer: each send waits until a receiver takes the message (Go's unbuffered
   * channel).
   *
   * @param <T> the type of the messages
   * @return a new, open channel
   */
  static <T> Channel<T> rendezvous() {
    return Channel.<T>builder().capacity(0).build();
  }

  /**
   * A channel whose senders never wait: it grows as needed.
   *
   * @param <T> the type of the messages
   * @return a new, open channel
   */
  static <T> Channel<T> unbounded() {
    return Channel.<T>builder().unbounded().build();
  }

  /**
   * A channel fed by {@code source}: it subscribes at once with {@link #subscriber()}, so the
   * source's back-pressure follows the channel's capacity; the source's completion closes the
   * channel once its messages are in.
   *
   * @param source the publisher
   * @param capacity at least 1
   * @param <T> the type of the messages
   * @return the channel
   */
  static <T> Channel<T> from(Publisher<? extends T> source, int capacity) {
    Checks.notNull(source, "source");
    Channel<T> channel = bounded(capacity);
    source.subscribe(channel.subscriber());
    return channel;
  }

  /**
   * @param <T> the type of the messages
   * @return a builder for a channel with a name or an unusual capacity
   */
  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** @return how many messages the channel holds; {@link Integer#MAX_VALUE} if unbounded */
  int capacity();

  /**
   * A snapshot of a channel's counters.
   *
   * @param name the channel's name
   * @param capacity its capacity ({@link Integer#MAX_VALUE} if unbounded)
   * @param size messages buffered now
   * @param waitingSenders senders (tasks, threads, select cases) waiting now
   * @param waitingReceivers receivers waiting now
   * @param sent messages accepted so far
   * @param received messages taken so far
   * @param dropped messages dropped by a {@link Broadcast} slow-subscriber policy
   * @param open whether the channel is open
   */
  record Statistics(
      String name,
      int capacity,
      int size,
      int waitingSenders,
      int waitingReceivers,
      long sent,
      long received,
      long dropped,
      boolean open) {}

  /**
   * Builds a {@link Channel}.
   *
   * @param <T> the type of the messages
   */
  final class Builder<T> {
    private int capacity = 16;
    private String name;

    private Builder() {}

    /**
     * @param capacity zero (rendezvous) or more; default 16
     * @return this builder
     */
    public Builder<T> capacity(int capacity) {
      this.capacity = Checks.atLeast(capacity, 0, "capacity");
      return this;
    }

    /** @return this builder, for a channel whose senders never wait */
    public Builder<T> unbounded() {
      this.capacity = Integer.MAX_VALUE;
      return this;
    }

    /**
     * @param name the channel's name in messages and statistics; not blank
     * @return this builder
     */
    public Builder<T> name(String name) {
      this.name = Checks.notBlank(name, "name");
      return this;
    }

    /** @return a new, open channel */
    public Channel<T> build() {
      return new ChannelImpl<>(name, capacity);
    }
  }
}
