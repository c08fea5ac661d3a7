package dev.jwire.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jwire's TLS server and client with each other: echo, big payloads, half-close, STARTTLS, failures. */
@Timeout(120)
class TlsTest {
  private static final Duration CONNECT = Duration.ofSeconds(20);

  @TempDir static Path dir;
  private static OpenSsl.Identity server;
  private static OpenSsl.Identity stranger;
  private static OpenSsl.Identity client;

  private EventLoop loop;
  private TcpServer tcp;
  private final List<Object> seen = new CopyOnWriteArrayList<>();
  private final List<Throwable> serverFailures = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> clientFailure = new AtomicReference<>();

  @BeforeAll
  static void certificates() {
    server = OpenSsl.identity(dir, "server", "localhost");
    stranger = OpenSsl.identity(dir, "stranger", "localhost");
    client = OpenSsl.identity(dir, "client", "client");
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

  private void serve(Function<Connection, Wire> handler) {
    loop.start(tcp.serve(handler));
  }

  private void client(Wire wire) {
    loop.start(wire, (ctx, e) -> clientFailure.set(e));
  }

  private Wire pingThen(TlsConnection conn, String text) {
    return conn.write(text + "\n", conn.readLine(line -> {
      seen.add(line + " over " + conn.session().getProtocol());
      return null;
    }));
  }

  @Test
  void echo_clientAndServer_roundTripOverTls13() {
    serve(Tls.server(server.context(), Echo::echo));
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(server), "localhost", c -> pingThen(c, "ping")));
    await().until(() -> !seen.isEmpty() || clientFailure.get() != null);
    assertThat(clientFailure.get()).isNull();
    assertThat(seen).containsExactly("ping over TLSv1.3");
  }

  @Test
  void echo_overTls12_whenBothEndsAreLimitedToIt() {
    serve(Tls.server(TlsOptions.server(server.context()).protocols("TLSv1.2"), Echo::echo));
    TlsOptions options = TlsOptions.client(OpenSsl.trusting(server)).hostname("127.0.0.1").protocols("TLSv1.2");
    client(Tls.connect(tcp.address(), CONNECT, options, c -> pingThen(c, "ping")));
    await().until(() -> !seen.isEmpty() || clientFailure.get() != null);
    assertThat(clientFailure.get()).isNull();
    assertThat(seen).containsExactly("ping over TLSv1.2");
  }

  @Test
  void oneMebibyte_echoesIntact_throughPartialRecordsAndFullSocketBuffers() {
    byte[] payload = new byte[1024 * 1024];
    new Random(42).nextBytes(payload);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    serve(Tls.server(server.context(), Echo::echo));
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(server), "localhost", conn -> Wire.sync(ctx -> {
      // the writer is a task of its own: the echo comes back while we write, and must be read
      ctx.start(conn.write(ByteBuffer.wrap(payload), Wire.call(conn::shutdownOutput)));
      return readAll(conn, received);
    })));
    await().atMost(Duration.ofSeconds(60)).until(() -> seen.contains("END") || clientFailure.get() != null);
    assertThat(clientFailure.get()).isNull();
    assertThat(serverFailures).isEmpty();
    assertThat(received.size()).isEqualTo(payload.length);
    assertThat(Arrays.mismatch(payload, received.toByteArray())).as("first differing byte").isEqualTo(-1);
  }

  private Wire readAll(Connection conn, ByteArrayOutputStream into) {
    return conn.read(data -> {
      if (data == null) {
        seen.add("END");
        return null;
      }
      into.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
      return readAll(conn, into);
    });
  }

  @Test
  void peerThatDoesNotRead_stopsTheWriter_untilItReadsAgain_andNothingIsLost() {
    AtomicReference<Suspension<Boolean>> release = new AtomicReference<>();
    AtomicLong serverRead = new AtomicLong();
    serve(Tls.server(server.context(), conn -> Wire.<Boolean>suspend(
        (ctx, s) -> release.set(s), go -> count(conn, serverRead))));
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    AtomicLong written = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Task> writer = new AtomicReference<>();
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(server), "localhost", conn -> Wire.sync(ctx -> {
      writer.set(ctx.task());
      return flood(conn, chunk, written, stop);
    })));
    // the writer fills the kernel's buffers, then waits for the peer, holding one record at most
    await().until(() -> writer.get() != null && writer.get().state() == Task.State.WAITING && release.get() != null);
    long before = written.get();
    assertThat(writer.get().state()).isEqualTo(Task.State.WAITING);
    assertThat(written.get()).isEqualTo(before);

    stop.set(true);
    release.get().resume(Boolean.TRUE);
    await().atMost(Duration.ofSeconds(60)).until(() -> !seen.isEmpty() || clientFailure.get() != null);
    assertThat(clientFailure.get()).isNull();
    assertThat(written.get()).isGreaterThanOrEqualTo(before);
    assertThat(seen).containsExactly("server read " + written.get() * chunk.capacity());
    assertThat(serverRead.get()).isEqualTo(written.get() * chunk.capacity());
  }

  private static Wire flood(Connection conn, ByteBuffer chunk, AtomicLong written, AtomicBoolean stop) {
    return conn.write(chunk.duplicate(), Wire.sync(ctx -> {
      written.incrementAndGet();
      if (!stop.get()) {
        return flood(conn, chunk, written, stop);
      }
      conn.shutdownOutput();
      return conn.read(end -> null); // until the server, having read everything, closes
    }));
  }

  private Wire count(Connection conn, AtomicLong total) {
    return conn.read(data -> {
      if (data == null) {
        seen.add("server read " + total.get());
        return null;
      }
      total.addAndGet(data.remaining());
      return count(conn, total);
    });
  }

  @Test
  void readTimeout_failsATlsRead_namingTheConnection() {
    serve(Tls.server(server.context(), conn -> conn.readTimeout(Duration.ofMillis(100)).readLine(l -> null)));
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(server), "localhost", conn -> conn.readLine(end -> {
      seen.add(String.valueOf(end));
      return null;
    })));
    await().until(() -> !serverFailures.isEmpty() && !seen.isEmpty());
    assertThat(serverFailures.get(0))
        .isInstanceOf(ReadTimeoutException.class)
        .hasMessageStartingWith("no data from TLS connection /127.0.0.1:" + tcp.port() + " <-> ")
        .hasMessageEndingWith("within PT0.1S (the read timeout)");
    assertThat(seen).as("the client reads the end the server's close sent").containsExactly("null");
  }

  @Test
  void shutdownOutput_peerReadsEnd_andAnswersOverTheOtherHalf() {
    serve(Tls.server(server.context(), conn -> conn.readLine(first -> conn.readLine(end -> {
      seen.add("server got " + first + " then " + end);
      return conn.write("bye\n", null);
    }))));
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(server), "localhost",
        conn -> conn.write("only line\n", Wire.sync(ctx -> {
          conn.shutdownOutput();
          return conn.readLine(reply -> conn.readLine(end -> {
            seen.add("client got " + reply + " then " + end);
            return null;
          }));
        }))));
    await().until(() -> seen.size() == 2 || clientFailure.get() != null);
    assertThat(clientFailure.get()).isNull();
    assertThat(seen).containsExactly("server got only line then null", "client got bye then null");
  }

  @Test
  void untrustedServer_failsTheClientSaying_withWhomAndWhy_andTheServerServesOthers() {
    serve(Tls.server(server.context(), Echo::echo));
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(stranger), "localhost", c -> pingThen(c, "never")));
    await().until(() -> clientFailure.get() != null);
    assertThat(clientFailure.get())
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageContaining("TLS handshake with " + tcp.address())
        .hasMessageContaining("this end: client expecting localhost")
        .hasMessageContaining("does not chain to one this end's SSLContext trusts")
        .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    await().until(() -> !serverFailures.isEmpty());
    assertThat(serverFailures.get(0))
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageContaining("this end: server")
        .hasMessageContaining("certificate_unknown");

    clientFailure.set(null);
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(server), "localhost", c -> pingThen(c, "next")));
    await().until(() -> !seen.isEmpty() || clientFailure.get() != null);
    assertThat(seen).containsExactly("next over TLSv1.3");
  }

  @Test
  void certificateForAnotherHost_failsTheClient() {
    serve(Tls.server(server.context(), Echo::echo));
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(server), "example.org", c -> pingThen(c, "never")));
    await().until(() -> clientFailure.get() != null);
    assertThat(clientFailure.get())
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageContaining("client expecting example.org")
        .hasMessageContaining("does not name the host this end expects");
  }

  @Test
  void silentPeer_failsTheServerHandshakeAfterItsTimeout() throws Exception {
    TlsOptions options = TlsOptions.server(server.context()).handshakeTimeout(Duration.ofMillis(200));
    serve(Tls.server(options, Echo::echo));
    try (BlockingClient silent = new BlockingClient(tcp.port())) {
      await().until(() -> !serverFailures.isEmpty());
      assertThat(serverFailures.get(0))
          .isInstanceOf(TlsHandshakeException.class)
          .hasMessageContaining("did not complete within PT0.2S (the handshake timeout)");
      byte[] last = silent.socket.getInputStream().readAllBytes(); // to the end: the server closed it
      assertThat(last).as("at most a TLS alert record (type 21) before the end").hasSizeLessThan(64);
      if (last.length > 0) {
        assertThat(last[0]).isEqualTo((byte) 21);
      }
    }
  }

  @Test
  void requiredClientCertificate_admitsTrustedClients_only() {
    SSLContext serverContext = server.context(client);
    serve(Tls.server(TlsOptions.server(serverContext).requireClientAuth(), conn -> Wire.sync(ctx -> {
      seen.add("peer " + principal(conn));
      return Echo.echo(conn);
    })));
    client(Tls.connect(tcp.address(), CONNECT, OpenSsl.trusting(server), "localhost", c -> pingThen(c, "anonymous")));
    await().until(() -> !serverFailures.isEmpty());
    assertThat(serverFailures.get(0))
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageContaining("this end: server")
        .hasMessageContaining("a client certificate is required, and none came");

    client(Tls.connect(tcp.address(), CONNECT, client.context(server), "localhost", c -> pingThen(c, "known")));
    await().until(() -> seen.contains("known over TLSv1.3"));
    assertThat(seen).containsExactly("peer CN=client", "known over TLSv1.3");
  }

  private static String principal(TlsConnection conn) {
    try {
      return conn.session().getPeerPrincipal().getName();
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return "none";
    }
  }

  @Test
  void wrap_securesAPlainConnection_afterStartTls() {
    TlsOptions serverOptions = TlsOptions.server(server.context());
    serve(conn -> conn.readLine(cmd -> conn.write("GO\n", Tls.wrap(conn, serverOptions, Echo::echo))));
    TlsOptions clientOptions = TlsOptions.client(OpenSsl.trusting(server)).hostname("localhost");
    client(Tcp.connect(tcp.address(), CONNECT, conn -> conn.write("STARTTLS\n", conn.readLine(go ->
        Tls.wrap(conn, clientOptions, tls -> pingThen(tls, "secured after " + go))))));
    await().until(() -> !seen.isEmpty() || clientFailure.get() != null);
    assertThat(clientFailure.get()).isNull();
    assertThat(seen).containsExactly("secured after GO over TLSv1.3");
  }

  @Test
  void wrap_refusesAConnectionWithPlaintextReadAhead() {
    serve(conn -> conn.readLine(cmd -> Tls.wrap(conn, TlsOptions.server(server.context()), Echo::echo)));
    client(Tcp.connect(tcp.address(), CONNECT, conn -> conn.write("STARTTLS\ninjected", conn.read(d -> null))));
    await().until(() -> !serverFailures.isEmpty());
    assertThat(serverFailures.get(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds 8 bytes read but not handed over");
  }

  @Test
  void badArguments_areRefusedAtTheCallSite() {
    SSLContext ctx = server.context();
    assertThatThrownBy(() -> Tls.connect(tcp.address(), CONNECT, TlsOptions.server(ctx), c -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: client options");
    assertThatThrownBy(() -> Tls.server(TlsOptions.client(ctx), Echo::echo))
        .hasMessageContaining("expected: server options");
    assertThatThrownBy(() -> TlsOptions.client(ctx).protocols("TLSv9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("protocols : TLSv9 (expected: one of [");
    assertThatThrownBy(() -> TlsOptions.server(ctx).hostname("localhost")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> TlsOptions.server(ctx).handshakeTimeout(Duration.ZERO))
        .hasMessage("timeout : PT0S (expected: > 0)");
    assertThatThrownBy(() -> Tls.connect(tcp.address(), CONNECT, ctx, " ", c -> null))
        .hasMessage("hostname : \" \" (expected: not blank)");
  }

  static String utf8(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b).toString();
  }
}
