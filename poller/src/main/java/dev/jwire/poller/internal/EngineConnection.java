package dev.jwire.poller.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.poller.TlsConnection;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS through an {@link SSLEngine}, over the bytes of another {@link BufferedConnection} (a TCP
 * socket, usually): the transport is used only for its raw {@link #fill}, {@link #flush} and
 * readiness waits, never its framing.
 *
 * <h2>Design</h2>
 *
 * <p>Three buffers sit between the transport and the framing of {@link BufferedConnection}: {@code
 * netIn} (records read, not yet unwrapped), {@code appIn} (plaintext unwrapped, not yet handed to a
 * read) and {@code netOut} (records wrapped, not yet taken by the socket). Each holds at most one
 * record, about 16 KiB, so memory per connection is bounded whatever the peer does.
 *
 * <p>A write wraps one record from a <em>duplicate</em> of the caller's buffer and moves the
 * caller's position only once the whole record has reached the socket ({@link #settle}). So a write
 * that completes has really handed its bytes over, and one that waits holds one record, not more.
 *
 * <p>The reader and the writer share the engine and {@code netOut}; they run on one loop thread and
 * each step leaves the buffers consistent, so no lock is needed. Post-handshake messages a read
 * meets (TLS 1.3 key updates) are answered into {@code netOut} and pushed out opportunistically, by
 * the next read or write.
 *
 * <pre>
 *   write(buf) ─wrap─▶ netOut ─flush─▶ transport
 *   transport ─fill─▶ netIn ─unwrap─▶ appIn ─▶ read
 * </pre>
 */
public final class EngineConnection extends BufferedConnection implements TlsConnection {
  private static final System.Logger LOG = System.getLogger(EngineConnection.class.getName());
  static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  final BufferedConnection transport;
  final SSLEngine engine;
  private final String description;
  private ByteBuffer netIn; // fill mode
  private ByteBuffer netOut; // fill mode
  private ByteBuffer appIn; // read mode
  private boolean inboundDone;
  private boolean outputShut;
  private boolean transportShut;
  private boolean closed;
  // the wrap of the write in progress whose record has not fully reached the socket yet
  private ByteBuffer pendingSrc;
  private int pendingPos;
  private int pendingConsumed;

  private EngineConnection(BufferedConnection transport, SSLEngine engine) {
    super(transport.loop);
    this.transport = transport;
    this.engine = engine;
    this.description = "TLS " + transport.describe();
    SSLSession s = engine.getSession();
    netIn = ByteBuffer.allocate(s.getPacketBufferSize());
    netOut = ByteBuffer.allocate(s.getPacketBufferSize());
    appIn = ByteBuffer.allocate(s.getApplicationBufferSize()).flip();
  }

  /**
   * A wire that runs the handshake over {@code transport}, then continues with {@code then}'s wire.
   * The TLS connection is bound to the running task: closed (with {@code close_notify}) when it
   * ends.
   *
   * @param ctx the running task
   * @param transport the connection to secure; nothing may have been read from it ahead
   * @param engine a fresh engine, in client or server mode
   * @param role this end, for messages: {@code "client of example.org"}, {@code "server"}
   * @param timeoutNanos how long the handshake may take
   * @param then gets the connection once the handshake has completed
   * @return the handshake's first step
   */
  public static Wire handshake(
      WireContext ctx, BufferedConnection transport, SSLEngine engine, String role, long timeoutNanos,
      Function<? super TlsConnection, ? extends Wire> then) {
    if (transport.buffered() > 0) {
      throw new IllegalStateException(
          transport.describe() + " holds " + transport.buffered() + " bytes read but not handed over: "
              + "TLS must start on a clean stream (plaintext read ahead could be injected)");
    }
    EngineConnection conn = ctx.bind(new EngineConnection(transport, engine));
    return new TlsHandshake(conn, role, timeoutNanos, then).start();
  }

  // ---------------------------------------------------------------------------------------------
  // Engine and buffers, shared with the handshake

  /** Unwraps one record from {@code netIn} into {@code appIn}. */
  SSLEngineResult unwrapOnce() throws SSLException {
    appIn.compact();
    netIn.flip();
    try {
      return engine.unwrap(netIn, appIn);
    } finally {
      netIn.compact();
      appIn.flip();
    }
  }

  /** Wraps one record from {@code src} into {@code netOut}, growing an empty {@code netOut} if the session needs it. */
  SSLEngineResult wrapOnce(ByteBuffer src) throws SSLException {
    SSLEngineResult r = engine.wrap(src, netOut);
    if (r.getStatus() == Status.BUFFER_OVERFLOW && netOut.position() == 0) {
      int size = engine.getSession().getPacketBufferSize();
      if (size <= netOut.capacity()) {
        throw new SSLException(describe() + ": a TLS record does not fit " + netOut.capacity() + " bytes");
      }
      netOut = ByteBuffer.allocate(size);
      r = engine.wrap(src, netOut);
    }
    return r;
  }

  /** Makes room for a larger record than {@code appIn} holds, once it is empty. */
  void growAppIn() throws SSLException {
    int size = engine.getSession().getApplicationBufferSize();
    if (appIn.hasRemaining() || appIn.capacity() >= size) {
      throw new SSLException(describe() + ": a TLS record does not fit " + appIn.capacity() + " bytes of plaintext");
    }
    appIn = ByteBuffer.allocate(size).flip();
  }

  /** @return bytes read from the transport into {@code netIn}: 0 if none now, -1 at its end */
  int readNet() throws IOException {
    if (!netIn.hasRemaining()) {
      int size = engine.getSession().getPacketBufferSize();
      if (size <= netIn.capacity()) {
        throw new SSLException(describe() + ": a TLS record is longer than " + netIn.capacity() + " bytes");
      }
      ByteBuffer bigger = ByteBuffer.allocate(size);
      netIn.flip();
      netIn = bigger.put(netIn);
    }
    return transport.fill(netIn);
  }

  /**
   * Pushes {@code netOut} to the transport as far as it takes it, without waiting; wraps a pending
   * {@code close_notify} and half-closes the transport once it is out.
   *
   * @return whether {@code netOut} is empty now
   */
  boolean drainOut() throws IOException {
    if (outputShut && !engine.isOutboundDone()) {
      wrapOnce(EMPTY); // the close_notify, as soon as there is room for it
    }
    if (netOut.position() > 0) {
      netOut.flip();
      try {
        while (netOut.hasRemaining() && transport.flush(netOut) > 0) {
          // the transport takes more
        }
      } finally {
        netOut.compact();
      }
      if (netOut.position() > 0) {
        return false;
      }
    }
    if (outputShut && engine.isOutboundDone() && !transportShut) {
      transportShut = true;
      transport.shutdownOutput();
    }
    return true;
  }

  void runTasksHere() {
    for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  /** After a failed handshake: sends the alert the engine has queued, if the socket takes it now. */
  void sendAlert() {
    try {
      for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
        if (wrapOnce(EMPTY).bytesProduced() == 0) {
          break;
        }
      }
      drainOut();
    } catch (IOException | RuntimeException e) {
      // best effort: the peer learns from the closed socket anyway
    }
  }

  // ---------------------------------------------------------------------------------------------
  // BufferedConnection

  @Override
  protected int fill(ByteBuffer dst) throws IOException {
    for (; ; ) {
      if (appIn.hasRemaining()) {
        return copy(appIn, dst);
      }
      if (inboundDone) {
        return -1;
      }
      drainQuietly();
      SSLEngineResult r = unwrapOnce();
      afterUnwrap(r);
      if (r.getStatus() == Status.CLOSED) {
        inboundDone = true; // the peer's close_notify
        continue;
      }
      if (r.getStatus() == Status.BUFFER_OVERFLOW) {
        growAppIn();
        continue;
      }
      if (r.getStatus() == Status.OK && (r.bytesConsumed() > 0 || r.bytesProduced() > 0)) {
        continue;
      }
      int n = readNet(); // BUFFER_UNDERFLOW: a record is incomplete
      if (n == 0) {
        return 0;
      }
      if (n < 0) {
        endOfTransport();
      }
    }
  }

  /** A read met a post-handshake message: runs its tasks here (they are rare and short), answers it. */
  private void afterUnwrap(SSLEngineResult r) throws IOException {
    HandshakeStatus hs = r.getHandshakeStatus();
    if (hs == HandshakeStatus.NEED_TASK) {
      runTasksHere();
      hs = engine.getHandshakeStatus();
    }
    if (hs == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
      wrapOnce(EMPTY); // no room now: the writer's next wrap sends it first
      drainQuietly();
    }
  }

  /** For reads: a failing socket output is the writer's error to see, not the reader's. */
  private void drainQuietly() {
    try {
      drainOut();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> describe() + ": sending while reading failed: " + e);
    }
  }

  private void endOfTransport() {
    inboundDone = true;
    try {
      engine.closeInbound();
    } catch (SSLException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> describe() + " ended without close_notify: " + e.getMessage());
    }
  }

  private static int copy(ByteBuffer from, ByteBuffer to) {
    int n = Math.min(from.remaining(), to.remaining());
    int limit = from.limit();
    from.limit(from.position() + n);
    to.put(from);
    from.limit(limit);
    return n;
  }

  @Override
  protected int flush(ByteBuffer src) throws IOException {
    if (outputShut) {
      throw new IOException(describe() + " has shut down its output (close_notify sent): it cannot be written");
    }
    for (; ; ) {
      if (!drainOut()) {
        return 0;
      }
      int done = settle(src);
      if (done > 0) {
        return done;
      }
      ByteBuffer view = src.duplicate();
      SSLEngineResult r = wrapOnce(view);
      if (r.getStatus() == Status.CLOSED) {
        throw new SSLException(describe() + " is closed for writing" + (inboundDone ? ": the peer closed it" : ""));
      }
      if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
        runTasksHere();
      }
      if (r.bytesConsumed() > 0) {
        pendingSrc = src;
        pendingPos = src.position();
        pendingConsumed = r.bytesConsumed();
      } else if (r.bytesProduced() == 0) {
        throw noProgress(r);
      }
    }
  }

  private SSLException noProgress(SSLEngineResult r) {
    if (r.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
      return new SSLException(describe() + ": the peer started a TLS renegotiation, which jwire does not support");
    }
    return new SSLException(
        describe() + ": the engine wrapped nothing (" + r.getStatus() + ", " + r.getHandshakeStatus() + ")");
  }

  /**
   * The caller's buffer moves past what the last wrap consumed, once its record is out; not if the
   * write it belonged to was abandoned (timed out) and this is another one.
   *
   * @return how many bytes of {@code src} are now written
   */
  private int settle(ByteBuffer src) {
    ByteBuffer p = pendingSrc;
    int n = pendingConsumed;
    pendingSrc = null;
    pendingConsumed = 0;
    if (p == src && src.position() == pendingPos && n > 0) {
      src.position(pendingPos + n);
      return n;
    }
    return 0;
  }

  @Override
  protected Wire awaitIn(long timeoutNanos, Function<Boolean, Wire> then) {
    return transport.awaitIn(timeoutNanos, then);
  }

  @Override
  protected Wire awaitOut(long timeoutNanos, Function<Boolean, Wire> then) {
    return transport.awaitOut(timeoutNanos, then);
  }

  @Override
  protected String describe() {
    return description;
  }

  // ---------------------------------------------------------------------------------------------
  // Connection

  @Override
  public SSLSession session() {
    return engine.getSession();
  }

  @Override
  public void shutdownOutput() {
    if (outputShut || closed) {
      return;
    }
    outputShut = true;
    engine.closeOutbound();
    try {
      drainOut();
    } catch (IOException e) {
      // the peer is gone already: nothing left to end
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!outputShut && transport.isOpen()) {
      outputShut = true;
      engine.closeOutbound();
      try {
        drainOut();
      } catch (IOException | RuntimeException e) {
        // best effort: the close_notify goes if the socket takes it now
      }
    }
    transport.close();
  }

  @Override
  public boolean isOpen() {
    return !closed && transport.isOpen();
  }

  @Override
  public SocketAddress remoteAddress() {
    return transport.remoteAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return transport.localAddress();
  }
}
