package dev.jwire.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * jwire's TLS against a real, independent implementation: OpenSSL's {@code s_client} and {@code
 * s_server}, run as processes on 127.0.0.1 and killed at the end of each test.
 */
@Timeout(120)
class TlsOpenSslTest {
  private static final Duration CONNECT = Duration.ofSeconds(20);
  private static final Duration PROCESS = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static OpenSsl.Identity server;
  private static OpenSsl.Identity stranger;

  private EventLoop loop;
  private TcpServer tcp;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<Throwable> serverFailures = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> clientFailure = new AtomicReference<>();

  @BeforeAll
  static void certificates() {
    server = OpenSsl.identity(dir, "server", "localhost");
    stranger = OpenSsl.identity(dir, "stranger", "localhost");
  }

  @BeforeEach
  void open() {
    loop = EventLoop.create();
    tcp = TcpServer.bindLoopback(0).onError((c, e) -> serverFailures.add(e));
  }

  @AfterEach
  @Timeout(30)
  void close() {
    tcp.close();
    loop.close();
  }

  private OpenSsl.Peer sClient(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of(
        "s_client", "-connect", "127.0.0.1:" + tcp.port(), "-CAfile", server.cert().toString(),
        "-verify_return_error", "-servername", "localhost", "-verify_hostname", "localhost", "-brief"));
    args.addAll(List.of(extra));
    return OpenSsl.Peer.start(args.toArray(String[]::new));
  }

  /** Sends a line through s_client and waits for it to come back; then ends s_client's input. */
  private static void roundTrip(OpenSsl.Peer client, String line) throws Exception {
    client.send(line + "\n");
    await().atMost(PROCESS).until(() -> client.stdout.contains(line) || !client.process.isAlive());
    assertThat(client.stdout).as(client.output()).contains(line);
    client.closeInput(); // s_client sends close_notify and ends
    assertThat(client.waitFor(PROCESS)).as(client.output()).isZero();
  }

  @Test
  void jwireServer_echoesTo_sClient() throws Exception {
    loop.start(tcp.serve(Tls.server(server.context(), Echo::echo)));
    try (OpenSsl.Peer client = sClient()) {
      roundTrip(client, "hello from s_client");
      assertThat(client.stderr).contains("Verification: OK", "Protocol version: TLSv1.3");
    }
    assertThat(serverFailures).isEmpty();
  }

  @Test
  void jwireServer_refusesAnSClientWithNoCommonVersion_clearly_andServesTheNext() throws Exception {
    TlsOptions tls13Only = TlsOptions.server(server.context()).protocols("TLSv1.3");
    loop.start(tcp.serve(Tls.server(tls13Only, Echo::echo)));
    try (OpenSsl.Peer old = sClient("-tls1_2")) {
      assertThat(old.waitFor(PROCESS)).as(old.output()).isNotZero();
    }
    await().until(() -> !serverFailures.isEmpty());
    assertThat(serverFailures.get(0))
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageStartingWith("TLS handshake with /127.0.0.1:")
        .hasMessageContaining("(this end: server) failed: ")
        .hasMessageContaining("TLSv1.2")
        .hasMessageContaining("the two ends have no TLS version in common");
    try (OpenSsl.Peer next = sClient()) {
      roundTrip(next, "still serving");
    }
  }

  @Test
  void jwireClient_talksTo_sServer() throws Exception {
    int port = OpenSsl.freePort();
    try (OpenSsl.Peer sServer = OpenSsl.Peer.start("s_server", "-accept", "127.0.0.1:" + port,
        "-cert", server.cert().toString(), "-key", server.key().toString(), "-rev")) {
      OpenSsl.awaitListening(port, sServer);
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      loop.start(Tls.connect(address, CONNECT, OpenSsl.trusting(server), "localhost",
              conn -> conn.write("hello s_server\n", conn.readLine(line -> {
                seen.add(line + " over " + conn.session().getProtocol());
                return null;
              }))),
          (ctx, e) -> clientFailure.set(e));
      await().atMost(PROCESS).until(() -> !seen.isEmpty() || clientFailure.get() != null);
      assertThat(clientFailure.get()).isNull();
      assertThat(seen).containsExactly("revres_s olleh over TLSv1.3");
    }
  }

  @Test
  void jwireClient_refusesAnSServerItDoesNotTrust() throws Exception {
    int port = OpenSsl.freePort();
    try (OpenSsl.Peer sServer = OpenSsl.Peer.start("s_server", "-accept", "127.0.0.1:" + port,
        "-cert", stranger.cert().toString(), "-key", stranger.key().toString(), "-rev")) {
      OpenSsl.awaitListening(port, sServer);
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      loop.start(Tls.connect(address, CONNECT, OpenSsl.trusting(server), "localhost", conn -> Wire.nothing()),
          (ctx, e) -> clientFailure.set(e));
      await().atMost(PROCESS).until(() -> clientFailure.get() != null);
      assertThat(clientFailure.get())
          .isInstanceOf(TlsHandshakeException.class)
          .hasMessageContaining("TLS handshake with " + address)
          .hasMessageContaining("this end: client expecting localhost")
          .hasMessageContaining("does not chain to one this end's SSLContext trusts");
    }
  }
}
