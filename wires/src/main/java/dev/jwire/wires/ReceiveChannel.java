package dev.jwire.wires;

import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * The receiving side of a {@link Channel}: what a consumer may do. Messages come out in the order
 * they went in; each message reaches exactly one receiver.
 *
 * <p><b>Three ways to receive.</b> Wires {@link #receive} (suspend the task, never a thread); plain
 * threads {@link #take} / {@link #poll(Duration)} (block the calling thread, refused on a loop
 * thread); anyone {@link #tryReceive} (never waits).
 *
 * <p><b>The end.</b> After {@link SendChannel#close()}, receivers drain what is left, then see the
 * end: {@code receive(then)} is done, {@code receive(then, onEnd)} continues with {@code onEnd},
 * {@code take()} returns null, {@link #asFlux()} completes. After {@link SendChannel#close(Throwable)}
 * they drain, then fail with a {@link ChannelClosedException} caused by that error.
 *
 * <p><b>Fairness.</b> Waiting receivers are served first come, first served.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits leaves the queue at once. A message handed
 * to a task that is cancelled before it could run goes back to the head of the channel, to the next
 * receiver: nothing is lost. (Once {@code then} has been applied to a message, the task has it; a
 * cancellation after that drops {@code then}'s successor like any step's.)
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 *
 * @param <T> the type of the messages
 */
public interface ReceiveChannel<T> {

  /**
   * A wire that takes the next message and continues with {@code then.apply(message)}, waiting
   * (without a thread) while the channel is empty. At the end of the channel the wire is done.
   *
   * <pre>{@code Wire consumer = jobs.receive(job -> Wire.call(() -> run(job)).then(consumer()));}</pre>
   *
   * @param then makes the successor from the message; runs on the task's thread; may return null
   *     (done)
   * @return the wire
   */
  Wire receive(Function<? super T, ? extends Wire> then);

  /**
   * Like {@link #receive(Function)}, but continues with {@code onEnd} at the end of the channel.
   *
   * @param then makes the successor from the message
   * @param onEnd the successor when the channel is closed and drained
   * @return the wire
   */
  Wire receive(Function<? super T, ? extends Wire> then, Wire onEnd);

  /**
   * A wire that gives every message to {@code action}, on the task's thread, until the channel is
   * closed and drained; then it is done. It runs in constant memory however many messages pass.
   *
   * @param action what to do with each message
   * @return the wire
   */
  Wire forEach(Consumer<? super T> action);

  /**
   * The next message if there is one now; never waits.
   *
   * @return the message, or null if the channel is empty (or ended: see {@link #isEnded()})
   */
  T tryReceive();

  /**
   * Takes the next message, blocking the calling <em>plain</em> thread while the channel is empty.
   *
   * @return the message, or null at the end of the channel
   * @throws InterruptedException if the thread is interrupted while waiting (no message is taken)
   * @throws ChannelClosedException at the end of a channel closed with an error
   * @throws IllegalStateException if called on a loop thread or another non-blocking thread
   */
  T take() throws InterruptedException;

  /**
   * Like {@link #take()}, waiting at most {@code timeout}.
   *
   * @param timeout how long to wait; zero or more
   * @return the message, or null if none came in time or at the end of the channel
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws ChannelClosedException at the end of a channel closed with an error
   * @throws IllegalStateException if called on a loop thread or another non-blocking thread
   */
  T poll(Duration timeout) throws InterruptedException;

  /**
   * A {@link Select#select select} case that wins with the next message and continues with {@code
   * then.apply(message)}. At the end of the channel the case wins too, and the select is done. A
   * message is only taken out of the channel for a select that chooses this case.
   *
   * @param then makes the successor from the message
   * @return the case
   */
  SelectCase<?> onReceive(Function<? super T, ? extends Wire> then);

  /**
   * Like {@link #onReceive(Function)}, continuing with {@code onEnd} at the end of the channel.
   *
   * @param then makes the successor from the message
   * @param onEnd the successor when the channel is closed and drained
   * @return the case
   */
  SelectCase<?> onReceive(Function<? super T, ? extends Wire> then, Wire onEnd);

  /**
   * The channel's messages as a Reactor {@code Flux}, with back-pressure: a message is taken out
   * of the channel only when a subscriber has requested it. Each subscriber competes for messages
   * like any other receiver (a work queue, not a broadcast: see {@link Broadcast}). Completes at
   * the end of the channel, fails after {@link SendChannel#close(Throwable)}; cancelling gives
   * back a message in flight.
   *
   * @return the flux; cold: each subscription is a receiver of its own
   */
  Flux<T> asFlux();

  /** @return whether the channel is still open for sending (spool's {@code alive}) */
  boolean isOpen();

  /** @return whether the channel is closed and drained: every receive now sees the end */
  boolean isEnded();

  /** @return the number of messages buffered now */
  int size();

  /** @return a snapshot of the channel's counters */
  Channel.Statistics statistics();

  /** @return the channel's name, for messages and dumps */
  String name();
}
