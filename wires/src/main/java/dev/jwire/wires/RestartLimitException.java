package dev.jwire.wires;

import dev.jwire.engine.WireException;
import java.time.Duration;

/**
 * A {@link Supervisor} gave up: a child needed more restarts than its {@link
 * RestartPolicy#maxRestarts(int, Duration) intensity} allows. The supervisor cancels its children
 * and fails with this error, which escalates like any failure: to the supervisor task's error
 * handler, else its scope's failure policy (a supervisor above restarts it; a fail-fast scope
 * cancels its siblings). The {@linkplain #getCause() cause} is the last child's error, or null if
 * that child ended without failing.
 */
public final class RestartLimitException extends WireException {
  private static final long serialVersionUID = 1L;

  /** The supervisor's name. */
  private final String supervisor;
  /** The child whose end needed the refused restart. */
  private final String child;
  /** The intensity limit. */
  private final int maxRestarts;
  /** The intensity window. */
  private final Duration within;

  /**
   * @param path the supervisor task's path
   * @param supervisor the supervisor's name
   * @param child the child whose end needed the restart that was refused
   * @param maxRestarts the intensity limit
   * @param within the intensity window
   * @param how how that child ended, for the message
   * @param cause the child's error, or null
   */
  public RestartLimitException(
      String path, String supervisor, String child, int maxRestarts, Duration within, String how, Throwable cause) {
    super(
        path,
        "supervisor '" + supervisor + "' gave up: child '" + child + "' " + how + " and needs restart "
            + (maxRestarts + 1) + " within " + within + " (expected: at most " + maxRestarts + " restarts in "
            + within + "); its children are cancelled and the failure goes to the supervisor's scope",
        cause);
    this.supervisor = supervisor;
    this.child = child;
    this.maxRestarts = maxRestarts;
    this.within = within;
  }

  /** @return the supervisor's name */
  public String supervisor() {
    return supervisor;
  }

  /** @return the child whose end needed the refused restart */
  public String child() {
    return child;
  }

  /** @return the most restarts allowed in {@link #within()} */
  public int maxRestarts() {
    return maxRestarts;
  }

  /** @return the intensity window */
  public Duration within() {
    return within;
  }
}
