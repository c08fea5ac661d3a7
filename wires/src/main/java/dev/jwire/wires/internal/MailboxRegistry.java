package dev.jwire.wires.internal;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.internal.Checks;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where mailboxes are found: by their owner task, and by the name registered in their loop.
 *
 * <p>Process-wide, like {@code BlockingExecutors}, but every entry lives only as long as its
 * mailbox: a mailbox leaves both maps when it closes, which is at the latest when its task ends.
 * So the maps hold live tasks only, and a loop that has ended leaves nothing behind. Names are
 * unique per loop: the key is the pair (loop, name), compared by the loop's identity.
 */
public final class MailboxRegistry {
  private static final ConcurrentHashMap<Task, MailboxImpl<?>> BY_TASK = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Key, MailboxImpl<?>> BY_NAME = new ConcurrentHashMap<>();

  private MailboxRegistry() {}

  /** A name in one loop. */
  private record Key(EventLoop loop, String name) {}

  /**
   * Reserves {@code name} in {@code loop} for {@code box}.
   *
   * @throws IllegalArgumentException if the name is taken in that loop
   */
  static void registerName(EventLoop loop, String name, MailboxImpl<?> box) {
    MailboxImpl<?> had = BY_NAME.putIfAbsent(new Key(loop, name), box);
    Checks.argument(had == null, "name : " + Checks.quote(name) + " (expected: a name not registered in loop '"
        + loop.name() + "'; it is taken by " + had + ")");
  }

  /**
   * Records {@code box} as the mailbox of {@code task}.
   *
   * @throws IllegalStateException if the task has a mailbox already
   */
  static void registerTask(Task task, MailboxImpl<?> box) {
    MailboxImpl<?> had = BY_TASK.putIfAbsent(task, box);
    if (had != null && had != box) {
      throw taken(task, had);
    }
  }

  /** @return the error of a second mailbox for {@code task} */
  static IllegalStateException taken(Task task, MailboxImpl<?> had) {
    return new IllegalStateException("task '" + task.name() + "' has a mailbox already (" + had
        + "): a task has at most one. Use Mailboxes.of(task) to reach it");
  }

  /** Forgets {@code box} under its task and its name, if it is still registered there. */
  static void unregister(EventLoop loop, String name, Task task, MailboxImpl<?> box) {
    if (name != null) {
      BY_NAME.remove(new Key(loop, name), box);
    }
    if (task != null) {
      BY_TASK.remove(task, box);
    }
  }

  /**
   * @param task a task
   * @return its open mailbox, or null
   */
  public static MailboxImpl<?> find(Task task) {
    return BY_TASK.get(Checks.notNull(task, "task"));
  }

  /**
   * @param loop a loop
   * @param name a name
   * @return the open mailbox registered under {@code name} in {@code loop}, or null
   */
  public static MailboxImpl<?> find(EventLoop loop, String name) {
    return BY_NAME.get(new Key(Checks.notNull(loop, "loop"), Checks.notNull(name, "name")));
  }

  /**
   * @param loop a loop
   * @return the names registered in it now, sorted
   */
  public static Set<String> names(EventLoop loop) {
    Checks.notNull(loop, "loop");
    Set<String> names = new TreeSet<>();
    BY_NAME.keySet().forEach(k -> {
      if (k.loop() == loop) {
        names.add(k.name());
      }
    });
    return names;
  }
}
