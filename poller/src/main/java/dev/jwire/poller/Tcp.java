package dev.jwire.poller;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.poller.internal.ChannelConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * TCP clients as wires.
 *
 * <pre>{@code
 * Wire hello = Tcp.connect(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(5),
 *     conn -> conn.write("hello\n", conn.readLine(reply -> Wire.call(() -> System.out.println(reply)))));
 * }</pre>
 */
public final class Tcp {
  private Tcp() {}

  /**
   * Connects to {@code address}, then continues with {@code then}'s wire. The connection belongs to
   * the connecting task: it is closed when that task ends.
   *
   * @param address where to connect
   * @param timeout how long connecting may take; more than zero
   * @param then gets the connection; returns the successor
   * @return the wire, which fails with {@link ConnectTimeoutException} after {@code timeout}, or
   *     with the {@link java.net.ConnectException} of a refused connection
   */
  public static Wire connect(SocketAddress address, Duration timeout, Function<? super Connection, ? extends Wire> then) {
    Checks.notNull(address, "address");
    Checks.notNull(then, "then");
    long nanos = Checks.toNanosSaturated(Checks.positive(timeout, "timeout"));
    return Wire.named("connect " + address, Wire.sync(ctx -> {
      SocketChannel ch;
      boolean done;
      try {
        ch = SocketChannel.open();
        ctx.bind(ch);
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        done = ch.connect(address);
      } catch (IOException e) {
        return fail(e);
      }
      if (done) {
        return connected(ctx.loop(), ch, then);
      }
      return Wire.awaitReady(ch, SelectionKey.OP_CONNECT, Duration.ofNanos(nanos), ready -> {
        if (ready == 0) {
          return fail(new ConnectTimeoutException(
              "connecting to " + address + " took longer than " + timeout + " (the connect timeout)"));
        }
        try {
          ch.finishConnect();
        } catch (IOException e) {
          return fail(withAddress(e, address));
        }
        return connected(ctx.loop(), ch, then);
      });
    }));
  }

  /**
   * {@link #connect(SocketAddress, Duration, Function)} to a host and port, resolved now.
   *
   * @param host the host name or address
   * @param port the port, 1 to 65535
   * @param timeout how long connecting may take
   * @param then gets the connection; returns the successor
   * @return the wire
   */
  public static Wire connect(String host, int port, Duration timeout, Function<? super Connection, ? extends Wire> then) {
    Checks.notBlank(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port : " + port + " (expected: 1 to 65535)");
    }
    return connect(new InetSocketAddress(host, port), timeout, then);
  }

  private static Wire connected(
      dev.jwire.engine.EventLoop loop, SocketChannel ch, Function<? super Connection, ? extends Wire> then) {
    ChannelConnection conn;
    try {
      conn = ChannelConnection.of(loop, ch);
    } catch (IOException e) {
      return fail(e);
    }
    return then.apply(conn);
  }

  private static IOException withAddress(IOException e, SocketAddress address) {
    if (e instanceof java.net.ConnectException && (e.getMessage() == null || !e.getMessage().contains(address.toString()))) {
      java.net.ConnectException c = new java.net.ConnectException("cannot connect to " + address + ": " + e.getMessage());
      c.initCause(e);
      return c;
    }
    return e;
  }

  private static Wire fail(Throwable t) {
    return ctx -> Mono.error(t);
  }
}
