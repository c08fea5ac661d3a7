package dev.jwire.wires;

import dev.jwire.engine.internal.Checks;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a {@link Supervisor} waits before each restart: exponential backoff with jitter.
 * Immutable; each {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)).jitter(0.2)
 * // nominal delays 100 ms, 200 ms, 400 ms ... 10 s, 10 s; each shortened by up to 20 %
 * }</pre>
 *
 * <p><b>Timing.</b> The {@code n}-th consecutive restart of a child ({@code n} from 0) waits
 * {@code d = min(max, initial * multiplier^n)} shortened by a random fraction of up to {@code
 * jitter}: a delay in {@code [d * (1 - jitter), d]}, so {@code max} is a hard cap and {@code
 * jitter(1)} is "full jitter". A child that ran at least {@link #resetAfter()} before it ended
 * counts as healthy: its next restart is consecutive restart 0 again. Delays are waited on the
 * loop's clock, so virtual time runs them at once.
 *
 * @param initial the first delay; zero or more
 * @param max the largest delay; at least {@code initial}
 * @param multiplier the growth from one delay to the next; at least 1
 * @param jitter the largest fraction by which a delay is shortened at random; from 0 to 1
 * @param resetAfter how long a child must run for its restarts to count from 0 again; zero or more
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter, Duration resetAfter) {

  /**
   * @param initial the first delay; zero or more
   * @param max the largest delay; at least {@code initial}
   * @param multiplier the growth from one delay to the next; at least 1
   * @param jitter the largest fraction by which a delay is shortened at random; from 0 to 1
   * @param resetAfter how long a child must run for its restarts to count from 0 again; zero or more
   * @throws IllegalArgumentException if a value breaks these rules
   */
  public Backoff {
    Checks.notNegative(initial, "initial");
    Checks.notNegative(max, "max");
    Checks.argument(max.compareTo(initial) >= 0, "max : " + max + " (expected: >= initial " + initial + ")");
    Checks.argument(multiplier >= 1 && Double.isFinite(multiplier), "multiplier : " + multiplier + " (expected: >= 1)");
    Checks.argument(jitter >= 0 && jitter <= 1, "jitter : " + jitter + " (expected: from 0 to 1)");
    Checks.notNegative(resetAfter, "resetAfter");
  }

  /** @return no delay at all: restarts happen at once (the intensity limit still applies) */
  public static Backoff none() {
    return new Backoff(Duration.ZERO, Duration.ZERO, 1, 0, Duration.ZERO);
  }

  /**
   * @param delay the delay before every restart; zero or more
   * @return the same delay each time, without jitter
   */
  public static Backoff fixed(Duration delay) {
    return new Backoff(delay, delay, 1, 0, delay);
  }

  /**
   * Doubling delays from {@code initial} up to {@code max}, without jitter, counted from 0 again
   * after a child ran for {@code max}.
   *
   * @param initial the first delay; zero or more
   * @param max the cap; at least {@code initial}
   * @return the backoff
   */
  public static Backoff exponential(Duration initial, Duration max) {
    return new Backoff(initial, max, 2, 0, max);
  }

  /**
   * @param factor the growth from one delay to the next; at least 1
   * @return a copy with this multiplier
   */
  public Backoff multiplier(double factor) {
    return new Backoff(initial, max, factor, jitter, resetAfter);
  }

  /**
   * @param fraction the largest fraction by which a delay is shortened at random; from 0 to 1
   * @return a copy with this jitter
   */
  public Backoff jitter(double fraction) {
    return new Backoff(initial, max, multiplier, fraction, resetAfter);
  }

  /**
   * @param healthy how long a child must run for its restarts to count from 0 again; zero or more
   * @return a copy with this reset time
   */
  public Backoff resetAfter(Duration healthy) {
    return new Backoff(initial, max, multiplier, jitter, healthy);
  }

  /**
   * The delay before consecutive restart {@code attempt}, without jitter.
   *
   * @param attempt 0 for the first consecutive restart; not negative
   * @return {@code min(max, initial * multiplier^attempt)}
   */
  public Duration nominalDelay(int attempt) {
    Checks.argument(attempt >= 0, "attempt : " + attempt + " (expected: >= 0)");
    return Duration.ofNanos(nominalNanos(attempt));
  }

  /**
   * The delay before consecutive restart {@code attempt}, with jitter drawn from {@code random}.
   *
   * @param attempt 0 for the first consecutive restart; not negative
   * @param random the source of jitter (a seeded one makes the delays repeatable)
   * @return a delay in {@code [nominal * (1 - jitter), nominal]}
   */
  public Duration delay(int attempt, RandomGenerator random) {
    Checks.notNull(random, "random");
    long nominal = Checks.toNanosSaturated(nominalDelay(attempt));
    long cut = jitter == 0 ? 0 : (long) (nominal * jitter * random.nextDouble());
    return Duration.ofNanos(nominal - cut);
  }

  private long nominalNanos(int attempt) {
    long first = Checks.toNanosSaturated(initial);
    long cap = Checks.toNanosSaturated(max);
    double d = first * Math.pow(multiplier, attempt);
    return d >= cap ? cap : (long) d;
  }
}
