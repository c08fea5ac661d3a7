package dev.jwire.wires.internal;

import reactor.core.scheduler.Schedulers;

/**
 * Who runs a piece of offloaded work, and the one place where cancellation turns into an
 * interrupt of that thread.
 *
 * <pre>{@code
 *   IDLE ──enter()──▶ RUNNING ──exit()──▶ IDLE ...        (a parallel wire enters once per run of steps)
 *     │                  │
 *     └──cancel()──▶ CANCELLED ◀──cancel(): interrupt the runner, once
 * }</pre>
 *
 * <p>The interrupt must reach the thread only while it still runs <em>this</em> work: a pooled
 * thread that has moved on to someone else's job must never see it. So {@link #exit()} and the
 * interrupt synchronise on this slot: either the runner has left (no interrupt is sent), or the
 * interrupt lands before {@code exit()} returns, which then clears it, so the thread goes back to
 * its pool clean. The monitor is held only for a few field writes, and by the interrupter for the
 * duration of {@link Thread#interrupt()}.
 *
 * <p>{@link Thread#interrupt()} is not always cheap: a thread blocked on an interruptible NIO
 * channel has its channel closed by the interrupting thread, which may wait for the I/O to stop.
 * A cancellation requested on a non-blocking thread (an event loop's) is therefore delivered by
 * the {@link Interrupter}, never on the loop thread itself.
 */
public final class RunnerSlot {
  private static final int IDLE = 0;
  private static final int RUNNING = 1;
  private static final int CANCELLED = 2;

  private volatile int state = IDLE; // written under the monitor, read without it
  private Thread runner;

  /**
   * Claims the slot for the calling thread.
   *
   * @return true if the work may run; false if it was cancelled
   */
  public synchronized boolean enter() {
    if (state == CANCELLED) {
      return false;
    }
    state = RUNNING;
    runner = Thread.currentThread();
    return true;
  }

  /**
   * Releases the slot. If the work was cancelled while it ran, clears the calling thread's
   * interrupt status (the interrupt was meant for the work, not for the pool).
   *
   * @return true if the work's outcome counts; false if it was cancelled meanwhile
   */
  public synchronized boolean exit() {
    runner = null;
    if (state == CANCELLED) {
      Thread.interrupted();
      return false;
    }
    state = IDLE;
    return true;
  }

  /**
   * Cancels: the work never starts, or, if it is running, its thread is interrupted. Idempotent.
   * On a non-blocking thread the interrupt is handed to the {@link Interrupter}.
   */
  public void cancel() {
    boolean running;
    synchronized (this) {
      if (state == CANCELLED) {
        return;
      }
      running = state == RUNNING;
      state = CANCELLED;
    }
    if (running) {
      if (Schedulers.isInNonBlockingThread()) {
        Interrupter.request(this);
      } else {
        interruptRunner();
      }
    }
  }

  /** @return whether {@link #cancel()} was called */
  public boolean isCancelled() {
    return state == CANCELLED;
  }

  /** Interrupts the thread that runs the cancelled work, if it still does. */
  synchronized void interruptRunner() {
    if (runner != null) {
      runner.interrupt();
    }
  }
}
