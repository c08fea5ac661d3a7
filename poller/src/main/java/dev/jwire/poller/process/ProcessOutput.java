package dev.jwire.poller.process;

import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import dev.jwire.poller.process.internal.OutputPump;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One output stream of a {@link Subprocess}, stdout or stderr, read as lines or bytes by wires.
 *
 * <pre>{@code
 * Wire tail(Subprocess p) {
 *   return p.stdout().readLine(line -> line == null ? null : Wire.call(() -> show(line)).then(tail(p)));
 * }
 * }</pre>
 *
 * <p>A reader thread fills a bounded buffer ({@link Command#bufferSize(int)}) and waits when it
 * is full, so the program blocks instead of memory growing. Wires take from the buffer on their
 * task's thread; a wire that finds nothing suspends its task until there is something.
 *
 * <p>Lines end at {@code '\n'} (a {@code '\r'} before it is dropped); the last line may lack its
 * newline. They are decoded with the command's {@link Command#charset(java.nio.charset.Charset)
 * charset}, malformed bytes replaced.
 *
 * <p><b>Threading.</b> One wire at a time may wait on a stream; another that tries fails with an
 * {@link IllegalStateException}. Different tasks may read it one after the other.
 *
 * <p><b>Cancellation.</b> A cancelled wire takes nothing: what it waited for stays for the next
 * read.
 *
 * <p><b>Errors.</b> A line longer than {@link Command#maxLineLength(int)} fails its read with a
 * {@link SubprocessException}; the rest of that line is skipped and the next read goes on after
 * it. After the command's timeout, reads fail with a {@link SubprocessTimeoutException}.
 */
public final class ProcessOutput {
  private final Subprocess process;
  private final String name;
  private final OutputPump pump;

  /**
   * A snapshot of a stream's counters.
   *
   * @param bytesRead bytes read from the program so far
   * @param buffered bytes read and not yet taken by a wire
   * @param maxBuffered the most bytes ever buffered at once: never more than {@code capacity}
   * @param capacity the buffer's size, in bytes
   * @param finished whether the stream ended and every byte was taken
   */
  public record Statistics(long bytesRead, int buffered, int maxBuffered, int capacity, boolean finished) {}

  ProcessOutput(Subprocess process, String name, OutputPump pump) {
    this.process = process;
    this.name = name;
    this.pump = pump;
  }

  /** @return {@code stdout} or {@code stderr} */
  public String name() {
    return name;
  }

  /**
   * A wire that reads the next line and continues with {@code then.apply(line)}; at the end of
   * the stream with {@code then.apply(null)}.
   *
   * @param then gets the line without its terminator, or null at the end; returns the next state,
   *     or null to finish; runs on the task's thread
   * @return the wire
   */
  public Wire readLine(Function<? super String, ? extends Wire> then) {
    Checks.notNull(then, "then");
    return Wire.suspend(new ReadSuspender(this, OutputPump.LINE, v -> then.apply((String) v)));
  }

  /**
   * A wire that reads whatever bytes are there, up to {@code max}, as soon as there are any, and
   * continues with {@code then.apply(bytes)}; at the end of the stream with {@code
   * then.apply(null)}. Bytes and lines may be mixed: each read takes what the last left.
   *
   * @param max the most bytes to take; at least 1
   * @param then gets 1 to {@code max} bytes, or null at the end; returns the next state, or null
   * @return the wire
   */
  public Wire readBytes(int max, Function<? super byte[], ? extends Wire> then) {
    Checks.atLeast(max, 1, "max");
    Checks.notNull(then, "then");
    return Wire.suspend(new ReadSuspender(this, max, v -> then.apply((byte[]) v)));
  }

  /**
   * A wire that reads every line to the end of the stream, handing each to {@code onLine} on the
   * task's thread, then is done. What {@code onLine} throws fails the wire.
   *
   * @param onLine gets each line
   * @return the wire
   */
  public Wire forEachLine(Consumer<? super String> onLine) {
    return LinesSuspender.wire(this, Checks.notNull(onLine, "onLine"), null, null);
  }

  /** @return a snapshot of the counters; all zero (and finished) for an empty stream */
  public Statistics statistics() {
    return pump == null ? new Statistics(0, 0, 0, 0, true) : pump.statistics();
  }

  @Override
  public String toString() {
    return name + " of " + process.name();
  }

  // ---------------------------------------------------------------------------------------------
  // For the wires of this package

  void startPump(String threadName) {
    if (pump != null) {
      pump.start(threadName);
    }
  }

  void close() {
    if (pump != null) {
      pump.close();
    }
  }

  /** Asks for a line or bytes: {@code s} is resumed with an {@link OutputPump.Taken}. */
  void request(Suspension<Object> s, int want) {
    if (pump == null || process.timedOut()) {
      s.resume(OutputPump.NOTHING);
    } else {
      pump.request(s, want);
    }
  }

  void forget(Suspension<Object> s) {
    if (pump != null) {
      pump.forget(s);
    }
  }

  /** Gives what a cancelled wire did not take back to its stream. */
  static void giveBack(Object taken) {
    OutputPump.Taken t = (OutputPump.Taken) taken;
    if (t.pump() != null) {
      t.pump().giveBack(t);
    }
  }

  /** @return whether this stream has no pump: it ends at once */
  boolean isEmpty() {
    return pump == null;
  }

  /** @return whether {@code t} came from this stream */
  boolean owns(OutputPump.Taken t) {
    return pump != null && t.pump() == pump;
  }

  /**
   * What a wire got, checked: throws the timeout or the failure; else the line, the bytes, or
   * null at the end.
   */
  Object result(WireContext ctx, OutputPump.Taken t) {
    if (process.timedOut()) {
      throw process.timeoutError(ctx.path());
    }
    IOException e = t.error();
    if (e != null) {
      throw process.failure(ctx.path(), e.getMessage(), e.getCause());
    }
    return t.isEnd() ? null : t.line() != null ? t.line() : t.bytes();
  }
}
