package dev.jwire.engine;

/**
 * A handle on a started chain of wires: {@link EventLoop#start(Wire)} returns one.
 *
 * <pre>{@code
 *  NEW ──▶ RUNNABLE ⇄ RUNNING ⇄ SLEEPING / WAITING
 *                        │
 *                        ├──▶ DONE       (the last wire yielded nothing)
 *                        ├──▶ FAILED     (a step threw; the handler was told)
 *                        └──▶ CANCELLED  (cancel(), loop timeout or close)
 * }</pre>
 *
 * <p><b>Threading.</b> All methods may be called from any thread. Reads are snapshots.
 */
public interface Task {

  /** The life-cycle states of a task. */
  enum State {
    /** Started, not yet run. */
    NEW,
    /** Queued to run its next step. */
    RUNNABLE,
    /** Running a step on its loop thread. */
    RUNNING,
    /** Waiting on a loop timer ({@link Wire#sleep}). */
    SLEEPING,
    /** Waiting for an asynchronous result (a {@code Mono}, a future, I/O). */
    WAITING,
    /** Finished: its last wire yielded nothing. */
    DONE,
    /** Ended by an error. */
    FAILED,
    /** Ended by cancellation. */
    CANCELLED;

    /** @return whether a task in this state has ended */
    public boolean isTerminal() {
      return this == DONE || this == FAILED || this == CANCELLED;
    }
  }

  /** @return a number unique within the loop, in start order */
  long id();

  /** @return the task's name: its first wire's name and its id, e.g. {@code poll#3} */
  String name();

  /** @return the current path, e.g. {@code poll#3 > then[1] > repeat 2/4} */
  String path();

  /** @return the current state */
  State state();

  /** @return whether the task is a daemon: it does not keep its scope (or a run) open */
  boolean isDaemon();

  /**
   * @return the value the task set with {@link WireContext#setResult}, or null
   */
  Object result();

  /** @return whether the task has ended (done, failed or cancelled) */
  default boolean isDone() {
    return state().isTerminal();
  }

  /**
   * Cancels the task: it runs no further step, its pending timer or subscription is cancelled.
   * Cancellation is not an error: the error handler is not called. Does nothing on an ended task.
   *
   * <p><b>Threading.</b> From the task's own thread the cancellation is immediate; from any other
   * thread it happens on the task's thread shortly after.
   */
  void cancel();
}
