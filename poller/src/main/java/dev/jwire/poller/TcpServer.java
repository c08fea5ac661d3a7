package dev.jwire.poller;

import dev.jwire.engine.Scope;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import dev.jwire.poller.internal.ChannelConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A listening TCP socket whose accept loop is a wire: each accepted connection runs its own wire,
 * as a task in the server's scope, on the accepting loop thread.
 *
 * <pre>{@code
 * TcpServer server = TcpServer.bind(new InetSocketAddress("127.0.0.1", 0));
 * loop.start(server.serve(conn -> echo(conn)));
 * int port = server.port();
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>The socket is bound by {@link #bind}: its port is known at once (port 0 picks a free one),
 *       and an address in use fails there, not later.
 *   <li>A connection's wire owns it: the connection is closed when that task ends, however it ends.
 *       A connection whose wire fails goes to {@link #onError} (by default logged); the others go on.
 *   <li>With {@link #maxConnections}, the server stops accepting while that many connections are
 *       open (new ones wait in the kernel's backlog) and resumes as they end.
 *   <li>{@link #close} stops accepting; open connections go on, and the {@link #serve} wire ends
 *       when the last of them has. Cancelling the serve task ends everything.
 * </ul>
 */
public final class TcpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TcpServer.class.getName());

  private final ServerSocketChannel channel;
  private final InetSocketAddress address;
  private int maxConnections = Integer.MAX_VALUE;
  private BiConsumer<? super Connection, ? super Throwable> onError =
      (c, e) -> LOG.log(System.Logger.Level.DEBUG, () -> c + " failed: " + e, e);
  private volatile boolean closed;
  private volatile Task acceptTask;
  private volatile boolean serving;
  // loop-thread state of the accept loop
  private int open;
  private Suspension<Boolean> slotWaiter;

  private TcpServer(ServerSocketChannel channel) throws IOException {
    this.channel = channel;
    this.address = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Binds a server socket on the loopback address.
   *
   * @param port the port; 0 for any free port
   * @return the bound server
   * @throws UncheckedIOException if the port cannot be bound (in use, not permitted)
   */
  public static TcpServer bindLoopback(int port) {
    return bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), checkPort(port)));
  }

  /**
   * Binds a server socket with a backlog of 1024.
   *
   * @param address where to listen; port 0 for any free port
   * @return the bound server
   * @throws UncheckedIOException if the address cannot be bound (in use, not permitted)
   */
  public static TcpServer bind(SocketAddress address) {
    return bind(address, 1024);
  }

  /**
   * Binds a server socket.
   *
   * @param address where to listen; port 0 for any free port
   * @param backlog how many connections the kernel may queue before they are accepted; 1 or more
   * @return the bound server
   * @throws UncheckedIOException if the address cannot be bound (in use, not permitted)
   */
  public static TcpServer bind(SocketAddress address, int backlog) {
    Checks.notNull(address, "address");
    Checks.atLeast(backlog, 1, "backlog");
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address, backlog);
      ch.configureBlocking(false);
      return new TcpServer(ch);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  private static int checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port : " + port + " (expected: 0 to 65535)");
    }
    return port;
  }

  /** @return the port the server listens on (the one chosen, when bound to port 0) */
  public int port() {
    return address.getPort();
  }

  /** @return the address the server listens on */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * @param n the most connections open at once; 1 or more
   * @return this
   */
  public TcpServer maxConnections(int n) {
    maxConnections = Checks.atLeast(n, 1, "maxConnections");
    return this;
  }

  /**
   * @param handler gets each connection whose wire failed (a reset peer, a timeout, a bug), on the
   *     loop thread; by default such failures are logged at DEBUG level
   * @return this
   */
  public TcpServer onError(BiConsumer<? super Connection, ? super Throwable> handler) {
    onError = Checks.notNull(handler, "handler");
    return this;
  }

  /** @return the number of connections open now; a hint from other threads */
  public int connections() {
    return open;
  }

  /**
   * The accept loop as a wire: accepts connections and runs {@code handler}'s wire for each, in a
   * nested scope that the wire waits for. Start it once.
   *
   * @param handler the wire for a new connection
   * @return the wire
   */
  public Wire serve(Function<? super Connection, ? extends Wire> handler) {
    Checks.notNull(handler, "handler");
    return Wire.named("tcp-server :" + port(), Wire.sync(ctx -> {
      if (serving) {
        throw new IllegalStateException("server on " + address + " is served already: start serve() once");
      }
      serving = true;
      return Wire.scope(
          ScopeOptions.defaults().named("tcp :" + port()).supervised(),
          scope -> acceptTask = scope.start(Wire.named("accept", acceptLoop(scope, handler))));
    }));
  }

  private Wire acceptLoop(Scope scope, Function<? super Connection, ? extends Wire> handler) {
    return Wire.sync(ctx -> {
      while (!closed) {
        if (open >= maxConnections) {
          return Wire.suspend(new SlotWait(this, acceptLoop(scope, handler)));
        }
        SocketChannel s;
        try {
          s = channel.accept();
        } catch (IOException e) {
          if (closed) {
            return null;
          }
          throw new UncheckedIOException("accept on " + address + " failed: " + e.getMessage(), e);
        }
        if (s == null) {
          return Wire.awaitReady(channel, SelectionKey.OP_ACCEPT, ready -> acceptLoop(scope, handler));
        }
        startConnection(ctx, scope, s, handler);
      }
      return null;
    });
  }

  private void startConnection(
      WireContext ctx, Scope scope, SocketChannel s, Function<? super Connection, ? extends Wire> handler) {
    ChannelConnection conn;
    try {
      s.setOption(StandardSocketOptions.TCP_NODELAY, true);
      conn = ChannelConnection.of(ctx.loop(), s);
    } catch (IOException e) {
      closeQuietly(s);
      LOG.log(System.Logger.Level.DEBUG, () -> "dropping a connection that failed at once: " + e);
      return;
    }
    open++;
    scope.start(
        Wire.sync(c -> {
          c.bind(this::connectionEnded);
          c.bind(conn);
          return handler.apply(conn);
        }),
        (c, error) -> onError.accept(conn, error));
  }

  private void connectionEnded() {
    open--;
    Suspension<Boolean> w = slotWaiter;
    if (w != null && open < maxConnections) {
      slotWaiter = null;
      w.resume(Boolean.TRUE);
    }
  }

  /** The accept loop waits for a connection to end (at its limit). */
  private static final class SlotWait extends Suspender<Boolean> {
    private final TcpServer server;
    private final Wire resume;

    SlotWait(TcpServer server, Wire resume) {
      this.server = server;
      this.resume = resume;
    }

    @Override
    public void suspend(WireContext ctx, Suspension<Boolean> s) {
      server.slotWaiter = s;
    }

    @Override
    public Wire resumed(WireContext ctx, Boolean value) {
      return resume;
    }

    @Override
    public void cancelled(Suspension<Boolean> s) {
      if (server.slotWaiter == s) {
        server.slotWaiter = null;
      }
    }

    @Override
    public String name() {
      return "await a free connection slot";
    }
  }

  /** @return whether the server still accepts connections */
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Stops accepting and closes the listening socket; open connections go on. Idempotent; any
   * thread.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Task t = acceptTask;
    if (t != null) {
      t.cancel(); // it leaves the selector on its own thread; then the socket can go
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    try {
      c.close();
    } catch (IOException e) {
      // best effort: the descriptor is released either way
    }
  }

  @Override
  public String toString() {
    return "TcpServer[" + address + (closed ? ", closed" : "") + "]";
  }
}
