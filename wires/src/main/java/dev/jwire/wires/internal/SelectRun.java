package dev.jwire.wires.internal;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.wires.SelectCase;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of a select: the suspender of the selecting task's wait, and the claim that decides
 * which case wins.
 *
 * <p>{@link #suspend} registers the cases in a random rotation (so that when several are ready at
 * once, each has the same chance: no case is starved), stopping early once one has won. The first
 * case to claim the run ({@link Arm#tryClaim}, under the run's monitor) owns it and completes it
 * with its value; every registration is then cancelled on the task's thread, whatever ended the
 * select (a winner, a cancellation, a failure).
 */
final class SelectRun extends Suspender<Object> {
  static final int OPEN = 0;
  static final int CLAIMED = 1;
  static final int CANCELLED = 2;

  private final SelectCase<?>[] cases;
  private final SelectCase.Registration[] registrations;
  /** Guarded by this object's monitor. */
  int state;
  /** The winning case; written under the monitor by the claim. */
  int winner = -1;
  /** The winner's value; written by the winner before it resumes the task. */
  Object value;
  WireContext ctx;
  Suspension<Object> suspension;

  SelectRun(SelectCase<?>[] cases) {
    this.cases = cases;
    this.registrations = new SelectCase.Registration[cases.length];
  }

  synchronized boolean isOpen() {
    return state == OPEN;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void suspend(WireContext ctx, Suspension<Object> suspension) throws Exception {
    this.ctx = ctx;
    this.suspension = suspension;
    int n = cases.length;
    int start = n == 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
    try {
      for (int k = 0; k < n && isOpen(); k++) {
        int i = (start + k) % n;
        registrations[i] = ((SelectCase<Object>) cases[i]).register(new Arm(this, i));
      }
    } catch (Throwable t) {
      boolean undecided;
      synchronized (this) {
        undecided = state == OPEN;
        if (undecided) {
          state = CANCELLED;
        }
      }
      if (undecided) {
        cancelRegistrations();
        throw t;
      }
      // Another case won while this one registered: the select is decided, and failing the step now
      // would lose the winner's value. The failed registration could not have won anyway.
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Wire resumed(WireContext ctx, Object run) throws Exception {
    cancelRegistrations();
    return ((SelectCase<Object>) cases[winner]).selected(ctx, value);
  }

  @Override
  public void cancelled(Suspension<Object> s) {
    synchronized (this) {
      if (state == OPEN) {
        state = CANCELLED;
      }
    }
    cancelRegistrations();
  }

  @Override
  @SuppressWarnings("unchecked")
  public void undelivered(Object run) {
    cancelRegistrations();
    ((SelectCase<Object>) cases[winner]).undelivered(value);
  }

  private void cancelRegistrations() {
    for (int i = 0; i < registrations.length; i++) {
      SelectCase.Registration r = registrations[i];
      if (r != null) {
        registrations[i] = null;
        r.cancel();
      }
    }
  }

  @Override
  public boolean waitsOnOutside() {
    for (SelectCase<?> c : cases) {
      if (c.waitsOnOutside()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String name() {
    return "select";
  }
}
