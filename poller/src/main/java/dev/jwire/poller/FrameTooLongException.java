package dev.jwire.poller;

import java.io.IOException;

/** A frame (a line, a delimited record) went past the length a read accepts. */
public class FrameTooLongException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was read and what the limit is
   */
  public FrameTooLongException(String message) {
    super(message);
  }
}
