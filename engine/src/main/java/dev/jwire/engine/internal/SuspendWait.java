package dev.jwire.engine.internal;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One wait of a task on a {@link Suspender}.
 *
 * <p>One compare-and-set on {@link #phase} settles every race: whoever moves it out of
 * SUSPENDING or WAITING first has the wait. A resumer claims it (CLAIMING), writes the value, then
 * publishes ENDED; a resume during {@code suspend} is taken synchronously by the runner, a later one
 * queues this object on the task's worker. A cancellation that wins tells the suspender to forget
 * the wait; one that loses hands the resumed value to {@link Suspender#undelivered} at once, so it
 * is back before the task has ended.
 */
final class SuspendWait<T> extends PendingWait implements Suspension<T> {
  private static final int SUSPENDING = 0;
  private static final int WAITING = 1;
  private static final int CLAIMING = 2;
  private static final int ENDED = 3;
  private static final int CANCELLED = 4;
  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(SuspendWait.class, "phase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Suspender<T> suspender;
  @SuppressWarnings("unused") // accessed through PHASE
  private volatile int phase;
  private T item;
  /** The value went back to the suspender already (a cancellation lost the race). */
  private boolean returned;

  SuspendWait(TaskImpl task, Suspender<T> suspender) {
    super(task);
    this.suspender = suspender;
    this.internal = !suspender.waitsOnOutside();
  }

  @Override
  public boolean resume(T value) {
    return end(value, null);
  }

  @Override
  public boolean fail(Throwable error) {
    return end(null, Checks.notNull(error, "error"));
  }

  private boolean end(T value, Throwable failure) {
    int p;
    do {
      p = phase;
      if (p >= CLAIMING) {
        return false;
      }
    } while (!PHASE.compareAndSet(this, p, CLAIMING));
    item = value;
    error = failure;
    phase = ENDED; // publishes the value
    if (p == WAITING) {
      task.worker.execute(this);
    }
    return true;
  }

  @Override
  public boolean isPending() {
    return phase < CLAIMING;
  }

  /** After {@code suspend} returned: true if the task must wait, false if it was resumed already. */
  boolean suspend() {
    if (PHASE.compareAndSet(this, SUSPENDING, WAITING)) {
      return true;
    }
    awaitEnded();
    return false;
  }

  /** A claimed wait is ended within a few instructions by its claimer. */
  private void awaitEnded() {
    while (phase != ENDED) {
      Thread.onSpinWait();
    }
  }

  T item() {
    return item;
  }

  @Override
  boolean cancelWait() {
    if (PHASE.compareAndSet(this, WAITING, CANCELLED)) {
      try {
        suspender.cancelled(this);
      } catch (Throwable t) {
        task.worker.core.logUncaught("Suspender.cancelled of '" + suspender.name() + "' threw", t);
      }
    } else {
      awaitEnded(); // a resume won: its job is queued; give the value back now, not after the end
      if (error == null) {
        returned = true;
        T v = item;
        item = null;
        task.undelivered(suspender, v);
      }
    }
    return true;
  }

  @Override
  public void runJob() {
    if (task.takes(this)) {
      if (error == null) {
        try {
          value = suspender.resumed(task, item);
        } catch (Throwable t) {
          error = t;
        }
      }
    } else if (error == null && !returned) {
      task.undelivered(suspender, item);
    }
    item = null;
    task.complete(this); // a no-op if the task ended meanwhile; ends it if it is being cancelled
  }
}
