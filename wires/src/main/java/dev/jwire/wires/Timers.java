package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * Timers as wires (ayo's {@code after}, {@code at}, {@code every}), all on the loop's clock, so a
 * virtual-time loop runs a day of them in milliseconds.
 *
 * <pre>{@code
 * loop.start(Timers.after(Duration.ofSeconds(5), reminder));
 * loop.start(Timers.at(Instant.parse("2026-12-24T18:00:00Z"), party));
 * loop.startDaemon(Timers.every(Duration.ofSeconds(1), heartbeat));   // does not hold the loop open
 * }</pre>
 *
 * <p><b>Cancellation.</b> Cancelling the task (or its scope) unschedules the timer and cancels a
 * run in progress. A daemon start ({@code startDaemon}) keeps a timer from holding its scope or a
 * run open.
 */
public final class Timers {
  private Timers() {}

  /**
   * Runs {@code wire} after {@code delay}.
   *
   * @param delay zero or more, on the loop's clock
   * @param wire the wire to run
   * @return the wire
   */
  public static Wire after(Duration delay, Wire wire) {
    return Wire.sleep(Checks.notNegative(delay, "delay")).then(Checks.notNull(wire, "wire"));
  }

  /**
   * Runs {@code wire} at the wall-clock instant {@code when} of the loop's clock (at once if it
   * has passed).
   *
   * @param when the instant
   * @param wire the wire to run
   * @return the wire
   */
  public static Wire at(Instant when, Wire wire) {
    Checks.notNull(when, "when");
    Checks.notNull(wire, "wire");
    return Wire.defer(ctx -> {
      Duration wait = Duration.between(ctx.loop().instant(), when);
      return Wire.sleep(wait.isNegative() ? Duration.ZERO : wait).then(wire);
    });
  }

  /**
   * Runs {@code body} every {@code period}, at a fixed rate by default (no drift: run {@code k}
   * starts at {@code start + k * period}), each run being the body's whole chain; see {@link Every}
   * for fixed delay, misfires, an initial delay and a run limit.
   *
   * @param period more than zero
   * @param body the wire each run starts
   * @return the timer, itself a wire
   */
  public static Every every(Duration period, Wire body) {
    return Every.of(Checks.positive(period, "period"), Checks.notNull(body, "body"));
  }
}
