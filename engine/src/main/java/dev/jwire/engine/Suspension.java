package dev.jwire.engine;

/**
 * The handle of one suspended wait, given to a {@link Suspender}: whoever holds it wakes the task
 * up, from any thread, exactly once.
 *
 * <p>The first of {@link #resume}, {@link #fail} and the task's cancellation wins; the others are
 * refused ({@code false}). A value accepted by {@code resume} is never lost: it reaches {@link
 * Suspender#resumed}, or {@link Suspender#undelivered} if the task was cancelled before it could
 * take it.
 *
 * @param <T> the type of the value the task waits for
 */
public interface Suspension<T> {

  /**
   * Wakes the task up with {@code value}; any thread.
   *
   * @param value the value the wait ends with; may be null
   * @return true if this call ended the wait; false if it had ended already (resumed, failed or
   *     cancelled), in which case the caller still owns {@code value}
   */
  boolean resume(T value);

  /**
   * Wakes the task up with an error, which fails its step; any thread.
   *
   * @param error the error; not null
   * @return true if this call ended the wait; false if it had ended already
   */
  boolean fail(Throwable error);

  /** @return whether the wait is still open: not resumed, failed or cancelled; any thread, a hint */
  boolean isPending();
}
