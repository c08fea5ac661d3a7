package dev.jwire.poller.process;

import java.time.Duration;
import java.util.List;

/**
 * A subprocess ran longer than its {@link Command#timeout(Duration) timeout}: it and its
 * descendants were killed, and every wire reading from it or waiting for its exit fails with this.
 */
public final class SubprocessTimeoutException extends SubprocessException {
  /** The timeout that passed. */
  private final Duration limit;

  /**
   * @param path where the failing wire ran
   * @param argv the command's program and arguments
   * @param pid the process id
   * @param message what happened
   * @param limit the timeout that passed
   */
  public SubprocessTimeoutException(String path, List<String> argv, long pid, String message, Duration limit) {
    super(path, argv, pid, message, null);
    this.limit = limit;
  }

  /** @return the timeout that passed */
  public Duration limit() {
    return limit;
  }
}
