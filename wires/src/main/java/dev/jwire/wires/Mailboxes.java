package dev.jwire.wires;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.MailboxImpl;
import dev.jwire.wires.internal.MailboxRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * Sending to a task's {@link Mailbox} by address: by the task itself (Erlang's {@code Pid ! Msg},
 * asyncoro's {@code coro.send(msg)}), or by the name its mailbox is registered under in a loop
 * (Erlang's registered names). And finding mailboxes.
 *
 * <pre>{@code
 * Task worker = loop.start(workerWire);                         // opens its mailbox in its first step
 * Mailboxes.trySend(worker, job);                               // any thread; false if full or gone
 * Wire tell = Mailboxes.send("logger", "started", next);        // a wire: the name is looked up in its loop
 * Mailboxes.put(loop, "logger", "from a thread");               // a plain thread, blocks while full
 * }</pre>
 *
 * <p><b>Addresses are resolved when used.</b> A wire looks the address up each time it runs; the
 * plain methods at the call. A mailbox leaves the registry when its task ends, so a name can then be
 * registered again, by a restarted task say, and later sends reach the new one.
 *
 * <p><b>Errors.</b> Sending to a task that has ended fails with {@link ChannelClosedException} (its
 * mailbox closed with it); to a live task without a mailbox, or to an unknown name, with {@link
 * IllegalStateException}; the wire forms fail their step with these. {@code trySend} says {@code
 * false} in all these cases instead. A message of the wrong type for a mailbox built with a type
 * ({@link Mailbox#builder(Class)}) fails with {@link IllegalArgumentException}, at the sender.
 *
 * <p><b>Types.</b> Addressed sends take any object: without a declared type the mailbox cannot
 * check it, and a wrong message fails the receiver when it casts. Declare a type for mailboxes that
 * others reach by address.
 *
 * <p><b>Threading.</b> Every method may be called from any thread; {@code put} not on a loop thread.
 */
public final class Mailboxes {
  private Mailboxes() {}

  /**
   * @param task a task
   * @return the open mailbox of {@code task}, if it has one; receiving from it is for the task itself
   */
  @SuppressWarnings("unchecked")
  public static Optional<Mailbox<Object>> find(Task task) {
    return Optional.ofNullable((Mailbox<Object>) MailboxRegistry.find(task));
  }

  /**
   * @param loop the loop whose names to look in
   * @param name the name
   * @return the open mailbox registered under {@code name} in {@code loop}, if any
   */
  @SuppressWarnings("unchecked")
  public static Optional<Mailbox<Object>> find(EventLoop loop, String name) {
    return Optional.ofNullable((Mailbox<Object>) MailboxRegistry.find(loop, name));
  }

  /**
   * @param task a task
   * @return its open mailbox
   * @throws ChannelClosedException if the task has ended
   * @throws IllegalStateException if the task has no mailbox
   */
  public static Mailbox<Object> of(Task task) {
    return find(task).orElseThrow(() -> noMailbox(task));
  }

  /**
   * {@link #of(Task)}, typed: for sending messages of type {@code type} (sends are still checked
   * against the mailbox's own type, if it has one).
   *
   * @param task a task
   * @param type the type of the messages; must be related to the mailbox's declared type, if any
   * @param <T> the type of the messages
   * @return its open mailbox
   * @throws IllegalArgumentException if the mailbox declares an unrelated type
   */
  public static <T> Mailbox<T> of(Task task, Class<T> type) {
    return typed(of(task), type);
  }

  /**
   * @param loop the loop whose names to look in
   * @param name a registered name
   * @return the open mailbox registered under {@code name}
   * @throws IllegalStateException if no open mailbox has that name in {@code loop}
   */
  public static Mailbox<Object> named(EventLoop loop, String name) {
    return find(loop, name).orElseThrow(() -> unknown(loop, name));
  }

  /**
   * {@link #named(EventLoop, String)}, typed; see {@link #of(Task, Class)}.
   *
   * @param loop the loop whose names to look in
   * @param name a registered name
   * @param type the type of the messages
   * @param <T> the type of the messages
   * @return the open mailbox registered under {@code name}
   */
  public static <T> Mailbox<T> named(EventLoop loop, String name, Class<T> type) {
    return typed(named(loop, name), type);
  }

  /**
   * @param loop a loop
   * @return the names registered in {@code loop} now, sorted
   */
  public static Set<String> names(EventLoop loop) {
    return MailboxRegistry.names(loop);
  }

  /**
   * A wire that sends {@code message} to the mailbox of {@code to}, waiting (without a thread) while
   * it is full, and is then done.
   *
   * @param to the receiving task
   * @param message the message; not null
   * @return the wire; it fails if the task has ended or has no mailbox
   */
  public static Wire send(Task to, Object message) {
    Checks.notNull(to, "to");
    Checks.notNull(message, "message");
    return Wire.defer(ctx -> of(to).send(message)).named("send to " + to.name());
  }

  /**
   * Like {@link #send(Task, Object)}, continuing with {@code next} once the message is in.
   *
   * @param to the receiving task
   * @param message the message; not null
   * @param next the successor
   * @return the wire
   */
  public static Wire send(Task to, Object message, Wire next) {
    Checks.notNull(to, "to");
    Checks.notNull(message, "message");
    Checks.notNull(next, "next");
    return Wire.defer(ctx -> of(to).send(message, next)).named("send to " + to.name());
  }

  /**
   * A wire that sends {@code message} to the mailbox registered as {@code name} in the running
   * task's loop, waiting while it is full.
   *
   * @param name a registered name, looked up when the wire runs
   * @param message the message; not null
   * @return the wire; it fails if no mailbox has that name
   */
  public static Wire send(String name, Object message) {
    Checks.notBlank(name, "name");
    Checks.notNull(message, "message");
    return Wire.defer(ctx -> named(ctx.loop(), name).send(message)).named("send to " + name);
  }

  /**
   * Like {@link #send(String, Object)}, continuing with {@code next} once the message is in.
   *
   * @param name a registered name, looked up when the wire runs
   * @param message the message; not null
   * @param next the successor
   * @return the wire
   */
  public static Wire send(String name, Object message, Wire next) {
    Checks.notBlank(name, "name");
    Checks.notNull(message, "message");
    Checks.notNull(next, "next");
    return Wire.defer(ctx -> named(ctx.loop(), name).send(message, next)).named("send to " + name);
  }

  /**
   * Sends {@code message} to the mailbox of {@code to} if it can take it now; never waits.
   *
   * @param to the receiving task
   * @param message the message; not null
   * @return true if sent; false if the mailbox is full, or the task has ended or has no mailbox
   */
  public static boolean trySend(Task to, Object message) {
    Checks.notNull(message, "message");
    Optional<Mailbox<Object>> box = find(to);
    return box.isPresent() && box.get().trySend(message);
  }

  /**
   * Sends {@code message} to the mailbox registered as {@code name} in {@code loop} if it can take
   * it now; never waits.
   *
   * @param loop the loop whose names to look in
   * @param name the name
   * @param message the message; not null
   * @return true if sent; false if the mailbox is full, or no open mailbox has that name
   */
  public static boolean trySend(EventLoop loop, String name, Object message) {
    Checks.notNull(message, "message");
    Optional<Mailbox<Object>> box = find(loop, name);
    return box.isPresent() && box.get().trySend(message);
  }

  /**
   * Sends {@code message} to the mailbox of {@code to}, blocking the calling <em>plain</em> thread
   * while it is full.
   *
   * @param to the receiving task
   * @param message the message; not null
   * @throws InterruptedException if interrupted while waiting (nothing is sent)
   * @throws ChannelClosedException if the task has ended, before or while waiting
   * @throws IllegalStateException if the task has no mailbox, or on a loop thread
   */
  public static void put(Task to, Object message) throws InterruptedException {
    Checks.notNull(message, "message");
    of(to).put(message);
  }

  /**
   * Sends {@code message} to the mailbox registered as {@code name} in {@code loop}, blocking the
   * calling <em>plain</em> thread while it is full.
   *
   * @param loop the loop whose names to look in
   * @param name a registered name
   * @param message the message; not null
   * @throws InterruptedException if interrupted while waiting (nothing is sent)
   * @throws IllegalStateException if no open mailbox has that name, or on a loop thread
   */
  public static void put(EventLoop loop, String name, Object message) throws InterruptedException {
    Checks.notNull(message, "message");
    named(loop, name).put(message);
  }

  private static IllegalStateException noMailbox(Task task) {
    if (task.isDone()) {
      return new ChannelClosedException("cannot send to task '" + task.name() + "': it has ended ("
          + task.state() + "), and its mailbox with it", null);
    }
    return new IllegalStateException("task '" + task.name() + "' has no mailbox: open one in its wire with"
        + " Mailbox.open(ctx, capacity), or start it with Mailbox.builder()...start(loop, body)");
  }

  private static IllegalStateException unknown(EventLoop loop, String name) {
    return new IllegalStateException("no mailbox named " + Checks.quote(name) + " in loop '" + loop.name()
        + "' (registered: " + names(loop) + "); a mailbox leaves when its task ends");
  }

  @SuppressWarnings("unchecked")
  private static <T> Mailbox<T> typed(Mailbox<Object> box, Class<T> type) {
    Checks.notNull(type, "type");
    Class<?> declared = ((MailboxImpl<?>) box).type();
    Checks.argument(declared == null || declared.isAssignableFrom(type) || type.isAssignableFrom(declared),
        "type : " + type.getName() + " (expected: a type related to " + declared.getName() + ", the type of "
            + box.name() + ")");
    return (Mailbox<T>) (Mailbox<?>) box;
  }
}
