package dev.jwire.wires;

/**
 * When a {@link Supervisor} restarts a child that has ended: Erlang/OTP's restart types.
 *
 * <p>A child cancelled by something other than its supervisor (for instance by itself, through
 * {@code ctx.task().cancel()}) has ended without failing: only {@link #PERMANENT} restarts it.
 * Whatever the type, nothing is restarted while the supervisor itself is stopping.
 */
public enum Restart {
  /** Always restarted, whether it failed or finished: a worker that should run as long as its supervisor. */
  PERMANENT,
  /** Restarted only if it failed; a child that finishes normally (or is cancelled) stays ended. */
  TRANSIENT,
  /**
   * Never restarted, not even when a sibling's failure restarts the group ({@link
   * Supervisor.Strategy#ONE_FOR_ALL}): it is then cancelled and stays ended. A failure is logged.
   */
  TEMPORARY;

  /**
   * @param outcome how the child ended
   * @return whether a child of this type that ended so is restarted
   */
  public boolean restarts(Outcome outcome) {
    switch (this) {
      case PERMANENT:
        return true;
      case TRANSIENT:
        return outcome.isFailed();
      default:
        return false;
    }
  }
}
