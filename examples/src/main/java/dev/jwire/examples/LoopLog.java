package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints lines stamped with the time elapsed on a loop's clock, virtual or not, e.g. {@code
 * [0.150s] Event 2}. Call it from the loop's steps.
 */
public final class LoopLog {
  private final EventLoop loop;
  private final Consumer<String> out;
  private final long origin;

  /**
   * @param loop the loop whose clock stamps the lines; time counts from now
   * @param out where the stamped lines go
   */
  public LoopLog(EventLoop loop, Consumer<String> out) {
    this.loop = loop;
    this.out = out;
    this.origin = loop.nanoTime();
  }

  /** @param message the line to print, after the stamp */
  public void println(String message) {
    out.accept(stamp(loop.nanoTime() - origin) + " " + message);
  }

  /**
   * @param nanos elapsed loop time
   * @return the stamp for it, in milliseconds: {@code [1.250s]}
   */
  public static String stamp(long nanos) {
    long ms = nanos / 1_000_000;
    return String.format(Locale.ROOT, "[%d.%03ds]", ms / 1000, ms % 1000);
  }
}
