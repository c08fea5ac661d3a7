package dev.jwire.wires;

import dev.jwire.engine.WireException;
import java.time.Duration;

/** A wire did not finish within its time limit ({@link Wires#timeout(dev.jwire.engine.Wire, Duration)}). */
public final class WireTimeoutException extends WireException {
  private final Duration limit;

  /**
   * @param path where the timed-out wire ran
   * @param limit the time limit that passed
   */
  public WireTimeoutException(String path, Duration limit) {
    super(path, "wire '" + path + "' did not finish within " + limit + " (its work was cancelled)", null);
    this.limit = limit;
  }

  /** @return the time limit that passed */
  public Duration limit() {
    return limit;
  }
}
