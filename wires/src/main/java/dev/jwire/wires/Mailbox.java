package dev.jwire.wires;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.MailboxImpl;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A task's own queue of messages (Erlang's and asyncoro's process mailbox, spool's per-coroutine
 * channel): anyone may send to it, by this handle, by the task ({@link Mailboxes#send(Task,
 * Object)}) or by a name registered in the loop ({@link Mailboxes#send(String, Object)}); only the
 * task it belongs to receives from it.
 *
 * <pre>{@code
 * Wire server = Wire.defer(ctx -> serve(Mailbox.open(ctx, 64)));     // bounded: 64 messages
 *
 * Wire serve(Mailbox<Request> inbox) {
 *   return inbox.receive(Duration.ofSeconds(30),
 *       request -> handle(request).then(Wire.defer(ctx -> serve(inbox))),
 *       Wire.call(() -> log("idle for 30 s: done")));
 * }
 *
 * Task server = loop.start(server);
 * Mailboxes.trySend(server, new Request("ping"));                   // from any thread
 * }</pre>
 *
 * <p>A mailbox is a {@link Channel} with an owner: it has the channel's guarantees (FIFO, each
 * message received once, never lost in a race with a cancellation, senders served in order, plain
 * threads welcome) and its three ways to send: {@link #send} (a wire, waits while full), {@link
 * #put} (a plain thread, blocks while full), {@link #trySend} (never waits).
 *
 * <p><b>Life.</b> {@link #open} (or a {@link Builder}) opens a mailbox for the running task: at
 * most one per task. {@link Builder#start(EventLoop, Function)} starts a task with its mailbox
 * already open and its name registered, so that messages sent right after the start are not
 * refused. The mailbox closes when its task ends, however it ends (done, failed, cancelled): then
 * senders are refused ({@link ChannelClosedException}, or {@code false} from {@code trySend}) and
 * its name is free again.
 *
 * <p><b>Nothing is silently lost.</b> Messages still inside when the mailbox closes go, in order,
 * to its {@link Builder#onUndelivered undelivered hook}; without one they are reported on the
 * {@code dev.jwire.wires.mailbox} system logger at {@code WARNING}.
 *
 * <p><b>Threading.</b> Sending and the accessors: any thread. The receiving wires and select case:
 * the owner task's steps only; a receive from another task fails with an {@link
 * IllegalStateException} naming both.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Messages sent by task or by name before the task has opened its mailbox are refused: open
 *       it in the task's first step, or start the task with {@link Builder#start}.
 *   <li>To receive with a time limit, use {@link #receive(Duration, Function, Wire)}, not {@link
 *       Wires#timeout}: that one runs the receive in a task of its own, which does not own the
 *       mailbox.
 * </ul>
 *
 * @param <T> the type of the messages; never null
 */
public interface Mailbox<T> {

  /**
   * Opens a bounded mailbox for the running task: up to {@code capacity} messages wait in it;
   * beyond, senders wait ({@code send}, {@code put}) or are refused ({@code trySend}).
   *
   * @param ctx the running task's context; the task must not have a mailbox yet
   * @param capacity at least 1
   * @param <T> the type of the messages
   * @return the open mailbox
   * @throws IllegalStateException if the task has a mailbox already
   */
  static <T> Mailbox<T> open(WireContext ctx, int capacity) {
    return Mailbox.<T>builder().capacity(Checks.atLeast(capacity, 1, "capacity")).open(ctx);
  }

  /**
   * @param <T> the type of the messages
   * @return a builder for a mailbox with a name, an unusual capacity or an undelivered hook
   */
  static <T> Builder<T> builder() {
    return new Builder<>(null);
  }

  /**
   * A builder for a mailbox that checks the type of what is sent to it: a message of another type
   * sent by task or by name ({@link Mailboxes}) fails at the sender, not in the receiver.
   *
   * @param type the type of the messages
   * @param <T> the type of the messages
   * @return the builder
   */
  static <T> Builder<T> builder(Class<T> type) {
    return new Builder<>(Checks.notNull(type, "type"));
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving: the owner task only

  /**
   * A wire that takes the next message and continues with {@code then.apply(message)}, waiting
   * (without a thread) while the mailbox is empty.
   *
   * <p><b>Errors.</b> Run by another task than the owner, it fails with {@link
   * IllegalStateException}.
   *
   * @param then makes the successor from the message; on the owner's thread; may return null (done)
   * @return the wire
   */
  Wire receive(Function<? super T, ? extends Wire> then);

  /**
   * Like {@link #receive(Function)}, giving up after {@code timeout} on the loop's clock (virtual
   * time in a virtual-time loop): then it continues with {@code onTimeout}, and no message is
   * taken. A message already waiting wins even with a zero timeout.
   *
   * <pre>{@code inbox.receive(ofSeconds(5), msg -> handle(msg), Wire.call(() -> log("quiet")))}</pre>
   *
   * @param timeout how long to wait; zero or more
   * @param then makes the successor from the message
   * @param onTimeout the successor if no message came in time
   * @return the wire
   */
  Wire receive(Duration timeout, Function<? super T, ? extends Wire> then, Wire onTimeout);

  /**
   * A {@link Select#select select} case that wins with the next message (the channel's case: a
   * message is taken only if this case wins). Select in the owner task only.
   *
   * @param then makes the successor from the message
   * @return the case
   */
  SelectCase<?> onReceive(Function<? super T, ? extends Wire> then);

  /**
   * The next message if there is one now; never waits. Meant for the owner's steps (it is not
   * checked).
   *
   * @return the message, or null if the mailbox is empty
   */
  T tryReceive();

  // ---------------------------------------------------------------------------------------------
  // Sending: anyone

  /**
   * A wire that sends {@code message}, waiting (without a thread) while the mailbox is full.
   *
   * <p><b>Errors.</b> Fails with {@link ChannelClosedException} if the owner task has ended.
   *
   * @param message the message; not null
   * @return the wire
   */
  Wire send(T message);

  /**
   * Like {@link #send(Object)}, continuing with {@code next} once the message is in.
   *
   * @param message the message; not null
   * @param next the successor
   * @return the wire
   */
  Wire send(T message, Wire next);

  /**
   * Sends {@code message} if the mailbox can take it now; never waits.
   *
   * @param message the message; not null
   * @return true if sent; false if the mailbox is full or closed (its task has ended)
   */
  boolean trySend(T message);

  /**
   * Sends {@code message}, blocking the calling <em>plain</em> thread while the mailbox is full.
   *
   * @param message the message; not null
   * @throws InterruptedException if the thread is interrupted while waiting (nothing is sent)
   * @throws ChannelClosedException if the owner task has ended
   * @throws IllegalStateException on a loop thread (which must never block)
   */
  void put(T message) throws InterruptedException;

  /**
   * Like {@link #put}, waiting at most {@code timeout}.
   *
   * @param message the message; not null
   * @param timeout how long to wait; zero or more
   * @return whether the message was sent
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws ChannelClosedException if the owner task has ended
   */
  boolean offer(T message, Duration timeout) throws InterruptedException;

  /**
   * A {@link Select#select select} case that wins when the mailbox takes {@code message}.
   *
   * @param message the message; not null
   * @param next the successor after sending
   * @return the case
   */
  SelectCase<?> onSend(T message, Wire next);

  // ---------------------------------------------------------------------------------------------
  // Introspection

  /** @return the task that receives from this mailbox; null only while {@link Builder#start} starts it */
  Task owner();

  /** @return the registered name if any, else a description such as {@code mailbox of worker#3} */
  String name();

  /** @return the name registered in the loop, if any */
  Optional<String> registeredName();

  /** @return whether the mailbox still accepts messages: its task has not ended */
  boolean isOpen();

  /** @return the number of messages waiting now */
  int size();

  /** @return how many messages it holds; {@link Integer#MAX_VALUE} if unbounded */
  int capacity();

  /** @return a snapshot of the mailbox's counters, as a channel's */
  Channel.Statistics statistics();

  /**
   * Builds mailboxes; reusable: each {@code open} or {@code start} makes a new one.
   *
   * @param <T> the type of the messages
   */
  final class Builder<T> {
    private final Class<T> type;
    private int capacity = 16;
    private String name;
    private Consumer<? super List<T>> onUndelivered;

    private Builder(Class<T> type) {
      this.type = type;
    }

    /**
     * @param capacity zero (each send waits for the owner to receive) or more; default 16
     * @return this builder
     */
    public Builder<T> capacity(int capacity) {
      this.capacity = Checks.atLeast(capacity, 0, "capacity");
      return this;
    }

    /** @return this builder, for a mailbox whose senders never wait: only if they are bounded otherwise */
    public Builder<T> unbounded() {
      this.capacity = Integer.MAX_VALUE;
      return this;
    }

    /**
     * Registers the mailbox under {@code name} in its task's loop, while it is open.
     *
     * @param name unique in the loop; not blank
     * @return this builder
     */
    public Builder<T> name(String name) {
      this.name = Checks.notBlank(name, "name");
      return this;
    }

    /**
     * Where the messages left in the mailbox when it closes go, in the order they came: called once,
     * with at least one message, on the owner's thread. Default: a warning on the {@code
     * dev.jwire.wires.mailbox} system logger. What the hook throws is logged.
     *
     * @param hook receives the undelivered messages
     * @return this builder
     */
    public Builder<T> onUndelivered(Consumer<? super List<T>> hook) {
      this.onUndelivered = Checks.notNull(hook, "hook");
      return this;
    }

    /**
     * Opens the mailbox for the running task.
     *
     * @param ctx the running task's context
     * @return the open mailbox
     * @throws IllegalStateException if the task has a mailbox already
     * @throws IllegalArgumentException if the name is taken in the task's loop
     */
    public Mailbox<T> open(WireContext ctx) {
      Checks.notNull(ctx, "ctx");
      return MailboxImpl.open(config(), ctx);
    }

    /**
     * Starts {@code body} as a new task of {@code loop} whose mailbox is open, and its name
     * registered, before this method returns: messages may be sent to the task at once.
     *
     * @param loop the loop
     * @param body makes the task's first wire from its mailbox; on the task's thread
     * @return the task
     * @throws IllegalArgumentException if the name is taken in the loop
     */
    public Task start(EventLoop loop, Function<? super Mailbox<T>, ? extends Wire> body) {
      Checks.notNull(loop, "loop");
      Checks.notNull(body, "body");
      return MailboxImpl.start(config(), loop, loop::start, body);
    }

    /**
     * Like {@link #start(EventLoop, Function)}, for a task beside the running one ({@code
     * ctx.start}).
     *
     * @param ctx the running task's context
     * @param body makes the new task's first wire from its mailbox
     * @return the new task
     */
    public Task start(WireContext ctx, Function<? super Mailbox<T>, ? extends Wire> body) {
      Checks.notNull(ctx, "ctx");
      Checks.notNull(body, "body");
      return MailboxImpl.start(config(), ctx.loop(), ctx::start, body);
    }

    MailboxImpl.Config<T> config() {
      return new MailboxImpl.Config<>(name, capacity, type, onUndelivered);
    }
  }
}
