package dev.jwire.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** aiowire's Poller: channels mapped to callback wires. */
@SuppressWarnings("try") // sockets held open by try-with-resources: that is the point
class PollerTest {

  private static String readSome(SelectableChannel ch) {
    ByteBuffer b = ByteBuffer.allocate(256);
    try {
      int n = ((Pipe.SourceChannel) ch).read(b);
      return n < 0 ? null : new String(b.array(), 0, n, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Pipe.SinkChannel sink, String s) throws IOException {
    sink.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void pipeAndSocket_mappedToWires() throws Exception {
    Pipe pipe = Pipe.open();
    List<String> got = new CopyOnWriteArrayList<>();
    Poller poller = new Poller();
    try (EventLoop loop = EventLoop.create();
        Pipe.SinkChannel sink = pipe.sink();
        Pipe.SourceChannel source = pipe.source();
        TcpServer server = TcpServer.bindLoopback(0)) {
      poller.register(source, SelectionKey.OP_READ, (ch, ops) -> Wire.call(() -> {
        String s = readSome(ch);
        got.add(s == null ? "pipe closed" : "pipe: " + s);
        if (s == null) {
          poller.unregister(ch);
        }
        return null;
      }));
      java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open();
      listener.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
      poller.register(listener, SelectionKey.OP_ACCEPT, Wire.call(() -> {
        try (var accepted = listener.accept()) {
          got.add("accepted " + (accepted != null));
        }
        return null;
      }));
      Task running = loop.start(poller);
      write(sink, "hello");
      await().until(() -> got.contains("pipe: hello"));
      try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), listener.socket().getLocalPort())) {
        await().until(() -> got.contains("accepted true"));
      }
      sink.close();
      await().until(() -> got.contains("pipe closed"));
      assertThat(poller.isRegistered(source)).isFalse();
      poller.shutdown();
      await().until(() -> running.state().isTerminal());
      assertThat(running.state()).isEqualTo(Task.State.DONE);
      listener.close();
    }
  }

  @Test
  void udpDatagrams_mappedToAWire() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    Poller poller = new Poller();
    java.net.InetSocketAddress loopback = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
    try (EventLoop loop = EventLoop.create();
        java.nio.channels.DatagramChannel udp = java.nio.channels.DatagramChannel.open().bind(loopback);
        java.net.DatagramSocket sender = new java.net.DatagramSocket(loopback)) {
      poller.register(udp, SelectionKey.OP_READ, Wire.call(() -> {
        ByteBuffer b = ByteBuffer.allocate(64);
        while (udp.receive(b) != null) {
          got.add(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
          b.clear();
        }
        return null;
      }));
      loop.start(poller);
      for (String m : List.of("one", "two")) {
        byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
        sender.send(new java.net.DatagramPacket(bytes, bytes.length, udp.getLocalAddress()));
      }
      await().until(() -> got.size() == 2);
      assertThat(got).containsExactly("one", "two");
      poller.shutdown();
    }
  }

  @Test
  void noSecondStart_whileACallbackRuns() throws Exception {
    Pipe pipe = Pipe.open();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    Poller poller = new Poller();
    try (EventLoop loop = EventLoop.create(); Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
      // the callback does not read at first and sleeps: the channel stays ready all the while
      poller.register(source, SelectionKey.OP_READ, (ch, ops) -> Wire.sequence(
          Wire.call(() -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            calls.incrementAndGet();
          }),
          Wire.sleep(Duration.ofMillis(20)),
          Wire.call(() -> {
            readSome(ch);
            running.decrementAndGet();
          })));
      loop.start(poller);
      write(sink, "a");
      await().until(() -> calls.get() >= 1 && running.get() == 0);
      write(sink, "b");
      await().until(() -> calls.get() >= 2 && running.get() == 0);
      assertThat(maxRunning).hasValue(1);
      poller.shutdown();
    }
  }

  @Test
  void failingCallback_unregistersItsChannel_othersGoOn() throws Exception {
    Pipe p1 = Pipe.open();
    Pipe p2 = Pipe.open();
    AtomicReference<Throwable> error = new AtomicReference<>();
    List<String> got = new CopyOnWriteArrayList<>();
    Poller poller = new Poller().onError((ch, e) -> error.set(e));
    try (EventLoop loop = EventLoop.create()) {
      poller.register(p1.source(), SelectionKey.OP_READ, Wire.call(() -> {
        throw new IllegalStateException("callback broke");
      }));
      poller.register(p2.source(), SelectionKey.OP_READ, (ch, ops) -> Wire.call(() -> got.add(readSome(ch))));
      loop.start(poller);
      write(p1.sink(), "x");
      await().until(() -> error.get() != null);
      assertThat(error.get()).hasMessage("callback broke");
      assertThat(poller.isRegistered(p1.source())).isFalse();
      write(p2.sink(), "still here");
      await().until(() -> got.contains("still here"));
      poller.shutdown();
    } finally {
      for (Pipe p : List.of(p1, p2)) {
        p.sink().close();
        p.source().close();
      }
    }
  }

  @Test
  void duplicateRegistration_andBadOps_failClearly() throws Exception {
    Pipe pipe = Pipe.open();
    Poller poller = new Poller("p");
    try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
      poller.register(source, SelectionKey.OP_READ, Wire.nothing());
      assertThatThrownBy(() -> poller.register(source, SelectionKey.OP_READ, Wire.nothing()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("registered with poller 'p' already");
      assertThatThrownBy(() -> poller.register(sink, SelectionKey.OP_READ, Wire.nothing()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expected: a non-empty subset");
      poller.shutdown();
      assertThatThrownBy(() -> poller.register(sink, SelectionKey.OP_WRITE, Wire.nothing()))
          .hasMessageContaining("shut down");
    }
  }

  @Test
  void pipes_asConnections() throws Exception {
    Pipe pipe = Pipe.open();
    List<String> lines = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.create()) {
      Connection in = Pipes.reader(loop, pipe.source());
      Connection out = Pipes.writer(loop, pipe.sink());
      loop.start(out.write("first\nsecond\n", Wire.sync(ctx -> {
        out.shutdownOutput();
        return null;
      })));
      loop.start(readAll(in, lines));
      assertThat(loop.run(Duration.ofSeconds(10))).isTrue();
      assertThat(lines).containsExactly("first", "second", "END");
      AtomicReference<Throwable> error = new AtomicReference<>();
      loop.start(in.write("x", null), (ctx, e) -> error.set(e));
      loop.run(Duration.ofSeconds(10));
      assertThat(error.get()).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("read-only");
    }
  }

  private static Wire readAll(Connection in, List<String> lines) {
    return in.readLine(l -> {
      lines.add(l == null ? "END" : l);
      return l == null ? null : readAll(in, lines);
    });
  }
}
