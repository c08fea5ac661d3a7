package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Wire#awaitReady}: readiness waits on the loop thread's own selector. */
@SuppressWarnings("try") // closing the write end early is the point: it ends the stream
class AwaitReadyTest {

  /** Reads everything available on a pipe, then waits again, until end of stream. */
  private static Wire drain(Pipe.SourceChannel in, StringBuilder out) {
    return Wire.sync(ctx -> {
      ByteBuffer buf = ByteBuffer.allocate(64);
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (n < 0) {
        return null;
      }
      out.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
      return Wire.awaitReady(in, SelectionKey.OP_READ, ready -> drain(in, out));
    });
  }

  @Test
  void pipeReadiness_resumesTheReaderOnItsLoopThread() throws Exception {
    Pipe pipe = Pipe.open();
    StringBuilder got = new StringBuilder();
    try (EventLoop loop = EventLoop.create(); Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
      Task t = loop.start(drain(source, got));
      for (String part : List.of("one ", "two ", "three")) {
        sink.write(ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)));
      }
      sink.close();
      assertThat(loop.run(Duration.ofSeconds(10))).isTrue();
      assertThat(t.state()).isEqualTo(Task.State.DONE);
      assertThat(got).hasToString("one two three");
    }
  }

  @Test
  void acceptAndConnect_overLoopback() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.create();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      loop.start(Wire.awaitReady(server, SelectionKey.OP_ACCEPT, ready -> Wire.call(() -> {
        try (SocketChannel c = server.accept()) {
          events.add("accepted " + (c != null) + " ops=" + ready);
        }
        return null;
      })));
      SocketChannel client = SocketChannel.open();
      client.configureBlocking(false);
      boolean connected = client.connect(server.getLocalAddress());
      loop.start(Wire.awaitReady(client, SelectionKey.OP_CONNECT, ready -> Wire.call(() -> {
        events.add("connected " + (connected || client.finishConnect()));
        client.close();
        return null;
      })));
      assertThat(loop.run(Duration.ofSeconds(10))).isTrue();
      assertThat(events).contains("accepted true ops=" + SelectionKey.OP_ACCEPT, "connected true");
    }
  }

  @Test
  void cancelledWaiter_leavesTheChannelForTheNextOne() throws Exception {
    Pipe pipe = Pipe.open();
    StringBuilder got = new StringBuilder();
    try (EventLoop loop = EventLoop.builder().manual().build();
        Pipe.SinkChannel sink = pipe.sink();
        Pipe.SourceChannel source = pipe.source()) {
      Task first = loop.start(Wire.awaitReady(source, SelectionKey.OP_READ, r -> null));
      loop.runUntilIdle();
      assertThat(first.state()).isEqualTo(Task.State.WAITING);
      first.cancel();
      loop.runUntilIdle();
      assertThat(first.state()).isEqualTo(Task.State.CANCELLED);
      Task second = loop.start(drain(source, got));
      sink.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
      sink.close();
      assertThat(loop.run(Duration.ofSeconds(10))).isTrue();
      assertThat(second.state()).isEqualTo(Task.State.DONE);
      assertThat(got).hasToString("x");
    }
  }

  @Test
  void secondReader_failsWithAClearError() throws Exception {
    Pipe pipe = Pipe.open();
    AtomicReference<Throwable> error = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().manual().build();
        Pipe.SinkChannel sink = pipe.sink();
        Pipe.SourceChannel source = pipe.source()) {
      Task first = loop.start(Wire.awaitReady(source, SelectionKey.OP_READ, r -> null));
      loop.start(Wire.awaitReady(source, SelectionKey.OP_READ, r -> null), (ctx, e) -> error.set(e));
      loop.runUntilIdle();
      assertThat(error.get())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another task already waits for read")
          .hasMessageContaining("one reader and one writer per channel");
      first.cancel();
      loop.runUntilIdle();
    }
  }

  @Test
  void channelClosedWhileWaiting_failsTheWait() throws Exception {
    Pipe pipe = Pipe.open();
    AtomicReference<Throwable> error = new AtomicReference<>();
    try (EventLoop loop = EventLoop.create(); Pipe.SinkChannel sink = pipe.sink()) {
      Pipe.SourceChannel source = pipe.source();
      loop.start(
          Wire.awaitReady(source, SelectionKey.OP_READ, r -> null)
              .then(Wire.call(() -> error.set(new AssertionError("resumed normally")))),
          (ctx, e) -> error.set(e));
      // closing from a step of the loop: the waiter learns at the next select
      loop.start(Wire.sleep(Duration.ofMillis(20)).then(Wire.call(() -> {
        source.close();
        return null;
      })));
      assertThat(loop.run(Duration.ofSeconds(10))).isTrue();
      assertThat(error.get()).isInstanceOf(AsynchronousCloseException.class);
    }
  }

  @Test
  void badOps_areRefusedNamingWhatTheChannelSupports() throws Exception {
    Pipe pipe = Pipe.open();
    try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
      assertThatThrownBy(() -> Wire.awaitReady(source, SelectionKey.OP_WRITE, r -> null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ops : write (4) (expected: a non-empty subset of read, the operations SourceChannelImpl supports)");
      assertThatThrownBy(() -> Wire.awaitReady(null, SelectionKey.OP_READ, r -> null))
          .hasMessage("channel : null (expected: non-null)");
    }
  }

  @Test
  void executorDrivenLoop_refusesReadinessWaits() throws Exception {
    Pipe pipe = Pipe.open();
    AtomicReference<Throwable> error = new AtomicReference<>();
    java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (EventLoop loop = EventLoop.builder().executor(ex).build();
        Pipe.SinkChannel sink = pipe.sink();
        Pipe.SourceChannel source = pipe.source()) {
      loop.start(Wire.awaitReady(source, SelectionKey.OP_READ, r -> null), (ctx, e) -> error.set(e));
      await().until(() -> error.get() != null);
      assertThat(error.get()).hasMessageContaining("runs on an executor");
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void timeout_resumesWithNoReadyOperations_andLeavesTheChannelFree() throws Exception {
    Pipe pipe = Pipe.open();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    StringBuilder got = new StringBuilder();
    try (EventLoop loop = EventLoop.builder().virtualTime().build();
        Pipe.SinkChannel sink = pipe.sink();
        Pipe.SourceChannel source = pipe.source()) {
      loop.start(Wire.awaitReady(source, SelectionKey.OP_READ, Duration.ofSeconds(30), ready -> {
        seen.add(ready);
        try {
          sink.write(ByteBuffer.wrap("y".getBytes(StandardCharsets.UTF_8)));
          sink.close();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return drain(source, got); // the channel is free for the next wait
      }));
      java.time.Instant before = loop.instant();
      // virtual time: an I/O wait holds the clock for a real grace period, then it jumps to the timeout
      assertThat(loop.run(Duration.ofMinutes(1))).isTrue();
      assertThat(seen).containsExactly(0);
      assertThat(got).hasToString("y");
      assertThat(loop.instant()).isAfterOrEqualTo(before.plusSeconds(30));
    }
  }

  @Test
  void readyBeforeTimeout_disarmsTheTimer() throws Exception {
    Pipe pipe = Pipe.open();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.create(); Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
      sink.write(ByteBuffer.wrap("z".getBytes(StandardCharsets.UTF_8)));
      loop.start(Wire.awaitReady(source, SelectionKey.OP_READ, Duration.ofDays(1), ready -> {
        seen.add(ready);
        return null;
      }));
      assertThat(loop.run(Duration.ofSeconds(10))).as("no day-long timer holds the loop").isTrue();
      assertThat(seen).containsExactly(SelectionKey.OP_READ);
    }
  }

  @Test
  void channelClosedByAnotherThread_failsTheWait() throws Exception {
    Pipe pipe = Pipe.open();
    AtomicReference<Throwable> error = new AtomicReference<>();
    try (EventLoop loop = EventLoop.create(); Pipe.SinkChannel sink = pipe.sink()) {
      Pipe.SourceChannel source = pipe.source();
      Task t = loop.start(Wire.awaitReady(source, SelectionKey.OP_READ, r -> null), (ctx, e) -> error.set(e));
      await().until(() -> t.state() == Task.State.WAITING);
      source.close(); // from the test thread: the loop's selector is not woken by it
      assertThat(loop.run(Duration.ofSeconds(10))).isTrue();
      assertThat(error.get()).isInstanceOf(AsynchronousCloseException.class);
    }
  }
}
