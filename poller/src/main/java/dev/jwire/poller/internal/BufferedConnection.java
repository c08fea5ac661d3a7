package dev.jwire.poller.internal;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.poller.Connection;
import dev.jwire.poller.FrameTooLongException;
import dev.jwire.poller.IdleTimeoutException;
import dev.jwire.poller.ReadTimeoutException;
import dev.jwire.poller.WriteTimeoutException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The framing shared by every {@link Connection}: one read buffer, the pending read or write, the
 * timeouts. A subclass moves bytes ({@link #fill}, {@link #flush}) and waits for readiness ({@link
 * #awaitIn}, {@link #awaitOut}); TCP and pipes do so on a channel, TLS through an {@code SSLEngine}.
 *
 * <h2>Design</h2>
 *
 * <p>A read is a small state machine kept in fields (only one read runs at a time), run by one
 * cached wire: try to complete the read from the buffer; else fill the buffer; if nothing came, wait
 * for readiness and run again. So a read that finds its bytes costs no allocation but the view
 * handed over, and a read that waits costs one suspension. Writes work the same way.
 */
public abstract class BufferedConnection implements Connection {
  private static final int INITIAL_BUFFER = 16 * 1024;
  private static final int DEFAULT_MAX_FRAME = 1024 * 1024;
  private static final byte[] LF = {'\n'};

  private enum ReadKind { AVAILABLE, EXACTLY, UNTIL, LINE }

  protected final EventLoop loop;
  private byte[] buf = new byte[INITIAL_BUFFER];
  private ByteBuffer bufView = ByteBuffer.wrap(buf);
  private int start;
  private int end;
  private boolean eof;
  private Charset charset = StandardCharsets.UTF_8;
  private int maxFrame = DEFAULT_MAX_FRAME;
  private long readTimeoutNanos = -1;
  private long writeTimeoutNanos = -1;
  private long idleTimeoutNanos = -1;
  private long lastActivity;
  /** The last fill took all there was (it did not fill the room it had): wait before reading again. */
  private boolean drained;

  // the read in progress
  private ReadKind kind;
  private int wanted;
  private byte[] delimiter;
  private int scanned;
  private Function<? super ByteBuffer, ? extends Wire> bytesThen;
  private Function<? super String, ? extends Wire> lineThen;
  private long readStarted;
  private final Wire readStep = Wire.sync(ctx -> guarded(this::readStep));

  // the write in progress
  private ByteBuffer writing;
  private Wire afterWrite;
  private long writeStarted;
  private final Wire writeStep = Wire.sync(ctx -> guarded(this::writeStep));

  /** Set when a timeout closed the connection: what waiting wires fail with. */
  private volatile IOException closedBy;

  protected BufferedConnection(EventLoop loop) {
    this.loop = loop;
    this.lastActivity = loop.nanoTime();
  }

  // ---------------------------------------------------------------------------------------------
  // For subclasses

  /**
   * Reads more bytes into {@code dst}.
   *
   * @return how many were read; 0 if none are available now; -1 at end of stream
   */
  protected abstract int fill(ByteBuffer dst) throws IOException;

  /**
   * Writes bytes from {@code src}.
   *
   * @return how many were written; 0 if the peer does not take more now
   */
  protected abstract int flush(ByteBuffer src) throws IOException;

  /**
   * A wire that waits until {@link #fill} may make progress, at most {@code timeoutNanos}
   * (negative: no limit), then runs {@code then} with whether it became ready (false: timed out).
   */
  protected abstract Wire awaitIn(long timeoutNanos, Function<Boolean, Wire> then);

  /** As {@link #awaitIn}, for {@link #flush}. */
  protected abstract Wire awaitOut(long timeoutNanos, Function<Boolean, Wire> then);

  /**
   * Whether a {@link #fill} that returned fewer bytes than it had room for took everything there
   * was, so the next read had better wait for readiness first. True for a plain socket; a layer
   * that buffers below (TLS) must answer false, or a read could wait for bytes it already holds.
   */
  protected boolean shortFillMeansDrained() {
    return false;
  }

  /** What this connection is, for messages. */
  protected abstract String describe();

  // ---------------------------------------------------------------------------------------------
  // Reading

  @Override
  public Wire read(Function<? super ByteBuffer, ? extends Wire> then) {
    Checks.notNull(then, "then");
    return Wire.sync(ctx -> guarded(() -> beginRead(ReadKind.AVAILABLE, 0, null, then, null)));
  }

  @Override
  public Wire readExactly(int n, Function<? super ByteBuffer, ? extends Wire> then) {
    Checks.notNull(then, "then");
    if (n < 1 || n > maxFrame) {
      throw new IllegalArgumentException(
          "n : " + n + " (expected: 1 to " + maxFrame + ", the connection's maxFrameLength)");
    }
    return Wire.sync(ctx -> guarded(() -> beginRead(ReadKind.EXACTLY, n, null, then, null)));
  }

  @Override
  public Wire readUntil(byte[] delimiter, int maxLength, Function<? super ByteBuffer, ? extends Wire> then) {
    Checks.notNull(delimiter, "delimiter");
    Checks.notNull(then, "then");
    if (delimiter.length == 0) {
      throw new IllegalArgumentException("delimiter : empty (expected: at least one byte)");
    }
    checkMaxLength(maxLength);
    byte[] d = delimiter.clone();
    return Wire.sync(ctx -> guarded(() -> beginRead(ReadKind.UNTIL, maxLength, d, then, null)));
  }

  @Override
  public Wire readLine(int maxLength, Function<? super String, ? extends Wire> then) {
    Checks.notNull(then, "then");
    checkMaxLength(maxLength);
    return Wire.sync(ctx -> guarded(() -> beginRead(ReadKind.LINE, maxLength, LF, null, then)));
  }

  private void checkMaxLength(int maxLength) {
    if (maxLength < 1 || maxLength > maxFrame) {
      throw new IllegalArgumentException(
          "maxLength : " + maxLength + " (expected: 1 to " + maxFrame + ", the connection's maxFrameLength)");
    }
  }

  private Wire beginRead(
      ReadKind k, int n, byte[] delim, Function<? super ByteBuffer, ? extends Wire> bytes,
      Function<? super String, ? extends Wire> line) throws IOException {
    if (kind != null) {
      throw new IllegalStateException(
          "another wire is reading from " + describe() + ": one reader at a time per connection");
    }
    kind = k;
    wanted = n;
    delimiter = delim;
    scanned = 0;
    bytesThen = bytes;
    lineThen = line;
    readStarted = loop.nanoTime();
    return readStep();
  }

  private Wire readStep() throws IOException {
    for (; ; ) {
      switch (kind) {
        case AVAILABLE:
          if (end > start) {
            return deliver(take(end - start));
          }
          break;
        case EXACTLY:
          if (end - start >= wanted) {
            return deliver(take(wanted));
          }
          break;
        default:
          int at = indexOfDelimiter();
          if (at >= 0) {
            int len = at - start;
            if (len > wanted) {
              throw tooLong();
            }
            ByteBuffer frame = ByteBuffer.wrap(buf, start, len).slice();
            start = at + delimiter.length;
            return deliver(frame);
          }
          if (end - start > wanted + delimiter.length - 1) {
            throw tooLong();
          }
          break;
      }
      if (eof) {
        return atEndOfStream();
      }
      Wire wait = fillOrWait();
      if (wait != null) {
        return wait;
      }
    }
  }

  /** @return null when bytes arrived or the stream ended, else the wire that waits for more */
  private Wire fillOrWait() throws IOException {
    makeRoom();
    if (drained) {
      // the socket had no more than we took last time: a read now would most likely find nothing
      // and cost a system call; wait for readiness instead (Netty reads the same way)
      drained = false;
      return awaitIn(remaining(readTimeoutNanos, readStarted), ready -> ready ? readStep : readTimedOut());
    }
    bufView.limit(buf.length).position(end);
    int room = buf.length - end;
    int n;
    try {
      n = fill(bufView);
    } catch (IOException e) {
      endRead();
      throw translate(e);
    }
    if (n > 0) {
      end += n;
      drained = n < room && shortFillMeansDrained();
      lastActivity = loop.nanoTime();
      return null;
    }
    if (n < 0) {
      eof = true;
      return null;
    }
    long timeout = remaining(readTimeoutNanos, readStarted);
    return awaitIn(timeout, ready -> ready ? readStep : readTimedOut());
  }

  private Wire readTimedOut() {
    Wire idle = idleCheck();
    if (idle != null) {
      endRead();
      return idle;
    }
    if (readTimeoutNanos >= 0 && loop.nanoTime() - readStarted >= readTimeoutNanos) {
      endRead();
      return fail(new ReadTimeoutException(
          "no data from " + describe() + " within " + Duration.ofNanos(readTimeoutNanos) + " (the read timeout)"));
    }
    return readStep; // woken early by the idle clock: wait on
  }

  private FrameTooLongException tooLong() {
    int limit = wanted;
    endRead();
    return new FrameTooLongException(
        "a frame from " + describe() + " is longer than " + limit + " bytes (the read's maxLength)");
  }

  /** Where the buffer has no room left: move the unread bytes down, or grow for a long frame. */
  private void makeRoom() {
    if (end < buf.length) {
      return;
    }
    int unread = end - start;
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, unread); // scanned counts from start: still right
      start = 0;
      end = unread;
      if (end < buf.length) {
        return;
      }
    }
    int needed = kind == ReadKind.EXACTLY ? wanted : wanted + (delimiter == null ? 0 : delimiter.length);
    int size = Math.min(Math.max(buf.length * 2, INITIAL_BUFFER), Math.max(needed, buf.length));
    if (size <= buf.length) {
      size = buf.length * 2; // a frame that is not yet known to be too long: room to find out
    }
    byte[] bigger = new byte[size];
    System.arraycopy(buf, 0, bigger, 0, end);
    buf = bigger;
    bufView = ByteBuffer.wrap(buf);
  }

  private int indexOfDelimiter() {
    byte[] d = delimiter;
    int from = Math.max(start + scanned - (d.length - 1), start);
    int last = end - d.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < d.length; j++) {
        if (buf[i + j] != d[j]) {
          continue outer;
        }
      }
      return i;
    }
    scanned = end - start;
    return -1;
  }

  private ByteBuffer take(int n) {
    ByteBuffer view = ByteBuffer.wrap(buf, start, n).slice();
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
    }
    return view;
  }

  private Wire deliver(ByteBuffer frame) {
    ReadKind k = kind;
    Function<? super ByteBuffer, ? extends Wire> bytes = bytesThen;
    Function<? super String, ? extends Wire> line = lineThen;
    endRead();
    if (start == end) {
      start = 0;
      end = 0;
    }
    if (k == ReadKind.LINE) {
      int len = frame.remaining();
      if (len > 0 && frame.get(frame.position() + len - 1) == '\r') {
        frame.limit(frame.limit() - 1);
      }
      return line.apply(charset.decode(frame).toString());
    }
    return bytes.apply(frame);
  }

  private Wire atEndOfStream() throws IOException {
    ReadKind k = kind;
    int unread = end - start;
    if (k == ReadKind.EXACTLY && unread > 0) {
      int n = wanted;
      endRead();
      throw new EOFException(describe() + " ended after " + unread + " of the " + n + " bytes a read needed");
    }
    if (unread > 0) {
      return deliver(take(unread)); // the last bytes, without a delimiter
    }
    Function<? super ByteBuffer, ? extends Wire> bytes = bytesThen;
    Function<? super String, ? extends Wire> line = lineThen;
    endRead();
    if (k == ReadKind.EXACTLY) {
      throw new EOFException(describe() + " ended before a read of " + wanted + " bytes");
    }
    return k == ReadKind.LINE ? line.apply(null) : bytes.apply(null);
  }

  private void endRead() {
    kind = null;
    bytesThen = null;
    lineThen = null;
    delimiter = null;
  }

  /** @return the bytes read but not yet handed over */
  protected int buffered() {
    return end - start;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  @Override
  public Wire write(ByteBuffer data, Wire then) {
    Checks.notNull(data, "data");
    return Wire.sync(ctx -> {
      if (writing != null) {
        throw new IllegalStateException(
            "another wire is writing to " + describe() + ": one writer at a time per connection");
      }
      writing = data;
      afterWrite = then;
      writeStarted = loop.nanoTime();
      return guarded(this::writeStep);
    });
  }

  private Wire writeStep() throws IOException {
    ByteBuffer src = writing;
    while (src.hasRemaining()) {
      int n;
      try {
        n = flush(src);
      } catch (IOException e) {
        endWrite();
        throw translate(e);
      }
      if (n == 0) {
        return awaitOut(remaining(writeTimeoutNanos, writeStarted), ready -> ready ? writeStep : writeTimedOut());
      }
      lastActivity = loop.nanoTime();
    }
    Wire next = afterWrite;
    endWrite();
    return next;
  }

  private Wire writeTimedOut() {
    Wire idle = idleCheck();
    if (idle != null) {
      endWrite();
      return idle;
    }
    if (writeTimeoutNanos >= 0 && loop.nanoTime() - writeStarted >= writeTimeoutNanos) {
      endWrite();
      return fail(new WriteTimeoutException(
          describe() + " took no data for " + Duration.ofNanos(writeTimeoutNanos) + " (the write timeout)"));
    }
    return writeStep;
  }

  private void endWrite() {
    writing = null;
    afterWrite = null;
  }

  // ---------------------------------------------------------------------------------------------
  // Timeouts

  /** The time a wait may take: the sooner of the operation's own limit and the idle limit. */
  private long remaining(long opTimeout, long opStarted) {
    long now = loop.nanoTime();
    long r = -1;
    if (opTimeout >= 0) {
      r = Math.max(0, opTimeout - (now - opStarted));
    }
    if (idleTimeoutNanos >= 0) {
      long idle = Math.max(0, idleTimeoutNanos - (now - lastActivity));
      r = r < 0 ? idle : Math.min(r, idle);
    }
    return r;
  }

  /** @return a failing wire if the connection has been idle too long (it is closed then), else null */
  private Wire idleCheck() {
    if (idleTimeoutNanos >= 0 && loop.nanoTime() - lastActivity >= idleTimeoutNanos) {
      IdleTimeoutException e = new IdleTimeoutException(
          describe() + " was idle for " + Duration.ofNanos(idleTimeoutNanos) + " (the idle timeout) and is closed");
      closedBy = e;
      close();
      return fail(e);
    }
    return null;
  }

  private IOException translate(IOException e) {
    IOException cause = closedBy;
    return cause != null && !isOpen() ? cause : e;
  }

  /** A step that may throw I/O errors; they fail the task as they are, not wrapped. */
  @FunctionalInterface
  private interface IoStep {
    Wire run() throws IOException;
  }

  private static Wire guarded(IoStep step) {
    try {
      return step.run();
    } catch (IOException e) {
      return fail(e);
    }
  }

  /** A wire that fails its task with {@code t} itself (a {@code Mono.error} is taken synchronously). */
  static Wire fail(Throwable t) {
    return ctx -> Mono.error(t);
  }

  // ---------------------------------------------------------------------------------------------
  // Settings

  @Override
  public Charset charset() {
    return charset;
  }

  @Override
  public Connection charset(Charset charset) {
    this.charset = Checks.notNull(charset, "charset");
    return this;
  }

  @Override
  public Connection readTimeout(Duration timeout) {
    readTimeoutNanos = nanosOrNone(timeout, "timeout");
    return this;
  }

  @Override
  public Connection writeTimeout(Duration timeout) {
    writeTimeoutNanos = nanosOrNone(timeout, "timeout");
    return this;
  }

  @Override
  public Connection idleTimeout(Duration timeout) {
    idleTimeoutNanos = nanosOrNone(timeout, "timeout");
    lastActivity = loop.nanoTime();
    return this;
  }

  private static long nanosOrNone(Duration d, String name) {
    if (d == null) {
      return -1;
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " : " + d + " (expected: > 0, or null for no limit)");
    }
    return Checks.toNanosSaturated(d);
  }

  @Override
  public int maxFrameLength() {
    return maxFrame;
  }

  @Override
  public Connection maxFrameLength(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes : " + bytes + " (expected: >= 1)");
    }
    maxFrame = bytes;
    return this;
  }

  @Override
  public String toString() {
    return describe();
  }
}
