package dev.jwire.wires;

/**
 * Told of every restart a {@link Supervisor} decides, for logs, metrics or tests; see {@link
 * RestartLog} for an in-memory record.
 *
 * <p><b>Threading.</b> Called on the supervisor's loop thread, before the restarted children start;
 * it must not block.
 *
 * <p><b>Errors.</b> A listener that throws is logged; supervision goes on.
 */
@FunctionalInterface
public interface RestartListener {

  /** @param event the restart */
  void onRestart(RestartEvent event);
}
