package dev.jwire.engine;

/**
 * What a suspending wire waits for: the bridge from something that completes later (a channel, a
 * lock, a socket becoming readable) to a task, without a {@code Mono} and without holding a thread.
 * Built with {@link Wire#suspend(Suspender)}; the building block of jwire's channels, locks and I/O.
 *
 * <p>When the task reaches the wire it calls {@link #suspend} on its own thread with a fresh {@link
 * Suspension}. The suspender registers it wherever the value will come from; whoever produces the
 * value calls {@link Suspension#resume}, from any thread, possibly before {@code suspend} has even
 * returned. The task then continues, on its own thread, with the wire {@link #resumed} returns.
 *
 * <p>If the task is cancelled first, {@link #cancelled} is called instead (remove the suspension
 * from your wait queue); if it is cancelled after a value was accepted but before it could be
 * taken, {@link #undelivered} gets the value back, so nothing is lost. All three callbacks run on
 * the task's thread.
 *
 * <p>One suspender may serve any number of waits, one at a time or at once: the per-wait state is in
 * the {@code Suspension}.
 *
 * <pre>{@code
 * Wire take = Wire.suspend(new Suspender<String>() {
 *   public void suspend(WireContext ctx, Suspension<String> s) { waiters.add(s); }
 *   public Wire resumed(WireContext ctx, String item) { return handle(item); }
 *   public void cancelled(Suspension<String> s) { waiters.remove(s); }
 *   public void undelivered(String item) { requeue(item); }
 * });
 * }</pre>
 *
 * @param <T> the type of the value waited for
 */
public abstract class Suspender<T> {

  /** For subclasses. */
  protected Suspender() {}

  /**
   * Registers {@code suspension} with whatever will end the wait; on the task's thread. Throwing
   * fails the task's step. Calling {@code suspension.resume} right here is allowed: the task then
   * continues without suspending.
   *
   * @param ctx the waiting task's context
   * @param suspension the handle that ends this wait
   * @throws Exception to fail the task's step (the wait is then over)
   */
  public abstract void suspend(WireContext ctx, Suspension<T> suspension) throws Exception;

  /**
   * The task got {@code value}: returns what it runs next; on the task's thread.
   *
   * @param ctx the task's context
   * @param value the value given to {@link Suspension#resume}
   * @return the successor wire, or null when the wire is done
   * @throws Exception to fail the task's step
   */
  public abstract Wire resumed(WireContext ctx, T value) throws Exception;

  /**
   * The task was cancelled while waiting, before the wait ended: take {@code suspension} out of
   * wherever it was registered. On the task's thread. By default does nothing.
   *
   * @param suspension the abandoned wait
   */
  public void cancelled(Suspension<T> suspension) {}

  /**
   * A value accepted by {@link Suspension#resume} that the task never took, because it was
   * cancelled meanwhile: put it back or hand it on. On the task's thread. By default does nothing.
   *
   * @param value the value
   */
  public void undelivered(T value) {}

  /**
   * Whether the wait ends through something outside the loop (a socket, another thread) rather
   * than the loop's own tasks and timers. In virtual time a loop whose tasks all wait on the loop
   * itself may jump to its next timer; one that waits on the outside gives it real time first.
   * Default: false.
   *
   * @return whether this wait depends on the outside world
   */
  public boolean waitsOnOutside() {
    return false;
  }

  /** @return the name shown for the suspending wire in paths and dumps */
  public String name() {
    return "suspend";
  }
}
