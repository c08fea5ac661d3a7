package dev.jwire.poller;

import javax.net.ssl.SSLHandshakeException;

/**
 * A TLS handshake failed or took longer than its timeout. The message names the peer, this end's
 * role and why; the cause, if any, is the {@code SSLException} of the {@link
 * javax.net.ssl.SSLEngine}, or the I/O error that broke the handshake.
 */
public final class TlsHandshakeException extends SSLHandshakeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message with whom, as what, and why
   * @param cause the underlying error; may be null
   */
  public TlsHandshakeException(String message, Throwable cause) {
    super(message);
    if (cause != null) {
      initCause(cause);
    }
  }
}
