package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Combinators over whole tasks: each branch runs as a task (its whole chain, and whatever it
 * starts) in a nested scope, so nothing a branch started outlives the combinator.
 *
 * <pre>{@code
 * Wire both   = Wires.all(fetchA, fetchB);                        // asyncframes  a & b
 * Wire either = Wires.any(fromCache, fromNetwork);                // asyncframes  a | b
 * Wire bounded = Wires.orElse(Wires.timeout(fetch, ofSeconds(2)), useDefault);
 * Wire logged  = Wires.recover(fetch, error -> report(error));
 * }</pre>
 *
 * <p><b>Cancellation.</b> Cancelling the task running a combinator cancels every branch; the task
 * ends once they all have.
 */
public final class Wires {
  private Wires() {}

  /**
   * Runs every branch concurrently and is done when all are done (asyncframes' {@code a & b}).
   * The first failure cancels the other branches and fails this wire; later failures are
   * attached to it as suppressed.
   *
   * @param branches at least one wire
   * @return the wire
   */
  public static Wire all(Wire... branches) {
    return AllOf.of(branches(branches));
  }

  /**
   * Runs every branch concurrently; the first to finish <em>successfully</em> wins and the others
   * are cancelled (asyncframes' {@code a | b}). If every branch fails, this wire fails with the
   * first failure, the others attached as suppressed.
   *
   * @param branches at least one wire
   * @return the wire
   */
  public static Wire any(Wire... branches) {
    return FirstOf.any(branches(branches));
  }

  /**
   * Runs every branch concurrently; the first to finish, successfully or not, decides: its
   * failure fails this wire, and the others are cancelled either way.
   *
   * @param branches at least one wire
   * @return the wire
   */
  public static Wire race(Wire... branches) {
    return FirstOf.race(branches(branches));
  }

  /**
   * Runs {@code wire} (its whole chain) with a time limit on the loop's clock; if the limit
   * passes first, its work is cancelled and this wire fails with a {@link WireTimeoutException}.
   *
   * @param wire the wire
   * @param limit more than zero
   * @return the wire
   */
  public static Wire timeout(Wire wire, Duration limit) {
    return TimeLimit.of(Checks.notNull(wire, "wire"), Checks.positive(limit, "limit"));
  }

  /**
   * Runs {@code wire} (its whole chain); if it fails, continues with {@code fallback} instead.
   *
   * @param wire the wire
   * @param fallback the wire to run on failure
   * @return the wire
   */
  public static Wire orElse(Wire wire, Wire fallback) {
    Checks.notNull(fallback, "fallback");
    return recover(wire, error -> fallback);
  }

  /**
   * Runs {@code wire} (its whole chain); if it fails, continues with the wire {@code fallback}
   * makes of the error (null: done).
   *
   * @param wire the wire
   * @param fallback makes the next wire from the error; runs on the task's thread
   * @return the wire
   */
  public static Wire recover(Wire wire, Function<? super Throwable, ? extends Wire> fallback) {
    return Fallback.of(Checks.notNull(wire, "wire"), Checks.notNull(fallback, "fallback"));
  }

  private static List<Wire> branches(Wire[] branches) {
    Checks.notNull(branches, "branches");
    Checks.argument(branches.length > 0, "branches : [] (expected: at least one wire)");
    for (int i = 0; i < branches.length; i++) {
      Checks.notNull(branches[i], "branches[" + i + "]");
    }
    return List.of(branches);
  }
}
