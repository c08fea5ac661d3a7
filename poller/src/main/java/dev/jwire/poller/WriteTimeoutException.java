package dev.jwire.poller;

import java.net.SocketTimeoutException;

/** A write waited longer than the connection's write timeout for the peer to take data. */
public class WriteTimeoutException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what timed out
   */
  public WriteTimeoutException(String message) {
    super(message);
  }
}
