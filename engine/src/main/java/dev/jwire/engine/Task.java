package dev.jwire.engine;

import java.util.function.Consumer;
import reactor.core.Disposable;

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
   * The error that ended the task: what its step threw or its {@code Mono} signalled, as its error
   * handler received it. Read it once {@link #state()} is {@link State#FAILED}.
   *
   * @return the error, or null if the task has not failed
   */
  Throwable error();

  /**
   * Calls {@code listener} once, when the task has ended, however it ends: done, failed (after its
   * error handler ran) or cancelled (also while still queued for a concurrency slot). The task's
   * bound resources are closed by then, and it is still counted in its scope, so the listener may
   * start a replacement there. {@code dev.jwire.wires.Monitor} builds task monitoring on this hook.
   *
   * <p><b>Threading.</b> Register from any thread. The listener runs on the task's loop thread; if
   * the task has already ended, at once on the calling thread; for a task cancelled while it waited
   * for a concurrency slot, on the thread that cancelled it (or its scope). It must not block.
   *
   * <p><b>Errors.</b> A listener that throws is logged to the {@code dev.jwire.engine} system logger;
   * the task, its scope and the other listeners are not disturbed.
   *
   * @param listener receives this task once it has ended; listeners run in registration order
   * @return a handle whose {@code dispose()} unregisters the listener (no effect once it has run);
   *     use it when the watcher goes away first, so that a long-lived task does not keep it
   */
  Disposable onEnd(Consumer<? super Task> listener);

  /**
   * Cancels the task: it runs no further step, its pending timer or subscription is cancelled.
   * Cancellation is not an error: the error handler is not called. Does nothing on an ended task.
   *
   * <p><b>Threading.</b> From the task's own thread the cancellation is immediate; from any other
   * thread it happens on the task's thread shortly after.
   */
  void cancel();
}
