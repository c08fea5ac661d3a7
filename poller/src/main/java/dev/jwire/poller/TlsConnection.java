package dev.jwire.poller;

import javax.net.ssl.SSLSession;

/**
 * A {@link Connection} secured by TLS: the same wires, over an {@link javax.net.ssl.SSLEngine}.
 * Handed to wires only once the handshake has completed.
 *
 * <h2>Guarantees, beyond {@link Connection}'s</h2>
 *
 * <ul>
 *   <li>A {@link #write} continues once every TLS record carrying its bytes is in the socket's
 *       buffer; the buffer's position moves as records go out. Per connection at most one record
 *       (about 16 KiB) waits in memory for the socket, so a peer that stops reading stops the
 *       writer as it does over plain TCP.
 *   <li>{@link #shutdownOutput()} sends {@code close_notify}, then half-closes the socket; the peer
 *       reads end of stream, and this end reads on (with TLS 1.3; a TLS 1.2 peer may answer by
 *       closing). {@link #close()} sends {@code close_notify} if the socket takes it at once, then
 *       closes. Both are best effort and never wait.
 *   <li>End of stream: the peer's {@code close_notify}, or the socket's end. A peer that closes the
 *       socket without {@code close_notify} reads as end of stream too (as with the JDK's {@code
 *       SSLSocket}): protocols that must tell a truncated stream apart frame their messages.
 *   <li>TLS 1.3 post-handshake messages (session tickets, key updates) are handled while reading.
 *       TLS 1.2 renegotiation is not supported: a write that meets one fails with an {@code
 *       SSLException} saying so.
 * </ul>
 */
public interface TlsConnection extends Connection {

  /**
   * @return the session: protocol, cipher suite, the peer's certificates ({@code
   *     getPeerCertificates()} throws if the peer sent none)
   */
  SSLSession session();
}
