package dev.jwire.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.io.EOFException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Connection} over real loopback sockets: framing, back-pressure, timeouts, ends. */
class ConnectionTest {
  private EventLoop loop;
  private TcpServer server;
  private final List<Object> seen = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  @BeforeEach
  void open() {
    loop = EventLoop.create();
    server = TcpServer.bindLoopback(0).onError((c, e) -> failure.set(e));
  }

  @AfterEach
  void close() {
    server.close();
    loop.close();
  }

  private void serve(java.util.function.Function<Connection, Wire> handler) {
    loop.start(server.serve(handler));
  }

  @Test
  void echo_roundTrips() throws Exception {
    serve(Echo::echo);
    try (BlockingClient c = new BlockingClient(server.port())) {
      c.send("hello\n");
      assertThat(c.line()).isEqualTo("hello");
      c.send("again\n");
      assertThat(c.line()).isEqualTo("again");
    }
  }

  @Test
  void readExactly_assemblesBytesSentOneAtATime() throws Exception {
    serve(conn -> conn.readExactly(8, frame -> {
      seen.add(StandardCharsets.US_ASCII.decode(frame).toString());
      return null;
    }));
    try (BlockingClient c = new BlockingClient(server.port())) {
      for (char ch : "12345678".toCharArray()) {
        c.send(String.valueOf(ch));
      }
      await().until(() -> !seen.isEmpty());
      assertThat(seen).containsExactly("12345678");
    }
  }

  @Test
  void readLine_splitsLinesAndDropsCrLf_thenNullAtEnd() throws Exception {
    serve(conn -> lines(conn));
    try (BlockingClient c = new BlockingClient(server.port())) {
      c.send("one\r\ntwo\nthr");
      c.send("ee\nlast without newline");
      c.socket.shutdownOutput();
      await().until(() -> seen.contains("END"));
      assertThat(seen).containsExactly("one", "two", "three", "last without newline", "END");
    }
  }

  private Wire lines(Connection conn) {
    return conn.readLine(line -> {
      seen.add(line == null ? "END" : line);
      return line == null ? null : lines(conn);
    });
  }

  @Test
  void readLine_tooLong_failsWithTheLimit() throws Exception {
    serve(conn -> conn.readLine(16, line -> null));
    try (BlockingClient c = new BlockingClient(server.port())) {
      c.send("this line is much longer than sixteen bytes\n");
      await().until(() -> failure.get() != null);
      assertThat(failure.get())
          .isInstanceOf(FrameTooLongException.class)
          .hasMessageContaining("longer than 16 bytes");
    }
  }

  @Test
  void readUntil_customDelimiter() throws Exception {
    byte[] delim = "||".getBytes(StandardCharsets.US_ASCII);
    serve(conn -> conn.readUntil(delim, 100, a -> conn.readUntil(delim, 100, b -> {
      seen.add(StandardCharsets.US_ASCII.decode(a) + "/" + StandardCharsets.US_ASCII.decode(b));
      return null;
    })));
    try (BlockingClient c = new BlockingClient(server.port())) {
      c.send("ab|");
      c.send("|cd||");
      await().until(() -> !seen.isEmpty());
      assertThat(seen).containsExactly("ab/cd");
    }
  }

  @Test
  void readExactly_endOfStreamFirst_failsWithEof() throws Exception {
    serve(conn -> conn.readExactly(10, f -> null));
    try (BlockingClient c = new BlockingClient(server.port())) {
      c.send("abc");
      c.socket.shutdownOutput();
      await().until(() -> failure.get() != null);
      assertThat(failure.get()).isInstanceOf(EOFException.class).hasMessageContaining("3 of the 10 bytes");
    }
  }

  @Test
  void readTimeout_failsTheRead_andTheEndedWireClosesItsConnection() throws Exception {
    serve(conn -> {
      conn.readTimeout(Duration.ofMillis(50));
      return conn.readLine(line -> null);
    });
    try (BlockingClient c = new BlockingClient(server.port())) {
      await().until(() -> failure.get() != null);
      assertThat(failure.get()).isInstanceOf(ReadTimeoutException.class).hasMessageContaining("read timeout");
      assertThat(c.line()).as("the failed wire's connection is closed").isNull();
    }
  }

  @Test
  void closeFromAPlainThread_failsTheWaitingRead_andTheClientSeesTheEnd() throws Exception {
    AtomicReference<Connection> served = new AtomicReference<>();
    serve(conn -> {
      served.set(conn);
      return conn.readLine(line -> null);
    });
    try (BlockingClient c = new BlockingClient(server.port())) {
      await().until(() -> served.get() != null);
      served.get().close(); // from the test thread, while the loop thread waits in select
      await().until(() -> failure.get() != null);
      assertThat(failure.get()).isInstanceOf(java.nio.channels.ClosedChannelException.class);
      assertThat(c.in.read()).as("closed under the server's read").isEqualTo(-1);
    }
  }

