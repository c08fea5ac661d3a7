package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.PermitQueue;

/**
 * A counting semaphore for wires (asyncio's and asyncoro's {@code Semaphore}): a task that wants a
 * permit when none is free waits without holding a thread.
 *
 * <pre>{@code
 * Semaphore db = Semaphore.create(4);
 * Wire query = db.withPermit(Blocking.call(() -> jdbc.run(sql), rows -> render(rows)));
 * }</pre>
 *
 * <p><b>Fairness.</b> Waiting tasks get permits first come, first served; a free permit never
 * jumps the queue.
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits leaves the queue. A permit granted to a
 * task that is cancelled before it could run passes on to the next waiter: permits are never
 * leaked. With {@link #acquire(Wire)} the permit is the caller's to {@link #release()}; a task
 * cancelled after taking it keeps it. {@link #withPermit} gives it back however the body ends.
 *
 * <p><b>Threading.</b> Every method may be called from any thread.
 */
public final class Semaphore {
  private final PermitQueue permits;

  private Semaphore(int permits) {
    this.permits = new PermitQueue(permits);
  }

  /**
   * @param permits the initial number of permits; zero or more
   * @return a new semaphore
   */
  public static Semaphore create(int permits) {
    return new Semaphore(Checks.atLeast(permits, 0, "permits"));
  }

  /**
   * A wire that takes a permit, waiting while none is free, and is then done. The caller must
   * {@link #release()} it.
   *
   * @return the wire
   */
  public Wire acquire() {
    return permits.acquire(null, false, "acquire permit");
  }

  /**
   * Like {@link #acquire()}, continuing with {@code next} once the permit is taken.
   *
   * @param next the successor
   * @return the wire
   */
  public Wire acquire(Wire next) {
    return permits.acquire(Checks.notNull(next, "next"), false, "acquire permit");
  }

  /**
   * Takes a permit if one is free; never waits.
   *
   * @return whether a permit was taken
   */
  public boolean tryAcquire() {
    return permits.tryTake(null);
  }

  /** Gives a permit back: to the first waiting task, else to the pool. */
  public void release() {
    permits.give();
  }

  /**
   * A wire that takes a permit, runs {@code body} (its whole chain, and what it starts, in a
   * nested scope), and gives the permit back when that ends, however it ends: done, failed or
   * cancelled. Fails as the body fails.
   *
   * @param body the wire to run while holding the permit
   * @return the wire
   */
  public Wire withPermit(Wire body) {
    return permits.withPermit(Checks.notNull(body, "body"), false, "withPermit");
  }

  /** @return the number of free permits now */
  public int availablePermits() {
    return permits.available();
  }

  /** @return the number of tasks waiting now */
  public int waiting() {
    return permits.waiting();
  }

  @Override
  public String toString() {
    return "Semaphore[" + availablePermits() + " free, " + waiting() + " waiting]";
  }
}
