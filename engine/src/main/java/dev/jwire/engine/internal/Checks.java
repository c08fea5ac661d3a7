package dev.jwire.engine.internal;

import java.time.Duration;

/**
 * Preconditions with messages that name the parameter, the value and the rule, in the form
 * {@code "timeout : PT-1S (expected: >= 0)"}.
 */
public final class Checks {
  private Checks() {}

  /** Returns {@code value}, or throws {@link IllegalArgumentException} naming {@code name} if it is null. */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " : null (expected: non-null)");
    }
    return value;
  }

  /** Returns {@code value}, or throws if it is null or blank. */
  public static String notBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " : " + quote(value) + " (expected: not blank)");
    }
    return value;
  }

  /** @return {@code value} in double quotes, or {@code null} */
  public static String quote(String value) {
    return value == null ? "null" : '"' + value + '"';
  }

  /** Returns {@code d}, or throws if it is null or negative. */
  public static Duration notNegative(Duration d, String name) {
    notNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " : " + d + " (expected: >= 0)");
    }
    return d;
  }

  /** Returns {@code d}, or throws if it is null, zero or negative. */
  public static Duration positive(Duration d, String name) {
    notNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " : " + d + " (expected: > 0)");
    }
    return d;
  }

  /** Returns {@code n}, or throws if it is below {@code min}. */
  public static int atLeast(int n, int min, String name) {
    if (n < min) {
      throw new IllegalArgumentException(name + " : " + n + " (expected: >= " + min + ")");
    }
    return n;
  }

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code condition} holds. */
  public static void argument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Saturating conversion to nanoseconds: durations beyond ~292 years become {@link Long#MAX_VALUE}. */
  public static long toNanosSaturated(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
