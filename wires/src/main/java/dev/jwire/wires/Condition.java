package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.PermitQueue;
import dev.jwire.wires.internal.WaitList;
import java.util.function.BooleanSupplier;

/**
 * A condition variable bound to a {@link Lock} (asyncio's and asyncoro's {@code Condition}): a task
 * holding the lock waits for a signal, giving the lock up meanwhile, and holds it again when it
 * continues.
 *
 * <pre>{@code
 * Lock lock = Lock.create();
 * Condition notEmpty = lock.newCondition();
 * Wire take = lock.withLock(notEmpty.awaitUntil(() -> !items.isEmpty(), Wire.call(() -> use(items.poll()))));
 * Wire put  = lock.withLock(Wire.call(() -> { items.add(x); notEmpty.signal(); }));
 * }</pre>
 *
 * <p><b>Fairness.</b> Signals wake waiters first come, first served; a woken waiter then queues for
 * the lock behind the tasks already waiting for it.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits for a signal leaves the queue, without the
 * lock. One cancelled after it was woken passes the lock on like any waiter.
 *
 * <p><b>Threading.</b> {@link #await} must run in the task that holds the lock (inside {@link
 * Lock#withLock}); {@link #signal()} may be called from any thread, usually while holding the lock.
 */
public final class Condition {
  private final Lock lock;
  private final PermitQueue permit;
  private final WaitList waiters;

  Condition(Lock lock, PermitQueue permit) {
    this.lock = lock;
    this.permit = permit;
    this.waiters = permit.newConditionQueue();
  }

  /**
   * A wire that gives the lock up, waits for a {@link #signal()}, takes the lock again, and
   * continues with {@code next}.
   *
   * <p><b>Errors.</b> Fails with {@link IllegalStateException} if the task does not hold the lock.
   *
   * @param next the successor, run holding the lock
   * @return the wire
   */
  public Wire await(Wire next) {
    return permit.awaitSignal(waiters, Checks.notNull(next, "next"), "condition await");
  }

  /**
   * A wire that waits (as {@link #await}) until {@code predicate} holds, checking it with the lock
   * held, then continues with {@code next} (asyncio's {@code wait_for}).
   *
   * @param predicate checked on the task's thread, holding the lock
   * @param next the successor, run holding the lock
   * @return the wire
   */
  public Wire awaitUntil(BooleanSupplier predicate, Wire next) {
    Checks.notNull(predicate, "predicate");
    Checks.notNull(next, "next");
    return Wire.defer(ctx -> predicate.getAsBoolean() ? next : await(awaitUntil(predicate, next)));
  }

  /** Wakes the first waiting task, if any. */
  public void signal() {
    permit.signal(waiters, 1);
  }

  /** Wakes every waiting task. */
  public void signalAll() {
    permit.signal(waiters, Integer.MAX_VALUE);
  }

  /** @return the number of tasks waiting for a signal now */
  public int waiting() {
    return permit.waiting(waiters);
  }

  /** @return the lock this condition is bound to */
  public Lock lock() {
    return lock;
  }
}
