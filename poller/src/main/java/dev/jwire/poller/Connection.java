package dev.jwire.poller;

import dev.jwire.engine.Wire;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.function.Function;

/**
 * A byte stream (a TCP or TLS socket, a pipe) in wire form: asyncoro's {@code recv}, {@code
 * recvall}, {@code send} and {@code sendall}. Every operation is a wire that suspends its task until
 * it can go on, holding no thread, and then continues with the wire its callback returns.
 *
 * <pre>{@code
 * Wire echo(Connection c) {
 *   return c.read(data -> data == null ? null : c.write(data, echo(c)));
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Reads are buffered in one buffer per connection. A {@code ByteBuffer} handed to a callback
 *       is a view of it, valid until the next read: copy what you keep longer.
 *   <li>Writes write everything before they continue ({@code sendall}). When the socket buffer is
 *       full the task waits for the peer, never spinning and never queueing data of its own, so a
 *       peer that stops reading stops only the wires that write to it.
 *   <li>One wire at a time may read, and one may write (possibly a different one, so a connection
 *       can be read and written at once). A second concurrent reader or writer fails with an
 *       {@link IllegalStateException}. Use a connection from tasks of one loop thread: by default
 *       the task that opened or accepted it.
 *   <li>Timeouts: a {@link #readTimeout read timeout} fails a read that waits longer with {@link
 *       ReadTimeoutException}; a {@link #writeTimeout write timeout} does the same for writes;
 *       an {@link #idleTimeout idle timeout} fails a waiting read or write with {@link
 *       IdleTimeoutException} and closes the connection when nothing was read or written for that
 *       long.
 * </ul>
 */
public interface Connection extends AutoCloseable {

  /**
   * Reads what is available (at least one byte), waiting if nothing is.
   *
   * @param then gets the bytes, or {@code null} at end of stream; returns the successor
   * @return the wire
   */
  Wire read(Function<? super ByteBuffer, ? extends Wire> then);

  /**
   * Reads exactly {@code n} bytes ({@code recvall}), waiting as needed.
   *
   * @param n how many bytes; 1 or more and at most {@link #maxFrameLength()}
   * @param then gets the bytes; returns the successor
   * @return the wire, which fails with {@link java.io.EOFException} if the stream ends first
   */
  Wire readExactly(int n, Function<? super ByteBuffer, ? extends Wire> then);

  /**
   * Reads up to and including {@code delimiter}, handing over the bytes before it. At end of
   * stream, bytes without a delimiter are handed over as they are, then {@code null}.
   *
   * @param delimiter the delimiter; not empty
   * @param maxLength the longest frame accepted, delimiter excluded; 1 or more and at most {@link
   *     #maxFrameLength()}
   * @param then gets the frame, or {@code null} at end of stream; returns the successor
   * @return the wire, which fails with {@link FrameTooLongException} on a longer frame
   */
  Wire readUntil(byte[] delimiter, int maxLength, Function<? super ByteBuffer, ? extends Wire> then);

  /**
   * Reads a line ended by {@code \n} (a {@code \r} before it is dropped too), decoded with {@link
   * #charset()}, of at most 8192 bytes.
   *
   * @param then gets the line without its ending, or {@code null} at end of stream
   * @return the wire
   */
  default Wire readLine(Function<? super String, ? extends Wire> then) {
    return readLine(8192, then);
  }

  /**
   * Reads a line of at most {@code maxLength} bytes: see {@link #readLine(Function)}.
   *
   * @param maxLength the longest line accepted, in bytes, ending excluded
   * @param then gets the line without its ending, or {@code null} at end of stream
   * @return the wire, which fails with {@link FrameTooLongException} on a longer line
   */
  Wire readLine(int maxLength, Function<? super String, ? extends Wire> then);

  /**
   * Writes all of {@code data} ({@code sendall}), waiting while the peer does not keep up, then
   * continues with {@code then}. The buffer's position moves as it is written.
   *
   * @param data the bytes to write
   * @param then the successor; null to be done
   * @return the wire
   */
  Wire write(ByteBuffer data, Wire then);

  /**
   * {@link #write(ByteBuffer, Wire)}, then done.
   *
   * @param data the bytes to write
   * @return the wire
   */
  default Wire write(ByteBuffer data) {
    return write(data, null);
  }

  /**
   * Writes {@code text} encoded with {@link #charset()}, then continues with {@code then}.
   *
   * @param text the text
   * @param then the successor; null to be done
   * @return the wire
   */
  default Wire write(String text, Wire then) {
    return write(charset().encode(text), then);
  }

  /**
   * Ends the output (a TCP half-close): the peer reads end of stream; reading goes on. Idempotent.
   */
  void shutdownOutput();

  /**
   * Closes the connection. Idempotent. A wire waiting on it fails with {@link
   * java.nio.channels.AsynchronousCloseException}, or with the timeout that closed it.
   */
  @Override
  void close();

  /** @return whether the connection is still open */
  boolean isOpen();

  /** @return the peer's address, or null for a pipe */
  SocketAddress remoteAddress();

  /** @return this end's address, or null for a pipe */
  SocketAddress localAddress();

  /** @return the charset of lines and text writes; UTF-8 unless set */
  Charset charset();

  /**
   * @param charset the charset of lines and text writes
   * @return this
   */
  Connection charset(Charset charset);

  /**
   * @param timeout how long a read may wait for data; null for no limit (the default)
   * @return this
   */
  Connection readTimeout(Duration timeout);

  /**
   * @param timeout how long a write may wait for the peer to take data; null for no limit
   * @return this
   */
  Connection writeTimeout(Duration timeout);

  /**
   * @param timeout how long the connection may see no bytes read or written while a wire waits on
   *     it before it is closed; null for no limit (the default)
   * @return this
   */
  Connection idleTimeout(Duration timeout);

  /** @return the largest frame {@link #readExactly} and {@link #readUntil} accept (1 MiB unless set) */
  int maxFrameLength();

  /**
   * @param bytes the largest frame {@link #readExactly} and {@link #readUntil} accept; the read
   *     buffer grows up to this size for such frames
   * @return this
   */
  Connection maxFrameLength(int bytes);
}
