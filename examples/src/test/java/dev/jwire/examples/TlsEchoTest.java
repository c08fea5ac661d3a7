package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.poller.TcpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(120)
class TlsEchoTest {
  private static final List<String> CLIENT_LINES = List.of(
      "client 1: sent 'hello from client 1', got it back over TLSv1.3",
      "client 2: sent 'hello from client 2', got it back over TLSv1.3",
      "client 3: sent 'hello from client 3', got it back over TLSv1.3");

  @Test
  void run_withASelfSignedCertificate_echoesThreeClients() {
    List<String> lines = VirtualLoops.lines();

    TlsEcho.run(EventLoop.builder(), lines::add, TlsEcho.selfSigned());

    assertThat(lines).hasSize(5);
    assertThat(lines.get(0))
        .isEqualTo("server: TLS echo on 127.0.0.1, certificate CN=localhost (self-signed, made with keytool)");
    assertThat(lines.subList(1, 4)).isEqualTo(CLIENT_LINES);
    assertThat(lines.get(4)).isEqualTo("server: 3 connections served, closed");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void run_onAVirtualClock_sameLines(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    TlsEcho.run(builder.get(), lines::add, TlsEcho.selfSigned());

    assertThat(lines.subList(1, 4)).isEqualTo(CLIENT_LINES);
  }

  @Test
  void run_withAKeyStoreMadeByOpenssl(@TempDir Path dir) throws Exception {
    assumeThat(run(dir, "openssl", "version")).as("openssl on PATH").isZero();
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost", "-days", "1", "-keyout", "key.pem", "-out", "cert.pem");
    run(dir, "openssl", "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "server.p12",
        "-passout", "pass:secret");
    List<String> lines = VirtualLoops.lines();

    TlsEcho.run(EventLoop.builder(), lines::add, TlsEcho.load(dir.resolve("server.p12"), "secret".toCharArray()));

    assertThat(lines.get(0)).startsWith("server: TLS echo on 127.0.0.1, certificate CN=localhost (from ");
    assertThat(lines.subList(1, 4)).isEqualTo(CLIENT_LINES);
  }

  private static int run(Path dir, String... cmd) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (java.io.IOException notInstalled) {
      return -1;
    }
    try {
      p.getOutputStream().close();
      byte[] output = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", cmd[0]).isTrue();
      assertThat(p.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
      return 0;
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void server_echoesToTheJdksBlockingSslSocket() throws Exception {
    TlsEcho.Identity identity = TlsEcho.selfSigned();
    AtomicInteger served = new AtomicInteger();
    TcpServer server = TcpServer.bindLoopback(0);
    try (EventLoop loop = EventLoop.create()) {
      loop.start(TlsEcho.serve(server, TlsEcho.serverContext(identity), served));
      try (SSLSocket socket = (SSLSocket) TlsEcho.trusting(identity.keyStore()).getSocketFactory()
          .createSocket("localhost", server.port())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        print.print("one\ntwo\n");
        print.flush();
        assertThat(in.readLine()).isEqualTo("one");
        assertThat(in.readLine()).isEqualTo("two");
        socket.shutdownOutput();
        assertThat(in.readLine()).as("the server ended the connection").isNull();
      }
      server.close(); // the serve wire ends, and the loop with it
    } finally {
      server.close();
    }
    assertThat(served).hasValue(1);
  }
}
