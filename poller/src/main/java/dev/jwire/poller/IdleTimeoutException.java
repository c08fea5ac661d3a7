package dev.jwire.poller;

import java.net.SocketTimeoutException;

/** A connection saw no bytes read or written for its idle timeout; it has been closed. */
public class IdleTimeoutException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was idle, for how long
   */
  public IdleTimeoutException(String message) {
    super(message);
  }
}
