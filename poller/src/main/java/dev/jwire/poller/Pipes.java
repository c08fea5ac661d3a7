package dev.jwire.poller;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.internal.Checks;
import dev.jwire.poller.internal.ChannelConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;

/**
 * Pipes as {@link Connection}s: the read end of a {@link Pipe} is a read-only connection, the write
 * end a write-only one; the same wires that serve sockets serve them.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.open();
 * Connection in = Pipes.reader(loop, pipe.source());
 * loop.start(in.readLine(line -> ...));
 * }</pre>
 */
public final class Pipes {
  private Pipes() {}

  /**
   * @param loop the loop whose wires will read it (its clock times the timeouts)
   * @param source the read end of a pipe; switched to non-blocking mode
   * @return a read-only connection; writing fails with {@link UnsupportedOperationException}
   */
  public static Connection reader(EventLoop loop, Pipe.SourceChannel source) {
    Checks.notNull(loop, "loop");
    Checks.notNull(source, "source");
    try {
      return new ChannelConnection(loop, source, null, "pipe reader " + Integer.toHexString(System.identityHashCode(source)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param loop the loop whose wires will write it
   * @param sink the write end of a pipe; switched to non-blocking mode
   * @return a write-only connection; reading fails with {@link UnsupportedOperationException};
   *     {@link Connection#shutdownOutput()} closes the pipe, so the reader sees end of stream
   */
  public static Connection writer(EventLoop loop, Pipe.SinkChannel sink) {
    Checks.notNull(loop, "loop");
    Checks.notNull(sink, "sink");
    try {
      return new ChannelConnection(loop, null, sink, "pipe writer " + Integer.toHexString(System.identityHashCode(sink)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
