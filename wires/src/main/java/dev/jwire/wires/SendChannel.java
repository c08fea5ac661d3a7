package dev.jwire.wires;

import dev.jwire.engine.Wire;
import java.time.Duration;
import org.reactivestreams.Subscriber;

/**
 * The sending side of a {@link Channel}: what a producer may do.
 *
 * <p><b>Three ways to send.</b> Wires {@link #send} (wait without a thread while the channel is full);
 * plain threads {@link #put} / {@link #offer(Object, Duration)} (block the calling thread, refused on
 * a loop thread); anyone {@link #trySend} (never waits). A full channel never drops a message: the
 * sender waits, or {@code trySend} says no.
 *
 * <p><b>Fairness.</b> Waiting senders are served first come, first served.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits to send leaves the queue, and its message
 * is not sent, unless the cancellation raced with the channel taking it: then the message was
 * delivered, exactly once, and only the sender's continuation is dropped.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 *
 * @param <T> the type of the messages; never null
 */
public interface SendChannel<T> {

  /**
   * A wire that sends {@code value}, waiting (without a thread) while the channel is full, and is
   * then done.
   *
   * <p><b>Errors.</b> Fails with {@link ChannelClosedException} if the channel is closed before the
   * message is taken (the message is then not sent).
   *
   * @param value the message; not null
   * @return the wire
   */
  Wire send(T value);

  /**
   * Like {@link #send(Object)}, continuing with {@code next} once the message is sent.
   *
   * @param value the message; not null
   * @param next the successor
   * @return the wire
   */
  Wire send(T value, Wire next);

  /**
   * Sends {@code value} if the channel can take it now (a receiver waits, or there is room); never
   * waits.
   *
   * @param value the message; not null
   * @return true if sent; false if the channel is full or closed (the caller keeps the message)
   */
  boolean trySend(T value);

  /**
   * Sends {@code value}, blocking the calling <em>plain</em> thread while the channel is full.
   *
   * @param value the message; not null
   * @throws InterruptedException if the thread is interrupted while waiting (the message is not sent)
   * @throws ChannelClosedException if the channel is closed, or is closed while waiting
   * @throws IllegalStateException if called on a loop thread or another non-blocking thread
   */
  void put(T value) throws InterruptedException;

  /**
   * Like {@link #put}, waiting at most {@code timeout}.
   *
   * @param value the message; not null
   * @param timeout how long to wait; zero or more
   * @return whether the message was sent
   * @throws InterruptedException if the thread is interrupted while waiting (the message is not sent)
   * @throws ChannelClosedException if the channel is closed, or is closed while waiting
   * @throws IllegalStateException if called on a loop thread or another non-blocking thread
   */
  boolean offer(T value, Duration timeout) throws InterruptedException;

  /**
   * A {@link Select#select select} case that wins when the channel takes {@code value}, and then
   * continues with {@code next}. The message is sent only if this case wins. On a closed channel
   * the case wins at once and the select fails with {@link ChannelClosedException}.
   *
   * @param value the message; not null
   * @param next the successor after sending
   * @return the case
   */
  SelectCase<?> onSend(T value, Wire next);

  /**
   * Closes the channel: no message is accepted any more; receivers drain what is left, then see the
   * end. Waiting senders fail with {@link ChannelClosedException}. Idempotent.
   *
   * @return true if this call closed the channel
   */
  boolean close();

  /**
   * Closes the channel with an error: like {@link #close()}, but once drained, receivers fail with a
   * {@link ChannelClosedException} caused by {@code cause} (the producer failed).
   *
   * @param cause the error; not null
   * @return true if this call closed the channel
   */
  boolean close(Throwable cause);

  /** @return whether the channel is still open (spool's {@code alive}) */
  boolean isOpen();

  /**
   * A Reactive Streams {@code Subscriber} that sends what it receives into this channel, with
   * back-pressure: it requests from its publisher only as the channel takes messages, so a slow
   * consumer slows the publisher down instead of losing messages. The publisher's completion
   * closes the channel once its messages are in; its error closes it with that error. Subscribe it
   * to one publisher only. If the channel is closed by someone else, it cancels its publisher and
   * drops what the publisher still sends.
   *
   * @return a new subscriber
   */
  Subscriber<T> subscriber();

  /** @return a snapshot of the channel's counters */
  Channel.Statistics statistics();

  /** @return the channel's name, for messages and dumps */
  String name();
}
