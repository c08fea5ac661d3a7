package dev.jwire.wires;

import dev.jwire.engine.internal.Checks;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * How a {@link Supervisor} restarts its children: which ends are restarted ({@link Restart}), the
 * {@link Backoff} before each restart, and the restart intensity: at most {@code maxRestarts}
 * restarts within {@code within}, else the supervisor gives up and fails with a {@link
 * RestartLimitException} (Erlang/OTP's intensity and period). Immutable; each {@code with}-style
 * method returns a copy.
 *
 * <pre>{@code
 * RestartPolicy.defaults()
 *     .restart(Restart.TRANSIENT)
 *     .backoff(Backoff.exponential(ofMillis(50), ofSeconds(5)).jitter(0.5))
 *     .maxRestarts(5, Duration.ofMinutes(1))
 *     .seed(42);                          // repeatable jitter, for tests
 * }</pre>
 *
 * <p><b>Timing.</b> Restarts are counted on the loop's clock, in a sliding window: a restart is
 * allowed while fewer than {@code maxRestarts} restarts happened in the {@code within} before it.
 */
public final class RestartPolicy {
  private static final RestartPolicy DEFAULTS =
      new RestartPolicy(
          Restart.PERMANENT,
          Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)).jitter(0.2),
          10,
          Duration.ofMinutes(1),
          null);

  private final Restart restart;
  private final Backoff backoff;
  private final int maxRestarts;
  private final Duration within;
  private final Long seed;

  private RestartPolicy(Restart restart, Backoff backoff, int maxRestarts, Duration within, Long seed) {
    this.restart = restart;
    this.backoff = backoff;
    this.maxRestarts = maxRestarts;
    this.within = within;
    this.seed = seed;
  }

  /**
   * @return permanent children; backoff from 100 ms doubling to 10 s with 20 % jitter; at most 10
   *     restarts in a minute; jitter from an unseeded generator
   */
  public static RestartPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * @param type which ends are restarted, for children that do not say otherwise
   * @return a copy with this restart type
   */
  public RestartPolicy restart(Restart type) {
    return new RestartPolicy(Checks.notNull(type, "type"), backoff, maxRestarts, within, seed);
  }

  /**
   * @param delays the delays before restarts
   * @return a copy with this backoff
   */
  public RestartPolicy backoff(Backoff delays) {
    return new RestartPolicy(restart, Checks.notNull(delays, "delays"), maxRestarts, within, seed);
  }

  /**
   * The restart intensity: at most {@code restarts} restarts in any {@code period}; the next one
   * makes the supervisor give up.
   *
   * @param restarts zero or more; 0 gives up on the first end that needs a restart
   * @param period more than zero, on the loop's clock
   * @return a copy with this limit
   */
  public RestartPolicy maxRestarts(int restarts, Duration period) {
    Checks.argument(restarts >= 0, "restarts : " + restarts + " (expected: >= 0)");
    return new RestartPolicy(restart, backoff, restarts, Checks.positive(period, "period"), seed);
  }

  /**
   * Seeds the jitter: every run of the supervisor draws the same delays. For tests and replays.
   *
   * @param value the seed
   * @return a copy with this seed
   */
  public RestartPolicy seed(long value) {
    return new RestartPolicy(restart, backoff, maxRestarts, within, value);
  }

  /** @return the restart type of children that do not say otherwise */
  public Restart restart() {
    return restart;
  }

  /** @return the backoff */
  public Backoff backoff() {
    return backoff;
  }

  /** @return the most restarts allowed in {@link #within()} */
  public int maxRestarts() {
    return maxRestarts;
  }

  /** @return the window of the restart intensity */
  public Duration within() {
    return within;
  }

  /** @return the jitter seed, if set */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  @Override
  public String toString() {
    return "RestartPolicy[" + restart + ", " + backoff + ", max " + maxRestarts + " in " + within
        + (seed == null ? "" : ", seed " + seed) + "]";
  }
}
