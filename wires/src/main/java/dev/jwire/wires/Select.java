package dev.jwire.wires;

import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.SelectWire;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * Waiting for the first of several things (Go's {@code select}, spool's {@code select(chans...)}):
 * a wire that suspends its task until one of its {@link SelectCase cases} is ready, then continues
 * with that case's successor.
 *
 * <pre>{@code
 * Wire loop = Select.select(
 *     jobs.onReceive(job -> work(job).then(loop())),
 *     control.onReceive(cmd -> cmd == STOP ? Wire.nothing() : loop()),
 *     results.onSend(pending, loop()),
 *     Select.onTimeout(Duration.ofSeconds(5), idle().then(loop())));
 * }</pre>
 *
 * <p><b>Guarantees.</b> Exactly one case wins. A message is taken out of a channel only by the case
 * that wins (a losing receive takes nothing; a losing send sends nothing). When several cases are
 * ready at once, each has the same chance (the cases are tried from a random start): no channel is
 * starved. A value given to a select whose task is cancelled before it could take it goes back
 * to where it came from ({@link SelectCase#undelivered}).
 *
 * <p><b>Open.</b> Channels make cases with {@code onReceive} / {@code onSend}; this class adds
 * {@link #onTimeout timers} and {@link #onDone wires finishing}; any other source can take part by
 * extending {@link SelectCase}.
 *
 * <p><b>Cancellation.</b> Cancelling the selecting task cancels every registration: it leaves every
 * queue, stops its timer, cancels the wires it watches.
 *
 * <p><b>Threading.</b> Registration, the successor and cleanup run on the selecting task's thread;
 * cases may become ready on any thread.
 */
public final class Select {
  private Select() {}

  /**
   * A wire that waits for the first ready case and continues with its successor.
   *
   * @param cases at least one case
   * @return the wire
   */
  public static Wire select(SelectCase<?>... cases) {
    Checks.notNull(cases, "cases");
    Checks.argument(cases.length > 0, "cases : [] (expected: at least one case)");
    for (int i = 0; i < cases.length; i++) {
      Checks.notNull(cases[i], "cases[" + i + "]");
    }
    return new SelectWire(cases.clone());
  }

  /**
   * A case that wins when {@code after} has passed on the loop's clock (virtual time in a
   * virtual-time loop), then continues with {@code next}. With {@code Duration.ZERO} it wins only if
   * no other case is ready at once: Go's {@code default}.
   *
   * @param after how long to wait; zero or more
   * @param next the successor if the timer wins
   * @return the case
   */
  public static SelectCase<Void> onTimeout(Duration after, Wire next) {
    long nanos = Checks.toNanosSaturated(Checks.notNegative(after, "after"));
    Checks.notNull(next, "next");
    return new SelectCase<>() {
      @Override
      public Registration register(Selection<Void> s) {
        Disposable timer = s.context().scheduler().schedule(() -> s.trySelect(null), nanos, TimeUnit.NANOSECONDS);
        return timer::dispose;
      }

      @Override
      public Wire selected(WireContext ctx, Void value) {
        return next;
      }

      @Override
      public String name() {
        return "onTimeout " + after;
      }
    };
  }

  /**
   * A case that runs {@code wire} (its whole chain, and whatever it starts, in a scope of its own)
   * as a task beside the selecting one, and wins when it has finished; then continues with {@code
   * next}. If {@code wire} fails first, the select fails with its error. If another case wins, the
   * wire's task is cancelled.
   *
   * @param wire the wire to run
   * @param next the successor if the wire finishes first
   * @return the case
   */
  public static SelectCase<Void> onDone(Wire wire, Wire next) {
    Checks.notNull(wire, "wire");
    Checks.notNull(next, "next");
    return new SelectCase<>() {
      @Override
      public Registration register(Selection<Void> s) {
        Wire watched = Wire.scope(ScopeOptions.defaults().named("onDone"), b -> b.start(wire), b -> {
          s.trySelect(null);
          return null;
        });
        Task task = s.context().start(watched, (ctx, error) -> {
          if (!s.fail(error)) {
            throw Rethrow.unchecked(error); // the select had already chosen: do not lose the error
          }
        });
        return task::cancel;
      }

      @Override
      public Wire selected(WireContext ctx, Void value) {
        return next;
      }

      @Override
      public String name() {
        return "onDone " + wire.name();
      }
    };
  }
}
