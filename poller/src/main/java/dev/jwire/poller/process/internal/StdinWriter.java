package dev.jwire.poller.process.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Writes to a process's stdin off the loop threads, in submission order. A thread is started
 * only while there are writes to do and ends when the queue is empty, so an idle stdin holds no
 * thread. A write blocks its thread while the program does not read; killing the program ends
 * it (the write fails with a broken pipe).
 */
public final class StdinWriter {
  /** One write, or the close (data == null). */
  private static final class Request {
    final byte[] data;
    final Consumer<IOException> done;
    volatile boolean cancelled;

    Request(byte[] data, Consumer<IOException> done) {
      this.data = data;
      this.done = done;
    }
  }

  private final OutputStream out;
  private final String threadName;
  private final String label;
  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger wip = new AtomicInteger();
  /** Written by the writing thread only; read anywhere. */
  private volatile boolean closed;
  private volatile long written;

  /**
   * @param out the process's stdin
   * @param threadName the writing thread's name after the prefix
   * @param label names the stream in messages, e.g. {@code stdin of 'cat' (pid 12)}
   */
  public StdinWriter(OutputStream out, String threadName, String label) {
    this.out = out;
    this.threadName = threadName;
    this.label = label;
  }

  /**
   * Queues {@code data}; {@code done} gets null once it is written and flushed, or the error.
   *
   * @param data the bytes, not copied
   * @param done called on the writing thread
   * @return a handle that {@link #cancel cancels} the write if it has not started
   */
  public Object write(byte[] data, Consumer<IOException> done) {
    return submit(new Request(data, done));
  }

  /**
   * Queues the close of stdin, after the writes queued before it.
   *
   * @param done as for a write
   * @return a handle, as for a write
   */
  public Object close(Consumer<IOException> done) {
    return submit(new Request(null, done));
  }

  /**
   * Skips a queued write, unless it has started.
   *
   * @param handle what {@link #write} or {@link #close} returned
   */
  public static void cancel(Object handle) {
    ((Request) handle).cancelled = true;
  }

  /** @return the number of bytes written so far */
  public long written() {
    return written;
  }

  private Object submit(Request r) {
    queue.offer(r);
    if (wip.getAndIncrement() == 0) {
      ProcessThreads.start(threadName, this::drain);
    }
    return r;
  }

  private void drain() {
    int missed = 1;
    do {
      for (Request r; (r = queue.poll()) != null; ) {
        if (!r.cancelled) {
          IOException error = perform(r.data);
          try {
            r.done.accept(error);
          } catch (RuntimeException e) {
            ProcessThreads.logUncaught("a write callback of " + label + " threw", e);
          }
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private IOException perform(byte[] data) {
    if (closed) {
      return new IOException(label + " is closed");
    }
    try {
      if (data == null) {
        closed = true;
        out.close();
      } else {
        out.write(data);
        out.flush();
        written += data.length;
      }
      return null;
    } catch (IOException e) {
      return e;
    }
  }
}
