package dev.jwire.poller;

import java.net.SocketTimeoutException;

/** A connection attempt did not complete within its timeout. */
public class ConnectTimeoutException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message where to, and how long it waited
   */
  public ConnectTimeoutException(String message) {
    super(message);
  }
}
