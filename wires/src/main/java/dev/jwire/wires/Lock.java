package dev.jwire.wires;

import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.PermitQueue;

/**
 * A mutual-exclusion lock for wires (asyncio's and asyncoro's {@code Lock}, Trio's {@code Lock}):
 * a task that wants it while another holds it waits without holding a thread.
 *
 * <pre>{@code
 * Lock ledger = Lock.create();
 * Wire transfer = ledger.withLock(debit.then(credit));   // released however the body ends
 * }</pre>
 *
 * <p>The lock belongs to the task that acquired it. It is not reentrant: a task that acquires it
 * again while holding it fails at once with an {@link IllegalStateException} instead of waiting for
 * itself for ever.
 *
 * <p><b>Fairness.</b> Waiting tasks get the lock first come, first served; a release never lets a
 * newcomer jump the queue.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits leaves the queue. The lock granted to a
 * task that is cancelled before it could run passes on to the next waiter: it is never leaked.
 * With {@link #acquire(Wire)} the lock is the caller's to {@link #release()}; {@link #withLock}
 * releases it however the body ends.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 */
public final class Lock {
  private final PermitQueue permit = new PermitQueue(1);

  private Lock() {}

  /** @return a new, free lock */
  public static Lock create() {
    return new Lock();
  }

  /**
   * A wire that takes the lock, waiting while another task holds it, and is then done. The caller
   * must {@link #release()} it.
   *
   * <p><b>Errors.</b> Fails with {@link IllegalStateException} if the task holds the lock already.
   *
   * @return the wire
   */
  public Wire acquire() {
    return permit.acquire(null, true, "lock");
  }

  /**
   * Like {@link #acquire()}, continuing with {@code next} once the lock is taken.
   *
   * @param next the successor
   * @return the wire
   */
  public Wire acquire(Wire next) {
    return permit.acquire(Checks.notNull(next, "next"), true, "lock");
  }

  /**
   * Takes the lock if it is free; never waits. Taken this way it has no owning task.
   *
   * @return whether the lock was taken
   */
  public boolean tryAcquire() {
    return permit.tryTake(null);
  }

  /**
   * Releases the lock: the first waiting task gets it, else it is free.
   *
   * @throws IllegalStateException if the lock is not held
   */
  public void release() {
    permit.giveTaken("a lock");
  }

  /**
   * A wire that takes the lock, runs {@code body} (its whole chain, and what it starts, in a nested
   * scope), and releases the lock when that ends, however it ends. The body runs as a task of the
   * nested scope: that task owns the lock (for {@link Condition#await}).
   *
   * @param body the wire to run while holding the lock
   * @return the wire
   */
  public Wire withLock(Wire body) {
    return permit.withPermit(Checks.notNull(body, "body"), true, "withLock");
  }

  /**
   * @return a new condition bound to this lock
   */
  public Condition newCondition() {
    return new Condition(this, permit);
  }

  /** @return whether the lock is held */
  public boolean isLocked() {
    return permit.available() == 0;
  }

  /** @return the task holding the lock, or null (free, or taken by {@link #tryAcquire()}) */
  public Task owner() {
    return isLocked() ? permit.owner() : null;
  }

  /** @return the number of tasks waiting now */
  public int waiting() {
    return permit.waiting();
  }

  @Override
  public String toString() {
    return "Lock[" + (isLocked() ? "held" : "free") + ", " + waiting() + " waiting]";
  }
}
