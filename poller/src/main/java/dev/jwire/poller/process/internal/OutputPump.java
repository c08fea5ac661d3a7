package dev.jwire.poller.process.internal;

import dev.jwire.engine.Suspension;
import dev.jwire.poller.process.ProcessOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One output stream of a process (stdout or stderr), read by a thread of its own into a bounded
 * buffer, and taken from that buffer by wires as lines or bytes.
 *
 * <h2>Design</h2>
 *
 * <p>A {@code Process}'s pipes cannot be selected, so a reader thread blocks in {@code read}. It
 * reads at most the free room of the buffer ({@link #capacity()} bytes in all); when the buffer is
 * full it waits until a consumer takes something: the pipe then fills up and the program blocks in
 * its own {@code write}. That is back-pressure end to end, and memory stays bounded however fast
 * the program writes and however slowly its output is consumed.
 *
 * <p>The consumer side never blocks. A wire that finds nothing to take registers its {@link
 * Suspension} as the waiter; the reader thread resumes it once the wait can be satisfied (a whole
 * line, any bytes, the end, an error). The value handed over is only a signal ({@code null}): the
 * data stays here until the resumed wire takes it on its own thread. So a signal lost to a
 * cancelled task loses nothing, and one suspension may wait on two pumps at once (whichever
 * resumes it first wins, the other's resume is refused).
 *
 * <p>Lines end at {@code '\n'}; a {@code '\r'} before it is dropped; the last line may lack its
 * newline. Lines are cut in bytes, then decoded, so the charset must encode {@code '\n'} as the
 * single byte {@code 0x0A} (UTF-8, ISO-8859-1, ASCII...). A line longer than the limit fails the
 * read once, and the reader drops the rest of it as it arrives.
 *
 * <p>A wait is resumed only when the read it waits for can complete (a line, bytes, the end, an
 * error), so a resumed wire never has to wait a second time: a wire that yields no successor of
 * its own is what {@code a.then(b)} needs to run {@code b} after {@code a}.
 *
 * <p>All methods but the reader loop run under one lock, from any thread.
 */
public final class OutputPump {
  /** What {@link #pollLine()} and {@link #pollBytes(int)} return at the end of the stream. */
  public static final Object END = new Object() {
    @Override
    public String toString() {
      return "END";
    }
  };

  private final String label;
  private final InputStream in;
  private final Charset charset;
  private final int maxLine;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final ByteQueue queue = new ByteQueue();
  private boolean eof;
  private boolean closed;
  private boolean discarding;
  private IOException readError;
  private Suspension<Void> waiter;
  private boolean waiterWantsLine;
  private long bytesRead;
  private int maxBuffered;

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
  }

  /** Starts the reader thread, named after {@code threadName}. */
  public void start(String threadName) {
    ProcessThreads.start(threadName, this::pump);
  }

  // ---------------------------------------------------------------------------------------------
  // Reader thread

  private void pump() {
    byte[] buf = new byte[ByteQueue.BLOCK];
    try {
      for (int want; (want = awaitRoom(buf.length)) > 0; ) {
        int n;
        try {
          n = in.read(buf, 0, want);
        } catch (IOException e) {
          ended(e);
          return;
        }
        if (n < 0) {
          ended(null);
          return;
        }
        if (n > 0) {
          resumeOutside(appended(buf, n));
        }
      }
    } finally {
      closeQuietly();
    }
  }

  /** Waits until the buffer has room; returns how much to read, or 0 once the pump is closed. */
  private int awaitRoom(int max) {
    lock.lock();
    try {
      while (!closed && queue.size() >= capacity) {
        room.awaitUninterruptibly();
      }
      return closed ? 0 : Math.min(max, capacity - queue.size());
    } finally {
      lock.unlock();
    }
  }

  private Suspension<Void> appended(byte[] buf, int n) {
    lock.lock();
    try {
      if (closed) {
        return null;
      }
      bytesRead += n;
      int from = discarding ? skipLongLine(buf, n) : 0;
      queue.append(buf, from, n - from);
      maxBuffered = Math.max(maxBuffered, queue.size());
      return takeWaiterIfReady();
    } finally {
      lock.unlock();
    }
  }

  /** Drops the rest of a line that was too long: up to and including its newline. */
  private int skipLongLine(byte[] buf, int n) {
    for (int i = 0; i < n; i++) {
      if (buf[i] == '\n') {
        discarding = false;
        return i + 1;
      }
    }
    return n;
  }

  private void ended(IOException error) {
    Suspension<Void> w;
    lock.lock();
    try {
      eof = true;
      if (error != null && !closed) {
        readError = error;
      }
      w = waiter;
      waiter = null;
    } finally {
      lock.unlock();
    }
    resumeOutside(w);
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException ignored) {
      // the stream is gone either way
    }
  }

  private static void resumeOutside(Suspension<Void> w) {
    if (w != null) {
      w.resume(null);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Consumers

  /**
   * Registers {@code s} to be resumed when a read can proceed, unless it can proceed now.
   *
   * @param s the waiting wire's suspension
   * @param line whether it waits for a whole line (else for any bytes)
   * @return true if the read can proceed now ({@code s} is not registered)
   * @throws IllegalStateException if another wire waits on this stream
   */
  public boolean await(Suspension<Void> s, boolean line) {
    lock.lock();
    try {
      if (ready(line)) {
        return true;
      }
      if (waiter != null && waiter != s && waiter.isPending()) {
        throw new IllegalStateException(
            label + " already has a waiting reader: read a stream from one wire at a time");
      }
      waiter = s;
      waiterWantsLine = line;
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets {@code s}, a wait that was cancelled. */
  public void forget(Suspension<Void> s) {
    lock.lock();
    try {
      if (waiter == s) {
        waiter = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next line.
   *
   * @return the line, {@link #END} at the end of the stream, or null if no whole line is there yet
   * @throws IOException if the line is too long (it is then skipped), or reading failed
   */
  public Object pollLine() throws IOException {
    lock.lock();
    try {
      Object line = nextLine();
      room.signal();
      return line;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes up to {@code max} bytes: as many as are there, without waiting for more.
   *
   * @param max at least 1
   * @return the bytes, {@link #END} at the end of the stream, or null if none are there yet
   * @throws IOException if reading failed
   */
  public Object pollBytes(int max) throws IOException {
    lock.lock();
    try {
      int n = Math.min(max, queue.size());
      if (n > 0) {
        room.signal();
        return queue.take(n);
      }
      return atEnd();
    } finally {
      lock.unlock();
    }
  }

  /** @return whether the stream has ended and every byte of it was taken */
  public boolean isFinished() {
    lock.lock();
    try {
      return (eof || closed) && readError == null && queue.size() == 0;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the pump: the reader thread stops reading, buffered bytes stay readable, and the stream
   * then ends. A waiting wire is resumed. Idempotent; any thread.
   */
  public void close() {
    Suspension<Void> w;
    lock.lock();
    try {
      closed = true;
      room.signalAll();
      w = waiter;
      waiter = null;
    } finally {
      lock.unlock();
    }
    resumeOutside(w);
  }

  /** @return a snapshot of the counters */
  public ProcessOutput.Statistics statistics() {
    lock.lock();
    try {
      boolean finished = (eof || closed) && queue.size() == 0;
      return new ProcessOutput.Statistics(bytesRead, queue.size(), maxBuffered, capacity, finished);
    } finally {
      lock.unlock();
    }
  }

  /** @return the buffer's size in bytes */
  public int capacity() {
    return capacity;
  }

  // ---------------------------------------------------------------------------------------------
  // Under the lock

  private Object nextLine() throws IOException {
    int nl = queue.indexOfNewline();
    if (nl >= 0) {
      return decode(queue.take(nl + 1), nl);
    }
    int size = queue.size();
    boolean ended = eof || closed;
    if (size > maxLine + 1) {
      queue.skip(size);
      discarding = !ended; // the reader drops the rest of the line as it comes
      throw tooLong();
    }
    if (!ended || size == 0) {
      return size == 0 ? atEnd() : null;
    }
    return decode(queue.take(size), size); // the last line, without its newline
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

  /** With an empty buffer: END, or the read error, or null while the stream goes on. */
  private Object atEnd() throws IOException {
    if (readError != null) {
      throw new IOException("cannot read " + label + ": " + readError.getMessage(), readError);
    }
    return eof || closed ? END : null;
  }

  private boolean ready(boolean line) {
    if (eof || closed) {
      return true;
    }
    int size = queue.size();
    if (!line) {
      return size > 0;
    }
    return size > maxLine + 1 || queue.indexOfNewline() >= 0;
  }

  private Suspension<Void> takeWaiterIfReady() {
    Suspension<Void> w = waiter;
    if (w != null && ready(waiterWantsLine)) {
      waiter = null;
      return w;
    }
    return null;
  }
}
