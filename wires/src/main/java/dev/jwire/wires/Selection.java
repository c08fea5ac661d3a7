package dev.jwire.wires;

import dev.jwire.engine.WireContext;

/**
 * One case's handle on one running {@link Select#select select}: whoever holds it can make the case
 * win, from any thread, once.
 *
 * <p>Sources that have their value at hand use {@link #trySelect}. Sources that must decide under
 * a lock of their own whether to give a value (a channel that must not take a message out of its
 * buffer for a select that has already chosen another case) use two phases: {@link #tryClaim} under
 * their lock, then, outside it, exactly one {@link #complete} or {@link #fail}.
 *
 * @param <V> the type of the value the case wins with
 */
public interface Selection<V> {

  /** @return the selecting task's context: its loop, scheduler and scope; for use in {@code register} */
  WireContext context();

  /** @return whether the select is still undecided (a hint: it may be decided a moment later) */
  boolean isPending();

  /**
   * Claims the select for this case, if it is still undecided. After a successful claim, the
   * caller must call {@link #complete} or {@link #fail} exactly once. Cheap and non-blocking: may be
   * called under the caller's own lock.
   *
   * @return true if this case now owns the select; false if it was decided or cancelled already
   */
  boolean tryClaim();

  /**
   * Completes a select claimed with {@link #tryClaim}; any thread.
   *
   * @param value the value this case wins with
   * @return true if the task took it (it reaches {@link SelectCase#selected}, or {@link
   *     SelectCase#undelivered} if the task is cancelled before it runs); false if the task was
   *     cancelled first, in which case the caller still owns {@code value}
   * @throws IllegalStateException if this case did not claim the select
   */
  boolean complete(V value);

  /**
   * {@link #tryClaim} then {@link #complete}: makes this case win with {@code value} if the select
   * is still undecided.
   *
   * @param value the value
   * @return whether the task took the value; if false the caller still owns it
   */
  boolean trySelect(V value);

  /**
   * Fails the select with {@code error}: claims it first unless this case has claimed it already.
   *
   * @param error the error the selecting wire fails with
   * @return whether this call ended the select
   */
  boolean fail(Throwable error);
}
