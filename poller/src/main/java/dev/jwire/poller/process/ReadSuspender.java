package dev.jwire.poller.process;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.poller.process.internal.OutputPump;
import java.util.function.Function;

/**
 * {@link ProcessOutput#readLine} and {@link ProcessOutput#readBytes}: waits until the stream can
 * satisfy the read, then takes the line or bytes on the task's thread. The wake-up carries no
 * data, so a wake-up lost to a cancellation loses nothing. The wire yields only what {@code then}
 * returns, never a successor of its own, so {@code read.then(next)} runs {@code next} after it.
 */
final class ReadSuspender extends Suspender<Void> {
  private final ProcessOutput out;
  private final boolean line;
  private final int max;
  private final Function<Object, ? extends Wire> then;

  ReadSuspender(ProcessOutput out, boolean line, int max, Function<Object, ? extends Wire> then) {
    this.out = out;
    this.line = line;
    this.max = max;
    this.then = then;
  }

  @Override
  public void suspend(WireContext ctx, Suspension<Void> s) {
    if (out.await(s, line)) {
      s.resume(null);
    }
  }

  @Override
  public Wire resumed(WireContext ctx, Void signal) {
    Object r = line ? out.pollLine(ctx) : out.pollBytes(ctx, max);
    if (r == null) {
      // a pump wakes a reader only when its read can complete; waiting again here would yield a
      // successor, which a.then(b) runs beside b instead of before it
      throw new IllegalStateException(out + " woke a reader with nothing to read (a bug in jwire)");
    }
    return then.apply(r == OutputPump.END ? null : r);
  }

  @Override
  public void cancelled(Suspension<Void> s) {
    out.forget(s);
  }

  @Override
  public boolean waitsOnOutside() {
    return true;
  }

  @Override
  public String name() {
    return (line ? "readLine " : "readBytes ") + out.name();
  }
}
