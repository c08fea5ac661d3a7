package dev.jwire.poller;

import dev.jwire.engine.internal.Checks;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * How one end of a TLS connection is set up: its {@link SSLContext} (keys and trusted
 * certificates), its role, the server name a client checks, a handshake timeout, and what else
 * the {@link SSLEngine} needs. Immutable; each {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * TlsOptions.client(sslContext).hostname("example.org").handshakeTimeout(Duration.ofSeconds(5))
 * TlsOptions.server(sslContext).protocols("TLSv1.3").requireClientAuth()
 * }</pre>
 *
 * <p>A client with a {@link #hostname} verifies that the server's certificate names that host
 * (HTTPS endpoint identification) and sends it as SNI; a client without one checks only that the
 * certificate chains to a trusted certificate, which suits tests and little else.
 */
public final class TlsOptions {
  /** The handshake timeout unless set: 10 seconds. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final SSLContext context;
  private final boolean client;
  private final String hostname;
  private final Duration handshakeTimeout;
  private final String[] protocols;
  private final boolean clientAuth;
  private final Consumer<? super SSLEngine> configure;

  private TlsOptions(
      SSLContext context, boolean client, String hostname, Duration handshakeTimeout, String[] protocols,
      boolean clientAuth, Consumer<? super SSLEngine> configure) {
    this.context = context;
    this.client = client;
    this.hostname = hostname;
    this.handshakeTimeout = handshakeTimeout;
    this.protocols = protocols;
    this.clientAuth = clientAuth;
    this.configure = configure;
  }

  /**
   * @param context the client's keys (for client authentication) and trusted certificates
   * @return options of a client, with no hostname check until {@link #hostname} is set
   */
  public static TlsOptions client(SSLContext context) {
    return new TlsOptions(
        Checks.notNull(context, "context"), true, null, DEFAULT_HANDSHAKE_TIMEOUT, null, false, null);
  }

  /**
   * @param context the server's key and certificate, and the certificates it trusts for clients
   * @return options of a server
   */
  public static TlsOptions server(SSLContext context) {
    return new TlsOptions(
        Checks.notNull(context, "context"), false, null, DEFAULT_HANDSHAKE_TIMEOUT, null, false, null);
  }

  /**
   * The server a client expects: its certificate must name this host (or IP address), and the
   * name is sent as SNI (not for IP addresses). Clients only.
   *
   * @param hostname the server's host name or IP address; not blank
   * @return a copy with this hostname
   */
  public TlsOptions hostname(String hostname) {
    Checks.notBlank(hostname, "hostname");
    if (!client) {
      throw new IllegalStateException("hostname : " + hostname + " (expected: on client options; a server has none)");
    }
    return new TlsOptions(context, true, hostname, handshakeTimeout, protocols, clientAuth, configure);
  }

  /**
   * @param timeout how long the handshake may take, on the loop's clock; more than zero
   * @return a copy with this timeout
   */
  public TlsOptions handshakeTimeout(Duration timeout) {
    Checks.positive(timeout, "timeout");
    return new TlsOptions(context, client, hostname, timeout, protocols, clientAuth, configure);
  }

  /**
   * The protocol versions to offer or accept, e.g. {@code "TLSv1.3"}; by default the context's.
   *
   * @param protocols one or more names that the context supports
   * @return a copy with these protocols
   */
  public TlsOptions protocols(String... protocols) {
    Checks.notNull(protocols, "protocols");
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
    Checks.argument(protocols.length > 0, "protocols : [] (expected: at least one of " + supported + ")");
    for (String p : protocols) {
      Checks.argument(supported.contains(p), "protocols : " + p + " (expected: one of " + supported + ")");
    }
    return new TlsOptions(context, client, hostname, handshakeTimeout, protocols.clone(), clientAuth, configure);
  }

  /**
   * A server requires clients to present a certificate its context trusts. Servers only.
   *
   * @return a copy that requires client certificates
   */
  public TlsOptions requireClientAuth() {
    if (client) {
      throw new IllegalStateException("requireClientAuth() is for server options: a client cannot require it");
    }
    return new TlsOptions(context, false, hostname, handshakeTimeout, protocols, true, configure);
  }

  /**
   * Anything else ({@code SSLParameters}, cipher suites, ALPN): runs on each new engine, after
   * these options were applied, on the loop thread.
   *
   * @param configure adjusts the engine
   * @return a copy with this hook
   */
  public TlsOptions configure(Consumer<? super SSLEngine> configure) {
    Checks.notNull(configure, "configure");
    return new TlsOptions(context, client, hostname, handshakeTimeout, protocols, clientAuth, configure);
  }

  /** @return whether these are a client's options */
  public boolean isClient() {
    return client;
  }

  /** @return the host a client expects, or null */
  public String hostname() {
    return hostname;
  }

  /** @return how long the handshake may take */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /**
   * Makes the engine of one connection.
   *
   * @param peer the address of the other end, for session caching; may be null
   * @return a new engine, in client or server mode
   */
  SSLEngine newEngine(InetSocketAddress peer) {
    String host = hostname != null ? hostname : peer == null ? null : peer.getHostString();
    int port = peer == null ? -1 : peer.getPort();
    SSLEngine engine = client && host != null ? context.createSSLEngine(host, port) : context.createSSLEngine();
    engine.setUseClientMode(client);
    SSLParameters p = engine.getSSLParameters();
    if (client && hostname != null) {
      p.setEndpointIdentificationAlgorithm("HTTPS");
      if (!isIpLiteral(hostname)) {
        p.setServerNames(List.of(new SNIHostName(hostname)));
      }
    }
    if (protocols != null) {
      p.setProtocols(protocols.clone());
    }
    if (clientAuth) {
      p.setNeedClientAuth(true);
    }
    engine.setSSLParameters(p);
    if (configure != null) {
      configure.accept(engine);
    }
    return engine;
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  @Override
  public String toString() {
    return "TlsOptions[" + (client ? "client" + (hostname == null ? "" : " of " + hostname) : "server")
        + ", handshakeTimeout=" + handshakeTimeout
        + (protocols == null ? "" : ", protocols=" + Arrays.toString(protocols))
        + (clientAuth ? ", client auth required" : "") + "]";
  }
}
