package dev.jwire.wires;

import dev.jwire.engine.internal.Checks;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Where a blocking or parallel wire sends its work: a given executor, or a registered name that is
 * checked now and looked up again at each run (see {@link BlockingExecutors}).
 */
final class ExecutorRef {
  private final Executor executor;
  private final String name;

  private ExecutorRef(Executor executor, String name) {
    this.executor = executor;
    this.name = name;
  }

  static ExecutorRef defaultPool() {
    return new ExecutorRef(BlockingPool.defaultPool(), null);
  }

  static ExecutorRef of(Executor executor) {
    return new ExecutorRef(Checks.notNull(executor, "executor"), null);
  }

  static ExecutorRef named(String name) {
    if (!BlockingExecutors.contains(Checks.notNull(name, "executor"))) {
      throw new IllegalArgumentException(BlockingExecutors.unknown(name));
    }
    return new ExecutorRef(null, name);
  }

  /**
   * Hands {@code job} over.
   *
   * @param job the job
   * @param path the path of the wire, for messages
   * @return null, or the error that fails the wire: the executor refused the job or is gone
   */
  Throwable submit(Runnable job, Supplier<String> path) {
    Executor e = executor != null ? executor : BlockingExecutors.find(name);
    if (e == null) {
      return new IllegalStateException(
          "wire '" + path.get() + "' has no executor: " + BlockingExecutors.unknown(name)
              + "; it was unregistered after the wire was built");
    }
    try {
      e.execute(job);
      return null;
    } catch (RuntimeException refused) {
      return new RejectedExecutionException(
          "wire '" + path.get() + "' could not hand its work to " + this + ": " + refused.getMessage(), refused);
    }
  }

  /** The error of a job that an executor ran on a non-blocking thread, instead of blocking it. */
  IllegalStateException ranOnNonBlockingThread() {
    return new IllegalStateException(
        this + " ran blocking work on non-blocking thread '" + Thread.currentThread().getName()
            + "', which must never block (an event loop's, say). Give it an executor that runs work on"
            + " threads of its own, such as a BlockingPool, not one that runs it on the caller's thread");
  }

  @Override
  public String toString() {
    return name != null ? "executor '" + name + "'" : "executor " + executor;
  }
}
