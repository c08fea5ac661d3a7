package dev.jwire.poller.process;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.poller.process.internal.OutputPump;
import java.util.function.Function;

/**
 * {@link ProcessOutput#readLine} and {@link ProcessOutput#readBytes}: asks the stream for a line
 * or bytes and is resumed with them. The wire yields only what {@code then} returns, never a
 * successor of its own, so {@code read.then(next)} runs {@code next} after the read. What a
 * cancelled read was handed goes back to the stream.
 */
final class ReadSuspender extends Suspender<Object> {
  private final ProcessOutput out;
  private final int want;
  private final Function<Object, ? extends Wire> then;

  /** {@code want}: {@link OutputPump#LINE} or the most bytes to take. */
  ReadSuspender(ProcessOutput out, int want, Function<Object, ? extends Wire> then) {
    this.out = out;
    this.want = want;
    this.then = then;
  }

  @Override
  public void suspend(WireContext ctx, Suspension<Object> s) {
    out.request(s, want);
  }

  @Override
  public Wire resumed(WireContext ctx, Object taken) {
    return then.apply(out.result(ctx, (OutputPump.Taken) taken));
  }

  @Override
  public void cancelled(Suspension<Object> s) {
    out.forget(s);
  }

  @Override
  public void undelivered(Object taken) {
    ProcessOutput.giveBack(taken);
  }

  @Override
  public boolean waitsOnOutside() {
    return true;
  }

  @Override
  public String name() {
    return (want == OutputPump.LINE ? "readLine " : "readBytes ") + out.name();
  }
}
