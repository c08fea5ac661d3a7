package dev.jwire.engine.internal;

import java.time.Instant;

/**
 * The loop's time source. Every timer, timeout and Reactor operator on the loop reads this clock,
 * so a test can make one loop's time virtual without touching any other loop or global hook.
 */
public abstract class LoopClock {
  /** @return monotonic nanoseconds; only differences are meaningful */
  public abstract long nanoTime();

  /** @return the wall-clock time matching {@link #nanoTime()} */
  public abstract Instant instant();

  /** @return whether time moves only when the loop or a test advances it */
  public abstract boolean isVirtual();

  /** The system clock. */
  static final class SystemClock extends LoopClock {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant instant() {
      return Instant.now();
    }

    @Override
    public boolean isVirtual() {
      return false;
    }
  }

  /** Virtual time: starts at a given instant and moves only through {@link #advanceTo}. */
  static final class VirtualClock extends LoopClock {
    private final Instant origin;
    private volatile long now;

    VirtualClock(Instant origin) {
      this.origin = origin;
    }

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public Instant instant() {
      return origin.plusNanos(now);
    }

    @Override
    public boolean isVirtual() {
      return true;
    }

    /** Moves time forward to {@code nanos}; never backwards. Loop thread only. */
    void advanceTo(long nanos) {
      if (nanos - now > 0) {
        now = nanos;
      }
    }
  }
}
