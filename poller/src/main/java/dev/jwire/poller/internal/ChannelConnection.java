package dev.jwire.poller.internal;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.function.Function;

/**
 * A {@link dev.jwire.poller.Connection} over non-blocking channels: a {@link SocketChannel} (one
 * channel both ways), or the two ends of pipes (either may be missing).
 */
public final class ChannelConnection extends BufferedConnection {
  private final SelectableChannel in;
  private final SelectableChannel out;
  private final String description;
  private final CloseWake closeWake = new CloseWake();
  private boolean outputShut;

  /**
   * @param loop the loop whose clock times the connection
   * @param in what to read from, a {@link ReadableByteChannel}; null if write-only
   * @param out what to write to, a {@link WritableByteChannel}; null if read-only
   * @param description how messages name the connection
   */
  public ChannelConnection(EventLoop loop, SelectableChannel in, SelectableChannel out, String description)
      throws IOException {
    super(loop);
    this.in = in;
    this.out = out;
    this.description = description;
    if (in != null) {
      in.configureBlocking(false);
    }
    if (out != null && out != in) {
      out.configureBlocking(false);
    }
  }

  /** A connection over a connected socket. */
  public static ChannelConnection of(EventLoop loop, SocketChannel socket) throws IOException {
    return new ChannelConnection(loop, socket, socket, "connection " + describe(socket));
  }

  private static String describe(SocketChannel s) {
    try {
      return s.getLocalAddress() + " <-> " + s.getRemoteAddress();
    } catch (IOException e) {
      return s.toString();
    }
  }

  @Override
  protected int fill(ByteBuffer dst) throws IOException {
    if (in == null) {
      throw new UnsupportedOperationException(description + " is write-only: it cannot be read");
    }
    return ((ReadableByteChannel) in).read(dst);
  }

  @Override
  protected int flush(ByteBuffer src) throws IOException {
    if (out == null) {
      throw new UnsupportedOperationException(description + " is read-only: it cannot be written");
    }
    return ((WritableByteChannel) out).write(src);
  }

  @Override
  protected Wire awaitIn(long timeoutNanos, Function<Boolean, Wire> then) {
    return await(in, SelectionKey.OP_READ, timeoutNanos, then);
  }

  @Override
  protected Wire awaitOut(long timeoutNanos, Function<Boolean, Wire> then) {
    return await(out, SelectionKey.OP_WRITE, timeoutNanos, then);
  }

  private Wire await(SelectableChannel ch, int op, long timeoutNanos, Function<Boolean, Wire> then) {
    return Wire.defer(ctx -> {
      closeWake.waiting(ctx);
      if (timeoutNanos < 0) {
        return Wire.awaitReady(ch, op, ready -> then.apply(Boolean.TRUE));
      }
      return Wire.awaitReady(ch, op, Duration.ofNanos(timeoutNanos), ready -> then.apply(ready != 0));
    });
  }

  @Override
  protected boolean shortFillMeansDrained() {
    return true; // the kernel's buffer is all there is
  }

  @Override
  protected String describe() {
    return description;
  }

  @Override
  public void shutdownOutput() {
    if (outputShut || out == null) {
      return;
    }
    outputShut = true;
    try {
      if (out instanceof SocketChannel) {
        ((SocketChannel) out).shutdownOutput();
      } else if (out != in) {
        out.close();
      }
    } catch (IOException e) {
      // the peer is gone already: nothing left to end
    }
  }

  @Override
  public void close() {
    closeQuietly(in);
    closeQuietly(out);
    closeWake.wake(); // a waiter on another loop thread learns of the close now, not at its next check
  }

  private static void closeQuietly(SelectableChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // closing is best effort: the descriptor is released either way
      }
    }
  }

  @Override
  public boolean isOpen() {
    return (in == null || in.isOpen()) && (out == null || out.isOpen());
  }

  @Override
  public SocketAddress remoteAddress() {
    try {
      return in instanceof SocketChannel ? ((SocketChannel) in).getRemoteAddress() : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public SocketAddress localAddress() {
    try {
      return in instanceof SocketChannel ? ((SocketChannel) in).getLocalAddress() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
