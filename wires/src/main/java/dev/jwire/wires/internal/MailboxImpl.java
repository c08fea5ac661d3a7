package dev.jwire.wires.internal;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.Channel;
import dev.jwire.wires.Mailbox;
import dev.jwire.wires.Select;
import dev.jwire.wires.SelectCase;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Mailbox}: a {@link ChannelImpl} with an owner task, a place in the {@link
 * MailboxRegistry}, and an end.
 *
 * <p>Everything that moves messages is the channel's: this class adds the owner check on the
 * receiving side, the type check on the sending side, and the close. The close runs on the owner's
 * thread (its {@code Task.onEnd} listener, or a state machine that stops): it closes the channel
 * (senders are refused from then on), leaves the registry, and drains what is left to the
 * undelivered hook, after the messages a {@link Holder} (a state machine's postponed ones) still
 * held: the oldest first.
 *
 * @param <T> the type of the messages
 */
public final class MailboxImpl<T> implements Mailbox<T> {
  private static final System.Logger LOG = System.getLogger("dev.jwire.wires.mailbox");
  private static final int PREVIEW = 10;

  /**
   * A mailbox's settings.
   *
   * @param name the name to register in the loop, or null
   * @param capacity zero or more; {@link Integer#MAX_VALUE} for unbounded
   * @param type the type sends are checked against, or null
   * @param onUndelivered the undelivered hook, or null for the logger
   * @param <T> the type of the messages
   */
  public record Config<T>(String name, int capacity, Class<T> type, Consumer<? super List<T>> onUndelivered) {}

  /** Messages taken from the mailbox that their taker has not handled yet (a state machine's postponed ones). */
  @FunctionalInterface
  public interface Holder<T> {
    /** @return the held messages, oldest first; the holder gives them up */
    List<T> release();
  }

  private final Config<T> config;
  private final EventLoop loop;
  final ChannelImpl<T> channel;
  private final AtomicBoolean closed = new AtomicBoolean();
  volatile Task owner;
  /** Owner's thread only. */
  private Holder<T> holder;

  private MailboxImpl(Config<T> config, EventLoop loop, String channelName) {
    this.config = config;
    this.loop = loop;
    this.channel = new ChannelImpl<>(channelName, config.capacity());
  }

  // ---------------------------------------------------------------------------------------------
  // Opening

  /**
   * Opens a mailbox for the running task.
   *
   * @param config the settings
   * @param ctx the running task
   * @param <T> the type of the messages
   * @return the open mailbox, bound to the task
   * @throws IllegalStateException if the task has a mailbox already
   * @throws IllegalArgumentException if the name is taken
   */
  public static <T> MailboxImpl<T> open(Config<T> config, WireContext ctx) {
    Task task = ctx.task();
    MailboxImpl<?> had = MailboxRegistry.find(task);
    if (had != null) {
      throw MailboxRegistry.taken(task, had);
    }
    MailboxImpl<T> box = create(config, ctx.loop(), "mailbox of " + task.name());
    try {
      box.bind(task);
    } catch (RuntimeException e) {
      box.unregister();
      throw e;
    }
    return box;
  }

  /**
   * Starts a task whose first wire is {@code body} applied to its mailbox; the mailbox is open, and
   * its name registered, when this returns.
   *
   * @param config the settings
   * @param loop the loop the task runs in, whose registry holds the name
   * @param starter starts a wire as a task ({@code loop::start}, {@code ctx::start})
   * @param body makes the task's first wire from its mailbox
   * @param taskName the name of the task's first wire
   * @param <T> the type of the messages
   * @return the task
   */
  public static <T> Task start(
      Config<T> config, EventLoop loop, Function<Wire, Task> starter,
      Function<? super Mailbox<T>, ? extends Wire> body, String taskName) {
    MailboxStarter<T> s = new MailboxStarter<>(config, loop);
    Wire first = Wire.defer(ctx -> {
      Wire w = body.apply(s.bind(ctx.task()));
      return w == null ? Wire.nothing() : w;
    }).named(taskName);
    Task task;
    try {
      task = starter.apply(first);
    } catch (RuntimeException e) {
      s.abandon();
      throw e;
    }
    s.bind(task);
    return task;
  }

  /**
   * {@link #start(Config, EventLoop, Function, Function, String)} with the default task name.
   *
   * @param config the settings
   * @param loop the loop
   * @param starter starts a wire as a task
   * @param body makes the task's first wire from its mailbox
   * @param <T> the type of the messages
   * @return the task
   */
  public static <T> Task start(
      Config<T> config, EventLoop loop, Function<Wire, Task> starter, Function<? super Mailbox<T>, ? extends Wire> body) {
    return start(config, loop, starter, body, config.name() != null ? config.name() : "mailbox");
  }

  static <T> MailboxImpl<T> create(Config<T> config, EventLoop loop, String unnamed) {
    MailboxImpl<T> box = new MailboxImpl<>(config, loop, config.name() != null ? config.name() : unnamed);
    if (config.name() != null) {
      MailboxRegistry.registerName(loop, config.name(), box);
    }
    return box;
  }

  /** Makes {@code task} the owner: registered under it, closed when it ends. */
  void bind(Task task) {
    owner = task;
    MailboxRegistry.registerTask(task, this);
    task.onEnd(t -> close());
  }

  void unregister() {
    MailboxRegistry.unregister(loop, config.name(), owner, this);
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  /**
   * Closes the mailbox: refuses senders, leaves the registry, and hands what is left (held messages
   * first) to the undelivered hook. Idempotent. On the owner's thread.
   */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channel.close();
    unregister();
    List<T> left = new ArrayList<>();
    Holder<T> h = holder;
    holder = null;
    if (h != null) {
      left.addAll(h.release());
    }
    for (T m = channel.tryReceive(); m != null; m = channel.tryReceive()) {
      left.add(m);
    }
    report(left);
  }

  /**
   * Registers {@code h} as the holder of messages taken but not handled; a previous holder's
   * messages go back to the head of the mailbox first (they are older than anything in it). On the
   * owner's thread.
   *
   * @param h the holder
   */
  public void hold(Holder<T> h) {
    Holder<T> previous = holder;
    holder = h;
    if (previous != null) {
      returnToHead(previous.release());
    }
  }

  /**
   * Forgets {@code h} if it is the holder. On the owner's thread.
   *
   * @param h the holder
   */
  public void release(Holder<T> h) {
    if (holder == h) {
      holder = null;
    }
  }

  /**
   * Puts {@code messages} back at the head of the mailbox, in their order, ahead of what is in it;
   * once closed, they go to the undelivered hook instead. On the owner's thread.
   *
   * @param messages oldest first
   */
  public void returnToHead(List<T> messages) {
    if (closed.get()) {
      report(messages);
      return;
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      channel.giveBack(messages.get(i));
    }
  }

  private void report(List<T> left) {
    if (left.isEmpty()) {
      return;
    }
    Consumer<? super List<T>> hook = config.onUndelivered();
    if (hook == null) {
      List<T> preview = left.size() > PREVIEW ? left.subList(0, PREVIEW) : left;
      LOG.log(Level.WARNING, name() + " closed with " + left.size() + " undelivered message(s): " + preview
          + (left.size() > PREVIEW ? " ..." : "") + ". Give it an onUndelivered hook to handle them");
      return;
    }
    try {
      hook.accept(Collections.unmodifiableList(left));
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "the onUndelivered hook of " + name() + " threw", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving: the owner only

  @Override
  public Wire receive(Function<? super T, ? extends Wire> then) {
    return owned(channel.receive(then));
  }

  @Override
  public Wire receive(Duration timeout, Function<? super T, ? extends Wire> then, Wire onTimeout) {
    Checks.notNegative(timeout, "timeout");
    Checks.notNull(onTimeout, "onTimeout");
    return owned(Select.select(channel.onReceive(then), Select.onTimeout(timeout, onTimeout)));
  }

  @Override
  public SelectCase<?> onReceive(Function<? super T, ? extends Wire> then) {
    return OwnedCase.of(this, channel.onReceive(then));
  }

  @Override
  public T tryReceive() {
    return channel.tryReceive();
  }

  private Wire owned(Wire receive) {
    return Wire.defer(ctx -> {
      checkOwner(ctx.task());
      return receive;
    });
  }

  void checkOwner(Task receiver) {
    Task o = owner;
    if (o != receiver) {
      throw new IllegalStateException("task '" + receiver.name() + "' cannot receive from " + name()
          + ": only its owner, task '" + (o == null ? "?" : o.name()) + "', may. Send to it instead");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sending: anyone

  @Override
  public Wire send(T message) {
    return channel.send(checked(message));
  }

  @Override
  public Wire send(T message, Wire next) {
    return channel.send(checked(message), Checks.notNull(next, "next"));
  }

  @Override
  public boolean trySend(T message) {
    return channel.trySend(checked(message));
  }

  @Override
  public void put(T message) throws InterruptedException {
    channel.put(checked(message));
  }

  @Override
  public boolean offer(T message, Duration timeout) throws InterruptedException {
    return channel.offer(checked(message), timeout);
  }

  @Override
  public SelectCase<?> onSend(T message, Wire next) {
    return channel.onSend(checked(message), next);
  }

  private T checked(T message) {
    Checks.notNull(message, "message");
    Class<T> type = config.type();
    if (type != null && !type.isInstance(message)) {
      throw new IllegalArgumentException("message : " + message + " (expected: a " + type.getName()
          + ", the type of " + name() + "; it is a " + message.getClass().getName() + ")");
    }
    return message;
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection

  @Override
  public Task owner() {
    return owner;
  }

  @Override
  public String name() {
    return config.name() != null ? "mailbox '" + config.name() + "'" : channel.name();
  }

  @Override
  public Optional<String> registeredName() {
    return Optional.ofNullable(config.name());
  }

  /** @return the type sends are checked against, or null */
  public Class<T> type() {
    return config.type();
  }

  /** @return the loop whose registry holds the name */
  public EventLoop loop() {
    return loop;
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public int size() {
    return channel.size();
  }

  @Override
  public int capacity() {
    return channel.capacity();
  }

  @Override
  public Channel.Statistics statistics() {
    return channel.statistics();
  }

  @Override
  public String toString() {
    Task o = owner;
    return name() + (o == null ? "" : " of task '" + o.name() + "'") + (isOpen() ? "" : " (closed)");
  }
}
