package dev.jwire.poller.internal;

import dev.jwire.engine.WireContext;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.scheduler.Scheduler;

/**
 * Remembers the loop thread that last waited for readiness on a channel, so that closing the
 * channel from any other thread wakes that thread at once.
 *
 * <p>Why: a loop thread asleep in {@code select()} learns that a channel was closed under one of its
 * waiters only when it wakes up; without a wake-up the waiter would fail up to a second late (the
 * loop's periodic check for closed channels). An empty job is enough: scheduling it wakes the
 * thread, and every round looks for waiters whose channels are gone.
 */
public final class CloseWake {
  private volatile Scheduler waiter;

  /**
   * Records the thread of the task about to wait; call it on the loop thread, before the wait.
   *
   * @param ctx the waiting task's context
   */
  public void waiting(WireContext ctx) {
    Scheduler s = ctx.scheduler();
    if (waiter != s) {
      waiter = s;
    }
  }

  /** Wakes the thread recorded last, if any; any thread. */
  public void wake() {
    Scheduler s = waiter;
    if (s != null) {
      try {
        s.schedule(CloseWake::nothing);
      } catch (RejectedExecutionException loopClosed) {
        // the loop is gone: nothing waits any more
      }
    }
  }

  private static void nothing() {
    // the wake-up is the point
  }
}
