package dev.jwire.wires;

/**
 * A {@link Broadcast} subscriber with the {@link Broadcast.Overflow#FAIL} policy fell behind: its
 * buffer was full when a message came. Its subscription is closed with this error: it drains what it
 * has, then fails with a {@link ChannelClosedException} caused by this one.
 */
public class BroadcastOverflowException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** @param message which subscriber, which broadcast, how far behind */
  public BroadcastOverflowException(String message) {
    super(message);
  }
}
