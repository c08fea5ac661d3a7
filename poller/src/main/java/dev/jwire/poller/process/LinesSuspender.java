package dev.jwire.poller.process;

import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.poller.process.internal.OutputPump;
import java.util.function.Consumer;

/**
 * {@code forEachLine} on one stream or two: one suspension waits on both streams at once (the
 * first to wake it wins; the other's wake-up is refused and loses nothing, since the lines stay
 * in its buffer). Each round hands over at most {@value #BUDGET} lines per stream, then lets the
 * loop run others.
 *
 * <p>The rounds are successive states of a task, and {@code a.then(b)} runs the successors of
 * {@code a} beside {@code b}; so {@link #wire} runs them as a task in a nested scope, which makes
 * the whole loop one wire that {@code then} waits for.
 */
final class LinesSuspender extends Suspender<Void> {
  private static final int BUDGET = 256;

  private final ProcessOutput first;
  private final Consumer<? super String> onFirst;
  private final ProcessOutput second;
  private final Consumer<? super String> onSecond;

  /** {@code second} and {@code onSecond} may be null for one stream. */
  LinesSuspender(
      ProcessOutput first, Consumer<? super String> onFirst, ProcessOutput second, Consumer<? super String> onSecond) {
    this.first = first;
    this.onFirst = onFirst;
    this.second = second;
    this.onSecond = onSecond;
  }

  /** The loop as one wire: a nested scope around the task that runs the rounds. */
  static Wire wire(
      ProcessOutput first, Consumer<? super String> onFirst, ProcessOutput second, Consumer<? super String> onSecond) {
    Wire rounds = Wire.suspend(new LinesSuspender(first, onFirst, second, onSecond));
    return Wire.scope(ScopeOptions.defaults().named("forEachLine"), s -> s.start(rounds));
  }

  @Override
  public void suspend(WireContext ctx, Suspension<Void> s) {
    boolean ready = finished();
    if (!ready && !first.isFinished()) {
      ready = first.await(s, true);
    }
    if (!ready && second != null && !second.isFinished()) {
      ready = second.await(s, true);
    }
    if (ready) {
      s.resume(null);
    }
  }

  @Override
  public Wire resumed(WireContext ctx, Void signal) {
    drain(ctx, first, onFirst);
    if (second != null) {
      drain(ctx, second, onSecond);
    }
    return finished() ? null : Wire.suspend(this);
  }

  private static void drain(WireContext ctx, ProcessOutput out, Consumer<? super String> onLine) {
    for (int i = 0; i < BUDGET; i++) {
      Object r = out.pollLine(ctx);
      if (r == null || r == OutputPump.END) {
        return;
      }
      onLine.accept((String) r);
    }
  }

  private boolean finished() {
    return first.isFinished() && (second == null || second.isFinished());
  }

  @Override
  public void cancelled(Suspension<Void> s) {
    first.forget(s);
    if (second != null) {
      second.forget(s);
    }
  }

  @Override
  public boolean waitsOnOutside() {
    return true;
  }

  @Override
  public String name() {
    return second == null ? "forEachLine " + first.name() : "forEachLine";
  }
}
