package dev.jwire.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The echo benchmark's load client: N connections on one selector thread, each sending 64 bytes
 * and waiting for their echo before sending again (a closed loop), for a warm-up and then a
 * measured window. Prints requests/s and latency percentiles. Bounded in connections and time.
 *
 * <p>Usage: {@code EchoLoad <port> <connections> <seconds> <warmupSeconds> <label>}.
 */
public final class EchoLoad {
  private static final int MESSAGE = 64;

  private EchoLoad() {}

  /** One connection's state: its buffers and when its request was sent. */
  private static final class Conn {
    final SocketChannel ch;
    final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE);
    final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE);
    long sentAt;

    Conn(SocketChannel ch) {
      this.ch = ch;
      for (int i = 0; i < MESSAGE; i++) {
        out.put((byte) ('a' + i % 26));
      }
      out.flip();
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: EchoLoad <port> <connections> <seconds> <warmupSeconds> <label>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    String label = args[4];
    if (n < 1 || n > 10_000 || seconds < 1 || seconds > 300) {
      System.err.println("connections must be 1..10000 and seconds 1..300");
      System.exit(2);
    }
    Selector selector = Selector.open();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    for (int i = 0; i < n; i++) {
      SocketChannel ch = SocketChannel.open(address); // blocking connect: simple and bounded
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.configureBlocking(false);
      Conn c = new Conn(ch);
      ch.register(selector, SelectionKey.OP_READ, c);
    }
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    long requests = 0;
    for (SelectionKey k : selector.keys()) {
      send((Conn) k.attachment());
    }
    long now;
    while ((now = System.nanoTime()) < end) {
      selector.select(100);
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        Conn c = (Conn) k.attachment();
        if (c.ch.read(c.in) < 0) {
          throw new IOException("the server closed a connection");
        }
        if (c.in.hasRemaining()) {
          continue;
        }
        long t = System.nanoTime();
        if (t >= measureFrom) {
          latency.recordValue(Math.min(t - c.sentAt, latency.getHighestTrackableValue()));
          requests++;
        }
        c.in.clear();
        send(c);
      }
    }
    double secs = (now - Math.max(measureFrom, start)) / 1e9;
    System.out.printf(
        "%-9s connections=%-5d requests/s=%,10.0f  p50=%6.1f us  p99=%7.1f us  p99.9=%7.1f us  max=%8.1f us%n",
        label, n, requests / secs, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3,
        latency.getValueAtPercentile(99.9) / 1e3, latency.getMaxValue() / 1e3);
    for (SelectionKey k : selector.keys()) {
      k.channel().close();
    }
    selector.close();
  }

  private static void send(Conn c) throws IOException {
    c.out.rewind();
    c.sentAt = System.nanoTime();
    while (c.out.hasRemaining()) {
      if (c.ch.write(c.out) == 0) {
        Thread.onSpinWait(); // 64 bytes into an empty socket buffer: never more than a moment
      }
    }
  }
}