  @Test
  void idleTimeout_closesTheConnection() throws Exception {
    serve(conn -> {
      conn.idleTimeout(Duration.ofMillis(50));
      return Echo.echo(conn);
    });
    try (BlockingClient c = new BlockingClient(server.port())) {
      c.send("ping\n");
      assertThat(c.line()).isEqualTo("ping");
      assertThat(c.in.read()).as("closed by the server").isEqualTo(-1);
      await().until(() -> failure.get() != null);
      assertThat(failure.get()).isInstanceOf(IdleTimeoutException.class).hasMessageContaining("idle timeout");
    }
  }

  @Test
  void peerThatNeverReads_blocksOnlyItsWriter_withBoundedMemory() throws Exception {
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    List<Integer> written = new CopyOnWriteArrayList<>();
    AtomicReference<Task> writer = new AtomicReference<>();
    serve(conn -> conn.readLine(first -> {
      if (first.equals("flood")) {
        return Wire.sync(ctx -> {
          writer.set(ctx.task());
          return flood(conn, chunk, written);
        });
      }
      return conn.write(first + "\n", Echo.echo(conn));
    }));
    try (BlockingClient flooded = new BlockingClient(server.port());
        BlockingClient other = new BlockingClient(server.port())) {
      flooded.send("flood\n");
      // the writer fills the kernel's socket buffers, then waits for the peer: it holds no data of
      // its own beyond the chunk it is writing
      await().until(() -> writer.get() != null && writer.get().state() == Task.State.WAITING);
      int before = written.size();
      other.send("still served\n");
      assertThat(other.line()).isEqualTo("still served");
      assertThat(writer.get().state()).isEqualTo(Task.State.WAITING);
      assertThat(written).hasSize(before);
      InputStream in = flooded.socket.getInputStream();
      byte[] sink = new byte[65536];
      while (written.size() == before) { // reading resumes the writer, however big the buffers are
        assertThat(in.read(sink)).isPositive();
      }
    }
  }

  private static Wire flood(Connection conn, ByteBuffer chunk, List<Integer> written) {
    return conn.write(chunk.duplicate(), Wire.sync(ctx -> {
      written.add(1);
      return flood(conn, chunk, written);
    }));
  }

  @Test
  void shutdownOutput_peerSeesEndButCanStillWrite() throws Exception {
    serve(conn -> conn.write("bye\n", Wire.sync(ctx -> {
      conn.shutdownOutput();
      return conn.readLine(line -> {
        seen.add(line);
        return null;
      });
    })));
    try (BlockingClient c = new BlockingClient(server.port())) {
      assertThat(c.line()).isEqualTo("bye");
      assertThat(c.line()).isNull();
      c.send("after half-close\n");
      await().until(() -> !seen.isEmpty());
      assertThat(seen).containsExactly("after half-close");
    }
  }

  @Test
  void connect_echoesThroughOurOwnServer() {
    serve(Echo::echo);
    loop.start(Tcp.connect(server.address(), Duration.ofSeconds(5), conn ->
        conn.write("ping\n", conn.readLine(line -> {
          seen.add(line);
          return null;
        }))));
    await().until(() -> !seen.isEmpty());
    assertThat(seen).containsExactly("ping");
  }

  @Test
  void connect_refused_failsNamingTheAddress() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    loop.start(Tcp.connect(nobody, Duration.ofSeconds(5), conn -> null), (ctx, e) -> failure.set(e));
    await().until(() -> failure.get() != null);
    assertThat(failure.get()).isInstanceOf(ConnectException.class).hasMessageContaining(String.valueOf(port));
  }

  @Test
  void badArguments_areRefusedAtTheCallSite() {
    assertThatThrownBy(() -> Tcp.connect(server.address(), Duration.ZERO, c -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout : PT0S (expected: > 0)");
    assertThatThrownBy(() -> TcpServer.bindLoopback(70000))
        .hasMessage("port : 70000 (expected: 0 to 65535)");
    assertThatThrownBy(() -> server.maxConnections(0)).hasMessage("maxConnections : 0 (expected: >= 1)");
  }

  @Test
  void bindingAPortInUse_failsAtBind() {
    assertThatThrownBy(() -> TcpServer.bind(server.address()))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("cannot listen on " + server.address());
  }

  @Test
  void manyLongLines_arriveWhole() throws Exception {
    List<Integer> lengths = new CopyOnWriteArrayList<>();
    serve(conn -> countLines(conn, lengths));
    String line = "x".repeat(1000);
    try (BlockingClient c = new BlockingClient(server.port())) {
      StringBuilder all = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        all.append(line).append('\n');
      }
      c.send(all.toString());
      c.socket.shutdownOutput();
      await().until(() -> lengths.contains(-1));
    }
    assertThat(lengths).hasSize(2001);
    assertThat(lengths.subList(0, 2000)).allMatch(n -> n == 1000);
  }

  private static Wire countLines(Connection c, List<Integer> lengths) {
    return c.readLine(l -> {
      lengths.add(l == null ? -1 : l.length());
      return l == null ? null : countLines(c, lengths);
    });
  }
}
