package dev.jwire.poller.process.internal;

import dev.jwire.engine.Suspension;
import dev.jwire.poller.process.ProcessOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One output stream of a process (stdout or stderr), read by a thread of its own into a bounded
 * buffer, and handed to wires as lines or bytes. No loop thread ever blocks or waits for a lock
 * here.
 *
 * <h2>Design</h2>
 *
 * <p>A {@code Process}'s pipes cannot be selected, so a reader thread blocks in {@code read}. It
 * reads at most the free room of the buffer ({@link #capacity()} bytes in all); when the buffer is
 * full it parks until a consumer takes something: the pipe then fills up and the program blocks
 * in its own {@code write}. That is back-pressure end to end, and memory stays bounded however
 * fast the program writes and however slowly its output is consumed.
 *
 * <p>The buffer ({@link ByteQueue}) belongs to whichever thread <em>drains</em>: every event (the
 * reader's new chunk, the end of the stream, a wire's request, a close) bumps a work counter, and
 * the thread that bumps it from zero drains, looping while more events arrive; the others leave
 * at once. Draining moves the reader's chunks (handed over through a lock-free queue) into the
 * buffer and serves the waiting wire if its read can complete. So a wire's request made on a loop
 * thread is served right there when the data is in, and otherwise by the reader thread when it
 * arrives; nobody waits for anybody.
 *
 * <p>A wire is resumed with its result ({@link Taken}: a line, bytes, the end, or a failure),
 * never with a bare "try again", so a resumed wire needs no second wait: a wire that yields no
 * successor of its own is what {@code a.then(b)} needs to run {@code b} after {@code a}. A result
 * that its wire did not take (the wire was cancelled meanwhile) is {@link #giveBack given back}
 * to the front of the buffer: nothing is lost.
 *
 * <p>Lines end at {@code '\n'}; a {@code '\r'} before it is dropped; the last line may lack its
 * newline. Lines are cut in bytes, then decoded, so the charset must encode {@code '\n'} as the
 * single byte {@code 0x0A} (UTF-8, ISO-8859-1, ASCII...). A line longer than the limit fails one
 * read; the rest of it is skipped as it arrives.
 */
public final class OutputPump {
  /** A request for a whole line. */
  public static final int LINE = -1;

  /** The end of a stream that has no pump (merged, discarded or inherited). */
  public static final Taken NOTHING = new Taken(null, null, null, null);

  /**
   * What a wire got: a line (with the raw bytes it was cut from, to give it back), bytes, the
   * end of the stream, or a failure.
   */
  public static final class Taken {
    private final OutputPump pump;
    private final String line;
    private final byte[] raw;
    private final IOException error;

    private Taken(OutputPump pump, String line, byte[] raw, IOException error) {
      this.pump = pump;
      this.line = line;
      this.raw = raw;
      this.error = error;
    }

    /** @return the stream it came from; null for {@link #NOTHING} */
    public OutputPump pump() {
      return pump;
    }

    /** @return whether the stream has ended (no line, no bytes, no error) */
    public boolean isEnd() {
      return raw == null && error == null;
    }

    /** @return the line, or null if this is not a line */
    public String line() {
      return line;
    }

    /** @return the bytes of a bytes read, or null */
    public byte[] bytes() {
      return line == null ? raw : null;
    }

    /** @return the failure (a line too long, a read error), or null */
    public IOException error() {
      return error;
    }
  }

  private final String label;
  private final InputStream in;
  private final Charset charset;
  private final int maxLine;
  private final int capacity;
  private final Taken end;

  // between the reader and the drainer
  private final ConcurrentLinkedQueue<byte[]> incoming = new ConcurrentLinkedQueue<>();
  private final AtomicInteger buffered = new AtomicInteger();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicReference<Suspension<Object>> waiter = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Taken> givenBack = new ConcurrentLinkedQueue<>();
  private volatile int waiterWants;
  private volatile boolean eof;
  private volatile boolean closed;
  private volatile IOException readError;
  private volatile Thread reader;
  private volatile boolean readerParked;
  private volatile long bytesRead;
  private volatile int maxBuffered;

  // the drainer's own
  private final ByteQueue queue = new ByteQueue();
  private boolean discarding;

  /**
   * @param label names the stream in messages, e.g. {@code stdout of 'cat' (pid 12)}
   * @param in the process's stream; the reader thread closes it when done
   * @param charset decodes lines
   * @param maxLine the longest line, in bytes, without its terminator
   * @param bufferSize the buffer's size in bytes; raised to {@code maxLine + 2} if smaller
   */
  public OutputPump(String label, InputStream in, Charset charset, int maxLine, int bufferSize) {
    this.label = label;
    this.in = in;
    this.charset = charset;
    this.maxLine = maxLine;
    this.capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(bufferSize, maxLine + 2L));
    this.end = new Taken(this, null, null, null);
  }

  /**
   * Starts the reader thread.
   *
   * @param threadName its name after {@link ProcessThreads#PREFIX}
   */
  public void start(String threadName) {
    reader = ProcessThreads.start(threadName, this::pump);
  }

  // ---------------------------------------------------------------------------------------------
  // Reader thread

  private void pump() {
    reader = Thread.currentThread();
    byte[] buf = new byte[ByteQueue.BLOCK];
    try {
      for (int want; (want = awaitRoom(buf.length)) > 0; ) {
        int n = in.read(buf, 0, want);
        if (n < 0) {
          break;
        }
        if (n > 0 && !closed) {
          bytesRead += n; // the reader is the only writer
          buffered.addAndGet(n);
          incoming.offer(Arrays.copyOf(buf, n));
          drain();
        }
      }
    } catch (IOException e) {
      if (!closed) {
        readError = e;
      }
    } finally {
      eof = true;
      drain();
      closeQuietly();
    }
  }

  /** Parks until the buffer has room; returns how much to read, or 0 once the pump is closed. */
  private int awaitRoom(int max) {
    while (!closed) {
      int room = capacity - buffered.get();
      if (room > 0) {
        return Math.min(max, room);
      }
      readerParked = true;
      if (capacity - buffered.get() <= 0 && !closed) {
        LockSupport.park(this);
      }
      readerParked = false;
    }
    return 0;
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException ignored) {
      // the stream is gone either way
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Wires

  /**
   * Asks for a line ({@code want == }{@link #LINE}) or up to {@code want} bytes: {@code s} is
   * resumed with a {@link Taken}, at once (on this thread, during this call) if the read can
   * complete now, else from the thread that completes it. Never blocks.
   *
   * @param s the waiting wire's suspension
   * @param want {@link #LINE}, or the most bytes to take (at least 1)
   * @throws IllegalStateException if another wire waits on this stream
   */
  public void request(Suspension<Object> s, int want) {
    while (true) {
      Suspension<Object> current = waiter.get();
      if (current != null && current != s && current.isPending()) {
        throw new IllegalStateException(
            label + " already has a waiting reader: read a stream from one wire at a time");
      }
      waiterWants = want; // published by the compare-and-set
      if (waiter.compareAndSet(current, s)) {
        break;
      }
    }
    drain();
  }

  /**
   * Forgets a wait that was cancelled.
   *
   * @param s its suspension
   */
  public void forget(Suspension<Object> s) {
    waiter.compareAndSet(s, null);
  }

  /**
   * Puts back what a cancelled wire did not take: it is read again first. Any thread.
   *
   * @param t what the wire was given
   */
  public void giveBack(Taken t) {
    if (t.raw != null) {
      givenBack.offer(t);
      drain();
    }
  }

  /**
   * Stops the pump: the reader thread stops reading, buffered bytes stay readable, and the stream
   * then ends. Idempotent; any thread.
   */
  public void close() {
    closed = true;
    Thread r = reader;
    if (r != null) {
      LockSupport.unpark(r);
    }
    drain();
  }

  /** @return a snapshot of the counters */
  public ProcessOutput.Statistics statistics() {
    int b = buffered.get();
    boolean finished = (eof || closed) && b == 0 && readError == null;
    return new ProcessOutput.Statistics(bytesRead, b, maxBuffered, capacity, finished);
  }

  /** @return the buffer's size in bytes */
  public int capacity() {
    return capacity;
  }

  // ---------------------------------------------------------------------------------------------
  // Draining: one thread at a time

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      drainOnce();
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drainOnce() {
    if (!givenBack.isEmpty()) {
      ArrayDeque<Taken> back = new ArrayDeque<>();
      for (Taken t; (t = givenBack.poll()) != null; ) {
        back.push(t);
      }
      back.forEach(this::putBack); // the last given back first: the first ends up in front
    }
    for (byte[] chunk; (chunk = incoming.poll()) != null; ) {
      int from = discarding ? skipLongLine(chunk) : 0;
      queue.append(chunk, from, chunk.length - from);
      release(from);
    }
    maxBuffered = Math.max(maxBuffered, queue.size());
    serve();
    wakeReader();
  }

  private void serve() {
    Suspension<Object> s = waiter.get();
    if (s == null || !s.isPending()) {
      if (s != null) {
        waiter.compareAndSet(s, null);
      }
      return;
    }
    Taken t = take(waiterWants);
    if (t == null) {
      return;
    }
    if (!waiter.compareAndSet(s, null) || !s.resume(t)) {
      putBack(t); // the wire was cancelled meanwhile
    }
  }

  private void putBack(Taken t) {
    if (t.raw != null) {
      queue.prepend(t.raw);
      buffered.addAndGet(t.raw.length);
    }
  }

  /** Takes what the request can have now, or null if it must wait. */
  private Taken take(int want) {
    int before = queue.size();
    try {
      return want == LINE ? nextLine() : nextBytes(want);
    } catch (IOException e) {
      return new Taken(this, null, null, e);
    } finally {
      release(before - queue.size());
    }
  }

  private Taken nextBytes(int max) throws IOException {
    int n = Math.min(max, queue.size());
    if (n > 0) {
      return new Taken(this, null, queue.take(n), null);
    }
    return atEnd();
  }

  private Taken nextLine() throws IOException {
    int nl = queue.indexOfNewline();
    if (nl >= 0) {
      byte[] raw = queue.take(nl + 1);
      return new Taken(this, decode(raw, nl), raw, null);
    }
    int size = queue.size();
    boolean ended = eof || closed;
    if (size > maxLine + 1) {
      queue.skip(size);
      discarding = !ended; // the rest of the line is dropped as it arrives
      throw tooLong();
    }
    if (!ended || size == 0) {
      return size == 0 ? atEnd() : null;
    }
    byte[] raw = queue.take(size); // the last line, without its newline
    return new Taken(this, decode(raw, size), raw, null);
  }

  /** Drops the rest of a line that was too long, up to and including its newline. */
  private int skipLongLine(byte[] chunk) {
    for (int i = 0; i < chunk.length; i++) {
      if (chunk[i] == '\n') {
        discarding = false;
        return i + 1;
      }
    }
    return chunk.length;
  }

  /** {@code n} bytes left the buffer: room for the reader. */
  private void release(int n) {
    if (n > 0) {
      buffered.addAndGet(-n);
    }
  }

  private void wakeReader() {
    Thread r = reader;
    if (readerParked && r != null) {
      LockSupport.unpark(r);
    }
  }

  private String decode(byte[] bytes, int end) throws IOException {
    int len = end > 0 && bytes[end - 1] == '\r' ? end - 1 : end;
    if (len > maxLine) {
      throw tooLong();
    }
    return new String(bytes, 0, len, charset);
  }

  private IOException tooLong() {
    return new IOException("a line of " + label + " is longer than " + maxLine
        + " bytes (Command.maxLineLength); the rest of it is skipped");
  }

  /** With an empty buffer: the end, or the read error, or null while the stream goes on. */
  private Taken atEnd() throws IOException {
    if (!(eof || closed)) {
      return null;
    }
    IOException e = readError;
    if (e != null) {
      throw new IOException("cannot read " + label + ": " + e.getMessage(), e);
    }
    return end;
  }
}
