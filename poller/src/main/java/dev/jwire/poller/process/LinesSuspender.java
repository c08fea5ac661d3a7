package dev.jwire.poller.process;

import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.poller.process.internal.OutputPump;
import java.util.function.Consumer;

/**
 * {@code forEachLine} on one stream or two. One suspension asks both streams at once; the first
 * to answer resumes it, and the other's answer, refused, goes back into its buffer. Each line is
 * one round: a suspension served at once when lines are waiting, so a burst costs no thread hop.
 *
 * <p>The rounds are successive states of a task, and {@code a.then(b)} runs the successors of
 * {@code a} beside {@code b}; so {@link #wire} runs them as a task of a nested scope, which makes
 * the whole loop one wire that {@code then} waits for. One suspender per run: it remembers which
 * stream has ended.
 */
final class LinesSuspender extends Suspender<Object> {
  private final ProcessOutput first;
  private final Consumer<? super String> onFirst;
  private final ProcessOutput second;
  private final Consumer<? super String> onSecond;
  private boolean firstEnded;
  private boolean secondEnded;

  private LinesSuspender(
      ProcessOutput first, Consumer<? super String> onFirst, ProcessOutput second, Consumer<? super String> onSecond) {
    this.first = first;
    this.onFirst = onFirst;
    this.second = second;
    this.onSecond = onSecond;
    this.firstEnded = first.isEmpty();
    this.secondEnded = second == null || second.isEmpty();
  }

  /** The loop as one wire: a nested scope around the task that runs the rounds. */
  static Wire wire(
      ProcessOutput first, Consumer<? super String> onFirst, ProcessOutput second, Consumer<? super String> onSecond) {
    return Wire.scope(
        ScopeOptions.defaults().named("forEachLine"),
        s -> s.start(Wire.suspend(new LinesSuspender(first, onFirst, second, onSecond))));
  }

  @Override
  public void suspend(WireContext ctx, Suspension<Object> s) {
    if (firstEnded && secondEnded) {
      s.resume(OutputPump.NOTHING);
      return;
    }
    if (!firstEnded) {
      first.request(s, OutputPump.LINE);
    }
    if (!secondEnded && s.isPending()) {
      second.request(s, OutputPump.LINE);
    }
  }

  @Override
  public Wire resumed(WireContext ctx, Object value) {
    OutputPump.Taken t = (OutputPump.Taken) value;
    boolean fromFirst = first.owns(t);
    ProcessOutput out = fromFirst || second == null ? first : second;
    String line = (String) out.result(ctx, t); // throws a timeout or a failure
    if (t == OutputPump.NOTHING) {
      return null; // both streams had ended
    }
    if (line != null && fromFirst) {
      onFirst.accept(line);
    } else if (line != null) {
      onSecond.accept(line);
    } else if (fromFirst) {
      firstEnded = true;
    } else {
      secondEnded = true;
    }
    return firstEnded && secondEnded ? null : Wire.suspend(this);
  }

  @Override
  public void cancelled(Suspension<Object> s) {
    first.forget(s);
    if (second != null) {
      second.forget(s);
    }
  }

  @Override
  public void undelivered(Object value) {
    ProcessOutput.giveBack(value);
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
