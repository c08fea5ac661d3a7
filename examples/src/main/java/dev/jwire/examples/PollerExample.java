package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import dev.jwire.poller.Poller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * aiowire's {@code Poller} example: a stdin-like pipe and a listening socket mapped to wires. A
 * plain thread types three lines into the pipe and then connects to the socket; each readiness
 * runs its wire on the loop; the last one shuts the poller down.
 */
public final class PollerExample {
  private PollerExample() {}

  /**
   * @param builder the loop's settings
   * @param out receives what the wires saw
   */
  public static void run(EventLoop.Builder builder, Consumer<String> out) {
    Poller poller = new Poller("poller");
    java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
    Runnable oneEnded = () -> {
      if (ended.incrementAndGet() == 2) {
        poller.shutdown(); // both sources are done: the poller wire ends, and with it the run
      }
    };
    try (EventLoop loop = builder.build();
        ServerSocketChannel listener = ServerSocketChannel.open()) {
      Pipe stdin = Pipe.open();
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      poller.register(stdin.source(), SelectionKey.OP_READ, (ch, ops) -> Wire.call(() -> {
        String text = readSome(ch);
        if (text == null) {
          out.accept("stdin: end of input");
          poller.unregister(ch);
          oneEnded.run();
        } else {
          text.lines().forEach(line -> out.accept("stdin: " + line));
        }
        return null;
      }));
      poller.register(listener, SelectionKey.OP_ACCEPT, Wire.call(() -> {
        try (SocketChannel peer = listener.accept()) {
          out.accept("socket: a peer connected from " + (peer == null ? "?" : "loopback"));
        }
        poller.unregister(listener);
        oneEnded.run();
        return null;
      }));
      loop.start(poller);
      Thread typist = new Thread(() -> type(stdin.sink(), listener), "typist");
      typist.start();
      loop.run(Duration.ofSeconds(30));
      join(typist);
      stdin.source().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void type(Pipe.SinkChannel sink, ServerSocketChannel listener) {
    try (sink) {
      for (String line : new String[] {"ls", "cd /tmp", "exit"}) {
        sink.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Socket s = new Socket()) {
      s.connect(listener.socket().getLocalSocketAddress(), 5000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readSome(SelectableChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4096);
    int n = ((Pipe.SourceChannel) ch).read(b);
    return n < 0 ? null : new String(b.array(), 0, n, StandardCharsets.UTF_8);
  }

  private static void join(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
