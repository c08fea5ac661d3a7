package dev.jwire.wires;

/**
 * A send on a closed channel, or a receive on a channel that was closed with an error and has been
 * drained. An {@link IllegalStateException}: using a closed resource is a state error.
 *
 * <p>When the channel was closed with {@link SendChannel#close(Throwable)}, that error is the
 * cause.
 */
public class ChannelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was refused, naming the channel
   * @param cause the error the channel was closed with, or null
   */
  public ChannelClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
