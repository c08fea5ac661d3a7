package dev.jwire.poller;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.poller.internal.CloseWake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A UDP socket whose receives and sends are wires (asyncoro's {@code recvfrom} / {@code sendto}):
 * a receive suspends its task until a datagram arrives, holding no thread, on a non-blocking
 * {@link DatagramChannel} watched by the task's loop-thread selector.
 *
 * <pre>{@code
 * // an echo service: answer each datagram to its sender, forever
 * Wire echo(UdpSocket udp) {
 *   return udp.receive(d -> udp.send(d.payload(), d.sender(), echo(udp)));
 * }
 * loop.start(UdpSocket.open(new InetSocketAddress("127.0.0.1", 9999), udp -> echo(udp)));
 *
 * // a request with a deadline: null when nothing came in time
 * udp.send(request, server, udp.receive(Duration.ofSeconds(1), d -> d == null ? retry : handle(d)))
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>A datagram is sent whole or not at all; when the socket's buffer is full, the sender waits
 *       for room. A receive hands over one whole datagram; one longer than {@link
 *       #maxDatagramSize} is cut to that size (the rest is lost, as UDP does).
 *   <li>The payload handed to a receive's callback is a view of one buffer per socket, valid until
 *       the next receive.
 *   <li>One wire at a time may wait to receive, and one to send; a second waiting one fails with an
 *       {@link IllegalStateException}. Use a socket from tasks of one loop thread.
 *   <li>{@link #open} ties the socket to its task: it is closed when the task ends, however it
 *       ends. A socket from {@link #bind} is the caller's to {@link #close} (or to {@code
 *       ctx.bind}). A wire waiting on a closed socket fails with {@link
 *       java.nio.channels.AsynchronousCloseException}.
 * </ul>
 *
 * <p><b>Errors.</b> An I/O error (an address that cannot be reached, a datagram too long to send)
 * fails the wire that met it with that {@link IOException}, its message naming the socket and the
 * peer. Bad arguments fail at the call site.
 */
public final class UdpSocket implements AutoCloseable {
  /** The largest UDP payload over IPv4, the default {@link #maxDatagramSize}: 65,507 bytes. */
  public static final int MAX_IPV4_PAYLOAD = 65_507;

  private final DatagramChannel channel;
  private final InetSocketAddress address;
  private int maxDatagramSize = MAX_IPV4_PAYLOAD;
  private ByteBuffer buffer;
  /** The loop thread of the last wire that waited on the socket: {@link #close} wakes it. */
  private final CloseWake closeWake = new CloseWake();

  private UdpSocket(DatagramChannel channel) throws IOException {
    this.channel = channel;
    this.address = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Binds a UDP socket.
   *
   * @param address where to receive; port 0 for any free port
   * @return the bound socket; the caller closes it
   * @throws UncheckedIOException if the address cannot be bound (in use, not permitted)
   */
  public static UdpSocket bind(SocketAddress address) {
    Checks.notNull(address, "address");
    DatagramChannel ch = null;
    try {
      ch = DatagramChannel.open();
      ch.bind(address);
      ch.configureBlocking(false);
      return new UdpSocket(ch);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new UncheckedIOException("cannot bind UDP on " + address + ": " + e.getMessage(), e);
    }
  }

  /**
   * Binds a UDP socket on the loopback address.
   *
   * @param port the port, 0 to 65535; 0 for any free port
   * @return the bound socket; the caller closes it
   */
  public static UdpSocket bindLoopback(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port : " + port + " (expected: 0 to 65535)");
    }
    return bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /**
   * A wire that binds a UDP socket, ties it to the running task (closed when the task ends), and
   * continues with {@code then}'s wire.
   *
   * @param address where to receive; port 0 for any free port
   * @param then gets the socket; returns the successor
   * @return the wire, which fails with an {@link UncheckedIOException} if the address cannot be bound
   */
  public static Wire open(SocketAddress address, Function<? super UdpSocket, ? extends Wire> then) {
    Checks.notNull(address, "address");
    Checks.notNull(then, "then");
    return Wire.named("udp " + address, Wire.sync(ctx -> then.apply(ctx.bind(bind(address)))));
  }

  /**
   * Receives one datagram, waiting as long as it takes.
   *
   * @param then gets the datagram; returns the successor
   * @return the wire
   */
  public Wire receive(Function<? super Datagram, ? extends Wire> then) {
    Checks.notNull(then, "then");
    return Wire.sync(ctx -> receiveStep(-1, ctx.loop().nanoTime(), then));
  }

  /**
   * Receives one datagram, waiting at most {@code timeout} on the loop's clock.
   *
   * @param timeout how long to wait; more than zero
   * @param then gets the datagram, or {@code null} if none came in time; returns the successor
   * @return the wire
   */
  public Wire receive(Duration timeout, Function<? super Datagram, ? extends Wire> then) {
    long nanos = Checks.toNanosSaturated(Checks.positive(timeout, "timeout"));
    Checks.notNull(then, "then");
    return Wire.sync(ctx -> receiveStep(nanos, ctx.loop().nanoTime(), then));
  }

  private Wire receiveStep(long timeoutNanos, long started, Function<? super Datagram, ? extends Wire> then) {
    ByteBuffer b = buffer();
    b.clear();
    SocketAddress from;
    try {
      from = channel.receive(b);
    } catch (IOException e) {
      return fail(e instanceof java.nio.channels.ClosedChannelException
          ? e : new IOException("receiving on UDP " + address + " failed: " + e.getMessage(), e));
    }
    if (from != null) {
      return then.apply(new Datagram(b.flip(), (InetSocketAddress) from));
    }
    return Wire.defer(ctx -> {
      closeWake.waiting(ctx);
      if (timeoutNanos < 0) {
        return Wire.awaitReady(channel, SelectionKey.OP_READ, ready -> receiveStep(-1, started, then));
      }
      long left = timeoutNanos - (ctx.loop().nanoTime() - started);
      if (left <= 0) {
        return Wire.sync(c -> then.apply(null));
      }
      return Wire.awaitReady(channel, SelectionKey.OP_READ, Duration.ofNanos(left),
          ready -> receiveStep(timeoutNanos, started, then));
    });
  }

  private ByteBuffer buffer() {
    if (buffer == null || buffer.capacity() != maxDatagramSize) {
      buffer = ByteBuffer.allocate(maxDatagramSize);
    }
    return buffer;
  }

  /**
   * Sends {@code data} as one datagram to {@code target}, waiting for room in the socket's buffer
   * if need be, then continues with {@code then}. The buffer's position moves past what was sent.
   *
   * @param data the payload; at most 65,507 bytes over IPv4
   * @param target where to send it
   * @param then the successor; null to be done
   * @return the wire
   */
  public Wire send(ByteBuffer data, SocketAddress target, Wire then) {
    Checks.notNull(data, "data");
    Checks.notNull(target, "target");
    return Wire.sync(ctx -> sendStep(data, target, then));
  }

  /**
   * {@link #send(ByteBuffer, SocketAddress, Wire)}, then done.
   *
   * @param data the payload
   * @param target where to send it
   * @return the wire
   */
  public Wire send(ByteBuffer data, SocketAddress target) {
    return send(data, target, null);
  }

  private Wire sendStep(ByteBuffer data, SocketAddress target, Wire then) {
    int length = data.remaining();
    int sent;
    try {
      sent = channel.send(data, target);
    } catch (java.nio.channels.ClosedChannelException e) {
      return fail(e);
    } catch (IOException e) {
      return fail(new IOException(
          "sending " + length + " bytes from UDP " + address + " to " + target + " failed: " + e.getMessage(), e));
    }
    if (sent > 0 || length == 0) {
      return then;
    }
    return Wire.defer(ctx -> {
      closeWake.waiting(ctx);
      return Wire.awaitReady(channel, SelectionKey.OP_WRITE, ready -> sendStep(data, target, then));
    });
  }

  private static Wire fail(Throwable t) {
    return ctx -> Mono.error(t);
  }

  /** @return the largest datagram a receive hands over whole (65,507 unless set) */
  public int maxDatagramSize() {
    return maxDatagramSize;
  }

  /**
   * @param bytes the receive buffer's size: longer datagrams are cut to it; 1 to 65,535
   * @return this
   */
  public UdpSocket maxDatagramSize(int bytes) {
    if (bytes < 1 || bytes > 65_535) {
      throw new IllegalArgumentException("bytes : " + bytes + " (expected: 1 to 65535)");
    }
    maxDatagramSize = bytes;
    return this;
  }

  /** @return the port the socket is bound to (the one chosen, when bound to port 0) */
  public int port() {
    return address.getPort();
  }

  /** @return the address the socket is bound to */
  public InetSocketAddress address() {
    return address;
  }

  /** @return whether the socket is open */
  public boolean isOpen() {
    return channel.isOpen();
  }

  /**
   * Closes the socket; a wire waiting on it fails with {@link
   * java.nio.channels.AsynchronousCloseException}. Idempotent; any thread.
   */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // best effort: the descriptor is released either way
    }
    closeWake.wake();
  }

  @Override
  public String toString() {
    return "UdpSocket[" + address + (channel.isOpen() ? "" : ", closed") + "]";
  }
}
