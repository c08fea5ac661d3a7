package dev.jwire.wires;

import dev.jwire.engine.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One restart decided by a {@link Supervisor}: which child ended and how, how long the restart
 * waits, and which children it restarts (more than one under {@link Supervisor.Strategy#ONE_FOR_ALL}
 * or {@link Supervisor.Strategy#REST_FOR_ONE}). Given to {@link RestartListener}s and written to the
 * {@code dev.jwire.wires.supervision} system logger.
 *
 * @param supervisor the supervisor's name
 * @param child the name of the child whose end caused the restart
 * @param restart how many times this run of the supervisor has restarted that child, this one
 *     included (1 for the first restart)
 * @param outcome how the child ended: its error, or a normal end of a permanent child
 * @param delay the backoff before the restarted children start again
 * @param restarted the children restarted, in start order (the child that ended among them)
 * @param at when the restart was decided, on the loop's clock
 */
public record RestartEvent(
    String supervisor, String child, int restart, Outcome outcome, Duration delay, List<String> restarted, Instant at) {

  /**
   * @param supervisor the supervisor's name
   * @param child the child whose end caused the restart
   * @param restart the child's restarts in this run so far, this one included
   * @param outcome how the child ended
   * @param delay the backoff before the restarted children start
   * @param restarted the children restarted, in start order (copied)
   * @param at when the restart was decided, on the loop's clock
   * @throws IllegalArgumentException if a reference is null
   */
  public RestartEvent {
    Checks.notNull(supervisor, "supervisor");
    Checks.notNull(child, "child");
    Checks.notNull(outcome, "outcome");
    Checks.notNull(delay, "delay");
    restarted = List.copyOf(Checks.notNull(restarted, "restarted"));
    Checks.notNull(at, "at");
  }

  /** @return the error that ended the child, or null if it ended without failing */
  public Throwable cause() {
    return outcome.error();
  }

  /**
   * @return e.g. {@code supervisor 'pool' restarts [db] in PT0.4S (restart 3 of 'db', which failed:
   *     java.io.IOException: refused)}
   */
  @Override
  public String toString() {
    String how = outcome.isFailed() ? "failed: " + outcome.error()
        : outcome.isCancelled() ? "was cancelled" : "finished";
    return "supervisor '" + supervisor + "' restarts " + restarted + " in " + delay + " (restart " + restart
        + " of '" + child + "', which " + how + ")";
  }
}
