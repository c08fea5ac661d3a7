package dev.jwire.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The server under misbehaving peers, many peers, and what it leaves behind. */
@SuppressWarnings("try") // peers held open by try-with-resources without being used: that is the point
class TcpServerTest {

  /** Echoes lines back, one per line, until end of stream. */
  static Wire lineEcho(Connection c) {
    return c.readLine(line -> line == null ? null : c.write(line + "\n", lineEcho(c)));
  }

  @Test
  void misbehavingPeers_doNotDisturbTheOthers() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    try (EventLoop loop = EventLoop.create(); TcpServer server = TcpServer.bindLoopback(0)) {
      server.onError((c, e) -> failures.incrementAndGet());
      loop.start(server.serve(TcpServerTest::lineEcho));
      int port = server.port();
      try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port);
          Socket neverReads = new Socket(InetAddress.getLoopbackAddress(), port);
          BlockingClient slow = new BlockingClient(port)) {
        // a peer that resets the connection in the middle of a line
        Socket reset = new Socket(InetAddress.getLoopbackAddress(), port);
        reset.getOutputStream().write("half a li".getBytes(StandardCharsets.UTF_8));
        reset.setSoLinger(true, 0);
        reset.close();
        await().until(() -> failures.get() == 1);
        // a peer that sends lines and never reads the echoes: its echo blocks once the buffers fill
        OutputStream flood = neverReads.getOutputStream();
        byte[] lines = "0123456789012345678901234567890123456789012345678901234567890123\n".repeat(1024)
            .getBytes(StandardCharsets.UTF_8);
        Thread flooder = new Thread(() -> {
          try {
            for (int i = 0; i < 200; i++) {
              flood.write(lines); // blocks for good once both directions are full
            }
          } catch (IOException e) {
            // closed at the end of the test
          }
        });
        flooder.setDaemon(true);
        flooder.start();
        // a peer that sends byte by byte
        for (byte b : "byte by byte\n".getBytes(StandardCharsets.UTF_8)) {
          slow.out.write(b);
          slow.out.flush();
        }
        assertThat(slow.line()).isEqualTo("byte by byte");
        // and a well-behaved peer is served meanwhile
        try (BlockingClient good = new BlockingClient(port)) {
          good.send("hello\n");
          assertThat(good.line()).isEqualTo("hello");
        }
        assertThat(server.connections()).isGreaterThanOrEqualTo(3); // silent, flooding, slow
        assertThat(silent.isConnected()).isTrue();
      }
    }
  }

  @Test
  void maxConnections_holdsBackTheNextUntilOneEnds() throws Exception {
    try (EventLoop loop = EventLoop.create(); TcpServer server = TcpServer.bindLoopback(0).maxConnections(2)) {
      loop.start(server.serve(TcpServerTest::lineEcho));
      try (BlockingClient a = new BlockingClient(server.port());
          BlockingClient b = new BlockingClient(server.port())) {
        a.send("a\n");
        b.send("b\n");
        assertThat(a.line()).isEqualTo("a");
        assertThat(b.line()).isEqualTo("b");
        try (BlockingClient c = new BlockingClient(server.port())) { // in the kernel's backlog
          c.send("c\n");
          assertThat(server.connections()).isEqualTo(2);
          a.close();
          assertThat(c.line()).as("accepted once a ended").isEqualTo("c");
        }
      }
    }
  }

  @Test
  void close_stopsAccepting_openConnectionsGoOn_thenServeEnds() throws Exception {
    try (EventLoop loop = EventLoop.create()) {
      TcpServer server = TcpServer.bindLoopback(0);
      var serving = loop.start(server.serve(TcpServerTest::lineEcho));
      try (BlockingClient a = new BlockingClient(server.port())) {
        a.send("before\n");
        assertThat(a.line()).isEqualTo("before");
        server.close();
        assertThat(server.isOpen()).isFalse();
        a.send("after close\n");
        assertThat(a.line()).isEqualTo("after close");
        assertThat(serving.state().isTerminal()).isFalse();
      }
      await().until(() -> serving.state().isTerminal());
      assertThat(serving.state()).isEqualTo(dev.jwire.engine.Task.State.DONE);
    }
  }

  @Test
  void twoThousandConcurrentConnections_allServed() throws Exception {
    int n = Math.min(2000, (openFileLimit() - 300) / 2);
    assumeThat(n).as("open file limit too low for this test").isGreaterThanOrEqualTo(500);
    AtomicInteger echoed = new AtomicInteger();
    try (EventLoop serverLoop = EventLoop.builder().name("server").build();
        EventLoop clientLoop = EventLoop.builder().name("clients").build();
        TcpServer server = TcpServer.bindLoopback(0)) {
      serverLoop.start(server.serve(TcpServerTest::lineEcho));
      for (int i = 0; i < n; i++) {
        String msg = "client " + i;
        clientLoop.start(Tcp.connect(server.address(), Duration.ofSeconds(30), c ->
            c.write(msg + "\n", c.readLine(line -> {
              if (msg.equals(line)) {
                echoed.incrementAndGet();
              }
              return c.readLine(end -> null); // stay connected until the server or test ends it
            }))));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> echoed.get() == n);
      assertThat(server.connections()).isEqualTo(n);
      clientLoop.cancelAll();
      await().until(() -> server.connections() == 0);
    }
  }

  @Test
  void afterClose_noChannelSelectorOrThreadIsLeft() throws Exception {
    scenario("warm-up"); // loads classes and opens the jars once
    int before = openDescriptors();
    scenario("leakcheck");
    await().until(() -> openDescriptors() <= before);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("leakcheck-"));
  }

  private static void scenario(String name) throws Exception {
    try (EventLoop loop = EventLoop.builder().name(name).threads(2).build();
        TcpServer server = TcpServer.bindLoopback(0)) {
      loop.start(server.serve(TcpServerTest::lineEcho));
      List<BlockingClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          BlockingClient c = new BlockingClient(server.port());
          clients.add(c);
          c.send("x\n");
          assertThat(c.line()).isEqualTo("x");
        }
      } finally {
        for (BlockingClient c : clients) {
          c.close();
        }
      }
      var client = loop.start(Tcp.connect(server.address(), Duration.ofSeconds(5), c -> c.write("y\n", c.readLine(l -> null))));
      await().until(() -> client.state().isTerminal());
      assertThat(client.state()).isEqualTo(dev.jwire.engine.Task.State.DONE);
    }
  }

  static int openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    }
  }

  private static int openFileLimit() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(soft);
      }
    }
    return 1024;
  }
}
