package dev.jwire.wires.internal;

import dev.jwire.engine.WireContext;
import dev.jwire.wires.Selection;

/**
 * One case of one running select: the {@link Selection} handed to the case. Claims go through the
 * run's monitor, so that two selects can be claimed together ({@link #claimPair}) without either
 * being left claimed alone.
 */
final class Arm implements Selection<Object> {
  static final int CLAIMED = 0;
  static final int SELF_LOST = 1;
  static final int PARTNER_LOST = 2;
  private static final Object TIE = new Object();

  final SelectRun run;
  final int index;

  Arm(SelectRun run, int index) {
    this.run = run;
    this.index = index;
  }

  @Override
  public WireContext context() {
    return run.ctx;
  }

  @Override
  public boolean isPending() {
    return run.isOpen();
  }

  @Override
  public boolean tryClaim() {
    synchronized (run) {
      return claimLocked();
    }
  }

  private boolean claimLocked() {
    if (run.state != SelectRun.OPEN) {
      return false;
    }
    run.state = SelectRun.CLAIMED;
    run.winner = index;
    return true;
  }

  @Override
  public boolean complete(Object value) {
    if (!claimedByMe()) {
      throw new IllegalStateException("complete without a successful tryClaim by this case");
    }
    run.value = value;
    return run.suspension.resume(run);
  }

  @Override
  public boolean trySelect(Object value) {
    return tryClaim() && complete(value);
  }

  @Override
  public boolean fail(Throwable error) {
    if (!claimedByMe() && !tryClaim()) {
      return false;
    }
    return run.suspension.fail(error);
  }

  private boolean claimedByMe() {
    synchronized (run) {
      return run.state == SelectRun.CLAIMED && run.winner == index;
    }
  }

  /**
   * Claims the taker ({@code self}, or a plain operation if null) and the taken node's case
   * ({@code other}, or a plain waiter if null) together: both or neither.
   *
   * @return {@link #CLAIMED}, {@link #SELF_LOST} (self's select chose another case; other untouched)
   *     or {@link #PARTNER_LOST} (other's select is decided; self untouched)
   */
  static int claimPair(Arm self, Arm other) {
    if (self == null) {
      return other == null || other.tryClaim() ? CLAIMED : PARTNER_LOST;
    }
    if (other == null) {
      return self.tryClaim() ? CLAIMED : SELF_LOST;
    }
    int a = System.identityHashCode(self.run);
    int b = System.identityHashCode(other.run);
    if (a < b) {
      synchronized (self.run) {
        synchronized (other.run) {
          return claimBoth(self, other);
        }
      }
    } else if (a > b) {
      synchronized (other.run) {
        synchronized (self.run) {
          return claimBoth(self, other);
        }
      }
    } else {
      synchronized (TIE) {
        synchronized (self.run) {
          synchronized (other.run) {
            return claimBoth(self, other);
          }
        }
      }
    }
  }

  private static int claimBoth(Arm self, Arm other) {
    if (self.run.state != SelectRun.OPEN) {
      return SELF_LOST;
    }
    if (other.run.state != SelectRun.OPEN) {
      return PARTNER_LOST;
    }
    self.claimLocked();
    other.claimLocked();
    return CLAIMED;
  }
}
