package dev.jwire.engine;

import java.util.List;

/**
 * A set of tasks that ends only when all of them have ended (Trio's nursery, ayo's execution
 * scope, asyncframes' frame). The loop is the root scope; scopes nest. Nothing outlives the scope
 * that started it: when a scope ends, none of its tasks runs another step.
 *
 * <pre>{@code
 *  open ──▶ running ──(last task ends)──▶ ended
 *              │ cancel() / timeout / fail-fast failure
 *              └──▶ cancelling: tasks and nested scopes cancelled, cleanup runs ──▶ ended
 * }</pre>
 *
 * <p>From a wire: {@link Wire#scope(ScopeOptions, java.util.function.Consumer)}; the wire ends when
 * the scope does. From plain code: {@link EventLoop#openScope(ScopeOptions)} in a try-with-resources
 * block whose {@link #close()} waits for the tasks.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 *
 * <p><b>Cancellation.</b> {@link #cancel()} cancels the tasks (no further step runs; their pending
 * timers and subscriptions are cancelled), the queued wires (never started), and nested scopes.
 * Bound resources are closed once, in reverse order, when the scope ends.
 *
 * <p><b>Errors.</b> See {@link ScopeOptions.FailurePolicy}.
 */
public interface Scope extends AutoCloseable {

  /** @return the scope's name */
  String name();

  /** @return the names from the root down, e.g. {@code jobs/batch}; empty for the root */
  String path();

  /** @return the enclosing scope, or null for the loop's root scope */
  Scope parent();

  /** @return the options the scope was opened with */
  ScopeOptions options();

  /**
   * Starts {@code wire} as a task of this scope (ayo's {@code asap}). Beyond the scope's {@link
   * ScopeOptions#maxConcurrency}, it waits unstarted.
   *
   * @param wire the wire
   * @return the task
   * @throws IllegalStateException if the scope has ended
   */
  Task start(Wire wire);

  /**
   * Starts {@code wire} with its own error handler; see {@link #start(Wire)}.
   *
   * @param wire the wire
   * @param handler receives the task's error, which then does not reach the scope's policy
   * @return the task
   */
  Task start(Wire wire, WireErrorHandler handler);

  /**
   * Starts each wire as a task of this scope, in order (ayo's {@code run.all(...)}).
   *
   * @param wires the wires
   * @return the tasks, in start order
   */
  default List<Task> startAll(Wire... wires) {
    List<Task> tasks = new java.util.ArrayList<>(wires.length);
    for (Wire w : wires) {
      tasks.add(start(w));
    }
    return tasks;
  }

  /**
   * Starts one task per item (ayo's {@code map}); with {@link ScopeOptions#collectResults()} the
   * scope's {@link #results()} then follow the items' order.
   *
   * <pre>{@code
   * Wire.scope(ScopeOptions.defaults().collectResults().maxConcurrency(8),
   *     s -> s.map(urls, url -> fetch(url)),          // each fetch ends with ctx.setResult(page)
   *     s -> render(s.results()));
   * }</pre>
   *
   * @param items the items
   * @param wireFor makes the wire for an item
   * @param <T> the items' type
   * @return the tasks, in the items' order
   */
  default <T> List<Task> map(Iterable<? extends T> items, java.util.function.Function<? super T, ? extends Wire> wireFor) {
    List<Task> tasks = new java.util.ArrayList<>();
    for (T item : items) {
      tasks.add(start(wireFor.apply(item)));
    }
    return tasks;
  }

  /**
   * Starts a daemon task (ayo's {@code dont_hold_exit}): it does not keep the scope open, and is
   * cancelled when the scope's other work is done.
   *
   * @param wire the wire
   * @return the task
   */
  Task startDaemon(Wire wire);

  /**
   * Binds {@code resource} to this scope: it is closed once, in reverse order of binding, when the
   * scope ends, however it ends.
   *
   * @param resource the resource
   * @param <R> its type
   * @return {@code resource}
   * @throws IllegalStateException if the scope has ended (the resource is closed first)
   */
  <R extends AutoCloseable> R bind(R resource);

  /** Cancels the scope's tasks, queued wires and nested scopes. Idempotent. */
  void cancel();

  /** @return whether the scope was cancelled (by {@link #cancel()}, its timeout or a failure) */
  boolean isCancelled();

  /** @return whether the scope has ended */
  boolean isDone();

  /** @return whether the scope's timeout passed before its tasks ended */
  boolean timedOut();

  /**
   * The results of the scope's tasks ({@link WireContext#setResult}), in start order; null for a
   * task that set none or did not finish. Needs {@link ScopeOptions#collectResults()}.
   *
   * @return a snapshot of the results
   * @throws IllegalStateException if the scope does not collect results
   */
  List<Object> results();

  /** @return the fail-fast failure raised from this scope, or null */
  Throwable failure();

  /** @return a snapshot of the scope's counters */
  Statistics statistics();

  /**
   * For scopes opened from plain code: waits until every task has ended (driving a manual loop on
   * the calling thread), then closes the scope.
   *
   * @throws RuntimeException the scope's fail-fast failure, if any
   * @throws IllegalStateException if called on a loop thread, or on a scope opened by a wire
   */
  @Override
  void close();

  /**
   * A snapshot of a scope's counters.
   *
   * @param running tasks started and not yet ended (daemons included)
   * @param queued wires waiting for a concurrency slot
   * @param started tasks started so far
   * @param children nested scopes open now
   */
  record Statistics(int running, int queued, long started, int children) {}
}
