package dev.jwire.poller.internal;

import dev.jwire.engine.Wire;
import dev.jwire.poller.TlsConnection;
import dev.jwire.poller.TlsHandshakeException;
import dev.jwire.wires.Blocking;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;

/**
 * The TLS handshake as a state machine of wires, driven by the engine's handshake status:
 *
 * <pre>
 *   NEED_WRAP   ─▶ wrap into netOut, push it out (wait for the socket if it is full)
 *   NEED_UNWRAP ─▶ push our flight out first, then unwrap; an incomplete record reads more (or waits)
 *   NEED_TASK   ─▶ the engine's delegated tasks on a worker thread (Blocking), then back here
 *   FINISHED / NOT_HANDSHAKING ─▶ push the last flight out, hand the connection over
 * </pre>
 *
 * <p>Delegated tasks run off the loop: they are the handshake's CPU-heavy part (signatures, key
 * exchange, certificate path checks; a few milliseconds each), and a server's loop thread keeps
 * serving other connections meanwhile. Every wait is bounded by what remains of the handshake
 * timeout, on the loop's clock.
 */
final class TlsHandshake {
  private final EngineConnection conn;
  private final String role;
  private final long timeoutNanos;
  private final Function<? super TlsConnection, ? extends Wire> then;
  private final Wire step = Wire.sync(ctx -> step());
  private long started;

  TlsHandshake(
      EngineConnection conn, String role, long timeoutNanos, Function<? super TlsConnection, ? extends Wire> then) {
    this.conn = conn;
    this.role = role;
    this.timeoutNanos = timeoutNanos;
    this.then = then;
  }

  Wire start() {
    started = conn.loop.nanoTime();
    try {
      conn.engine.beginHandshake();
    } catch (SSLException e) {
      return failed(e);
    }
    return step();
  }

  private Wire step() {
    try {
      for (; ; ) {
        Wire next;
        switch (conn.engine.getHandshakeStatus()) {
          case NEED_TASK:
            return Blocking.call(this::runTasks, ok -> step);
          case NEED_WRAP:
            next = wrap();
            break;
          case NEED_UNWRAP:
          case NEED_UNWRAP_AGAIN:
            next = unwrap();
            break;
          default: // FINISHED, NOT_HANDSHAKING
            return conn.drainOut() ? then.apply(conn) : awaitOut();
        }
        if (next != null) {
          return next;
        }
      }
    } catch (IOException e) {
      return failed(e);
    }
  }

  /** @return the wire to go on with, or null to look at the engine's status again */
  private Wire wrap() throws IOException {
    SSLEngineResult r = conn.wrapOnce(EngineConnection.EMPTY);
    if (r.getStatus() == Status.CLOSED && r.bytesProduced() == 0) {
      throw new SSLException("the engine closed during the handshake");
    }
    return conn.drainOut() ? null : awaitOut();
  }

  private Wire unwrap() throws IOException {
    if (!conn.drainOut()) {
      return awaitOut(); // our flight goes out before we wait for theirs
    }
    SSLEngineResult r = conn.unwrapOnce();
    switch (r.getStatus()) {
      case CLOSED:
        throw new SSLException("the peer closed TLS during the handshake");
      case BUFFER_OVERFLOW:
        conn.growAppIn();
        return null;
      case OK:
        if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
          return null;
        }
        break;
      default: // BUFFER_UNDERFLOW: a record is incomplete
        break;
    }
    int n = conn.readNet();
    if (n < 0) {
      throw new SSLException("the peer closed the connection during the handshake");
    }
    return n > 0 ? null : awaitIn();
  }

  private Boolean runTasks() {
    conn.runTasksHere();
    return Boolean.TRUE;
  }

  private Wire awaitIn() {
    long left = left();
    return left <= 0 ? timedOut() : conn.transport.awaitIn(left, ready -> ready ? step : onTimer());
  }

  private Wire awaitOut() {
    long left = left();
    return left <= 0 ? timedOut() : conn.transport.awaitOut(left, ready -> ready ? step : onTimer());
  }

  private long left() {
    return timeoutNanos - (conn.loop.nanoTime() - started);
  }

  private Wire onTimer() {
    return left() <= 0 ? timedOut() : step;
  }

  private Wire timedOut() {
    return fail(new TlsHandshakeException(
        "TLS handshake with " + peer() + " (this end: " + role + ") did not complete within "
            + Duration.ofNanos(timeoutNanos) + " (the handshake timeout)", null));
  }

  private Wire failed(IOException e) {
    conn.sendAlert();
    return fail(new TlsHandshakeException(
        "TLS handshake with " + peer() + " (this end: " + role + ") failed: " + e.getMessage() + hint(e), e));
  }

  private static String hint(IOException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
      return " (the peer's certificate does not chain to one this end's SSLContext trusts)";
    }
    if (m.contains("No subject alternative") || m.contains("No name matching")) {
      return " (the peer's certificate does not name the host this end expects)";
    }
    if (m.contains("certificate_unknown") || m.contains("bad_certificate") || m.contains("unknown_ca")) {
      return " (the peer does not accept this end's certificate)";
    }
    if (m.contains("Empty client certificate chain") || m.contains("certificate_required")) {
      return " (a client certificate is required, and none came)";
    }
    boolean versions = m.contains("not accepted") || m.contains("not enabled") || m.contains("No appropriate");
    if (m.contains("protocol") && versions) {
      return " (the two ends have no TLS version in common)";
    }
    return "";
  }

  private String peer() {
    SocketAddress a = conn.remoteAddress();
    return a != null ? a.toString() : conn.transport.describe();
  }

  private static Wire fail(Throwable t) {
    return ctx -> Mono.error(t);
  }
}
