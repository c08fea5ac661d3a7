package dev.jwire.poller;

import java.net.SocketTimeoutException;

/** A read waited longer than the connection's read timeout. The connection stays open. */
public class ReadTimeoutException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what timed out
   */
  public ReadTimeoutException(String message) {
    super(message);
  }
}
