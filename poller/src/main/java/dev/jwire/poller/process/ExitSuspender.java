package dev.jwire.poller.process;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import java.util.function.IntFunction;

/** {@link Subprocess#awaitExit}: woken by the process's exit, or by its timeout. */
final class ExitSuspender extends Suspender<Void> {
  private final Subprocess process;
  private final IntFunction<? extends Wire> then;

  ExitSuspender(Subprocess process, IntFunction<? extends Wire> then) {
    this.process = process;
    this.then = then;
  }

  @Override
  public void suspend(WireContext ctx, Suspension<Void> s) {
    if (process.awaitExit(s)) {
      s.resume(null);
    }
  }

  @Override
  public Wire resumed(WireContext ctx, Void signal) {
    int code = process.exitResult(ctx.path());
    if (code < 0) {
      throw new IllegalStateException(process + " woke an exit waiter before its exit (a bug in jwire)");
    }
    return then.apply(code);
  }

  @Override
  public void cancelled(Suspension<Void> s) {
    process.forgetExitWaiter(s);
  }

  @Override
  public boolean waitsOnOutside() {
    return true;
  }

  @Override
  public String name() {
    return "awaitExit";
  }
}
