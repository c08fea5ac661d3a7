package dev.jwire.poller;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.poller.internal.BufferedConnection;
import dev.jwire.poller.internal.EngineConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * TLS (asyncoro's SSL sockets) as wires, over {@link javax.net.ssl.SSLEngine}: clients, servers,
 * and securing a connection already open (STARTTLS). The {@link TlsConnection} a wire gets is a
 * {@link Connection} like any other, handed over once the handshake has completed.
 *
 * <pre>{@code
 * // a server: TcpServer accepts, Tls.server handshakes, the handler gets the secured connection
 * TcpServer server = TcpServer.bind(new InetSocketAddress("0.0.0.0", 8443));
 * loop.start(server.serve(Tls.server(serverContext, conn -> echo(conn))));
 *
 * // a client: connect, handshake, check the server's certificate names "example.org"
 * loop.start(Tls.connect(address, Duration.ofSeconds(5), clientContext, "example.org",
 *     conn -> conn.write("hello\n", conn.readLine(reply -> ...))));
 * }</pre>
 *
 * <p><b>Threading.</b> Handshakes run on the task's loop thread, except the engine's delegated
 * tasks (signatures, key exchange), which run on {@link dev.jwire.wires.Blocking}'s pool so that a
 * server's loop thread goes on serving other connections meanwhile.
 *
 * <p><b>Errors.</b> A handshake that fails, or takes longer than {@link
 * TlsOptions#handshakeTimeout()}, fails its wire with a {@link TlsHandshakeException} naming the
 * peer, this end's role and the reason (its cause is the engine's {@code SSLException}). On a
 * {@link TcpServer}, that is one connection's failure: it goes to {@link TcpServer#onError}, and
 * the server serves the others.
 *
 * <p><b>Cancellation.</b> Cancelling the task cancels the handshake or I/O it waits on; the TLS
 * connection is bound to the task that secured it, and closed (sending {@code close_notify} if the
 * socket takes it) when that task ends.
 */
public final class Tls {
  private Tls() {}

  /**
   * Connects to {@code address} and handshakes as a client that expects {@code hostname}'s
   * certificate, then continues with {@code then}'s wire.
   *
   * @param address where to connect
   * @param timeout how long the TCP connect and the handshake may take together; more than zero
   * @param context the client's trusted certificates (and keys, for client authentication)
   * @param hostname the name (or IP address) the server's certificate must bear; sent as SNI
   * @param then gets the secured connection; returns the successor
   * @return the wire, which fails with {@link ConnectTimeoutException}, a {@link
   *     java.net.ConnectException} or a {@link TlsHandshakeException}
   */
  public static Wire connect(
      SocketAddress address, Duration timeout, SSLContext context, String hostname,
      Function<? super TlsConnection, ? extends Wire> then) {
    Checks.notBlank(hostname, "hostname");
    return connect(address, timeout, TlsOptions.client(context).hostname(hostname), then);
  }

  /**
   * Connects to {@code address} and handshakes as {@code options} say, then continues with {@code
   * then}'s wire. The handshake may take the less of {@code options}' handshake timeout and what
   * {@code timeout} leaves after connecting.
   *
   * @param address where to connect
   * @param timeout how long the TCP connect and the handshake may take together; more than zero
   * @param options client options
   * @param then gets the secured connection; returns the successor
   * @return the wire
   */
  public static Wire connect(
      SocketAddress address, Duration timeout, TlsOptions options,
      Function<? super TlsConnection, ? extends Wire> then) {
    Checks.notNull(address, "address");
    long total = Checks.toNanosSaturated(Checks.positive(timeout, "timeout"));
    checkRole(options, true);
    Checks.notNull(then, "then");
    long handshake = Checks.toNanosSaturated(options.handshakeTimeout());
    return Wire.named("tls-connect " + address, Wire.defer(ctx -> {
      long start = ctx.loop().nanoTime();
      return Tcp.connect(address, timeout, conn -> Wire.sync(c -> {
        long left = Math.max(1, total - (c.loop().nanoTime() - start));
        return secure(c, conn, options, Math.min(handshake, left), then);
      }));
    }));
  }

  /**
   * The handler of a TLS server, for {@link TcpServer#serve}: each accepted connection handshakes
   * as a server, then runs {@code handler}'s wire.
   *
   * <pre>{@code loop.start(TcpServer.bind(address).serve(Tls.server(sslContext, conn -> echo(conn))));}</pre>
   *
   * @param context the server's key and certificate
   * @param handler the wire of a secured connection
   * @return the handler to serve
   */
  public static Function<Connection, Wire> server(
      SSLContext context, Function<? super TlsConnection, ? extends Wire> handler) {
    return server(TlsOptions.server(context), handler);
  }

  /**
   * {@link #server(SSLContext, Function)} with options: protocols, client authentication, a
   * handshake timeout.
   *
   * @param options server options
   * @param handler the wire of a secured connection
   * @return the handler to serve
   */
  public static Function<Connection, Wire> server(
      TlsOptions options, Function<? super TlsConnection, ? extends Wire> handler) {
    checkRole(options, false);
    Checks.notNull(handler, "handler");
    return conn -> wrap(conn, options, handler);
  }

  /**
   * Secures a connection that is open already (STARTTLS): handshakes over it as {@code options}
   * say, then continues with {@code then}'s wire. From then on, use only the secured connection.
   *
   * @param connection a TCP connection from {@link Tcp} or {@link TcpServer} (or a pipe), on which
   *     no bytes were read beyond what was handed over: the wire fails with {@link
   *     IllegalStateException} otherwise, since plaintext read ahead could have been injected
   * @param options client or server options
   * @param then gets the secured connection; returns the successor
   * @return the wire
   */
  public static Wire wrap(
      Connection connection, TlsOptions options, Function<? super TlsConnection, ? extends Wire> then) {
    Checks.notNull(connection, "connection");
    Checks.notNull(options, "options");
    Checks.notNull(then, "then");
    if (!(connection instanceof BufferedConnection)) {
      throw new IllegalArgumentException(
          "connection : " + connection + " (expected: a connection of jwire's Tcp, TcpServer or Pipes)");
    }
    long handshake = Checks.toNanosSaturated(options.handshakeTimeout());
    return Wire.named("tls-handshake", Wire.sync(ctx -> secure(ctx, connection, options, handshake, then)));
  }

  private static Wire secure(
      dev.jwire.engine.WireContext ctx, Connection conn, TlsOptions options, long timeoutNanos,
      Function<? super TlsConnection, ? extends Wire> then) {
    SocketAddress peer = conn.remoteAddress();
    SSLEngine engine = options.newEngine(peer instanceof InetSocketAddress ? (InetSocketAddress) peer : null);
    String role = options.isClient()
        ? "client" + (options.hostname() == null ? "" : " expecting " + options.hostname())
        : "server";
    return EngineConnection.handshake(ctx, (BufferedConnection) conn, engine, role, timeoutNanos, then);
  }

  private static void checkRole(TlsOptions options, boolean client) {
    Checks.notNull(options, "options");
    if (options.isClient() != client) {
      throw new IllegalArgumentException("options : " + options + " (expected: "
          + (client ? "client options, TlsOptions.client(...)" : "server options, TlsOptions.server(...)") + ")");
    }
  }
}
