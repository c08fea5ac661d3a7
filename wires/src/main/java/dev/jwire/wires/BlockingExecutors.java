package dev.jwire.wires;

import dev.jwire.engine.internal.Checks;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * Named executors for blocking work (ayo's {@code aside_in('notifications', ...)}): register an
 * executor once, at start-up, and refer to it by name in {@link Blocking#callOn(String,
 * java.util.concurrent.Callable, java.util.function.Function) Blocking.callOn(name, ...)}.
 *
 * <pre>{@code
 * BlockingExecutors.register("db", BlockingPool.builder().name("db").maxConcurrency(8).build());
 * Wire load = Blocking.callOn("db", () -> repository.load(id), row -> show(row));
 * }</pre>
 *
 * <p><b>Scope.</b> The registry is process-wide, like a JDBC {@code DriverManager}: the engine has
 * no per-loop extension point yet, and an executor (a database pool, say) usually serves every
 * loop of a process anyway. Tests that register names should unregister them when done. The name
 * {@value #DEFAULT} is reserved: it always means {@link BlockingPool#defaultPool()}.
 *
 * <p><b>Binding.</b> A name is checked when a wire is built, so a typo fails at once, and looked
 * up again each time the wire runs, so re-registering a name redirects wires already built.
 *
 * <p><b>Threading.</b> Every method may be called from any thread and never blocks.
 *
 * <p><b>Errors.</b> Registering a taken name, or looking up an unknown one, throws {@link
 * IllegalArgumentException} naming the name and the registered names.
 */
public final class BlockingExecutors {
  /** The reserved name of {@link BlockingPool#defaultPool()}. */
  public static final String DEFAULT = "default";

  private static final ConcurrentMap<String, Executor> EXECUTORS = new ConcurrentHashMap<>();

  private BlockingExecutors() {}

  /**
   * Registers {@code executor} under {@code name}. The registry does not own it: whoever
   * registered it shuts it down, after {@link #unregister}ing it.
   *
   * @param name the name; not blank, not {@value #DEFAULT}
   * @param executor runs the work on threads other than the caller's; its {@code execute} should
   *     not block (a {@link BlockingPool} never does)
   * @throws IllegalArgumentException if an argument is null or blank, or the name is taken
   */
  public static void register(String name, Executor executor) {
    Checks.notBlank(name, "name");
    Checks.notNull(executor, "executor");
    Checks.argument(!DEFAULT.equals(name), "name : \"default\" (expected: not the reserved name of the default pool)");
    Executor previous = EXECUTORS.putIfAbsent(name, executor);
    if (previous != null) {
      throw new IllegalArgumentException(
          "name : " + Checks.quote(name) + " (expected: not yet registered; it names " + previous
              + ". Unregister it first)");
    }
  }

  /**
   * Removes {@code name}. Wires built with it fail when they next run.
   *
   * @param name the name
   * @return whether it was registered
   * @throws IllegalArgumentException if {@code name} is null
   */
  public static boolean unregister(String name) {
    return EXECUTORS.remove(Checks.notNull(name, "name")) != null;
  }

  /**
   * @param name a registered name, or {@value #DEFAULT}
   * @return the executor registered under {@code name}
   * @throws IllegalArgumentException if no executor has that name
   */
  public static Executor get(String name) {
    Executor e = find(Checks.notNull(name, "name"));
    if (e == null) {
      throw new IllegalArgumentException(unknown(name));
    }
    return e;
  }

  /**
   * @param name a name; may be null
   * @return whether {@code name} is registered (or is {@value #DEFAULT})
   */
  public static boolean contains(String name) {
    return name != null && find(name) != null;
  }

  /** @return a sorted snapshot of the registered names, {@value #DEFAULT} included */
  public static SortedSet<String> names() {
    TreeSet<String> names = new TreeSet<>(EXECUTORS.keySet());
    names.add(DEFAULT);
    return Collections.unmodifiableSortedSet(names);
  }

  static Executor find(String name) {
    return DEFAULT.equals(name) ? BlockingPool.defaultPool() : EXECUTORS.get(name);
  }

  static String unknown(String name) {
    return "executor : " + Checks.quote(name) + " (expected: a registered name, one of " + names()
        + "; register it with BlockingExecutors.register(" + Checks.quote(name) + ", executor))";
  }
}
