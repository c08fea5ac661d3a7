package dev.jwire.wires;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Monitoring (asyncoro's {@code monitor}, Erlang's {@code monitor/2}): be told when another task
 * ends, and how, as an {@link Outcome}: its result, its error, or its cancellation.
 *
 * <pre>{@code
 * Task worker = ctx.start(job);
 * Wire watch = Monitor.await(worker, outcome -> outcome.isFailed() ? report(outcome.error()) : null);
 *
 * Monitor.onEnd(worker, outcome -> log.info("worker ended: " + outcome));   // from plain code
 * }</pre>
 *
 * <p>The watched task may belong to any scope, even another loop. Watching does not link: the
 * watcher is not cancelled or failed by what happens to the watched task, it is only told. A task
 * that has already ended is reported at once. Built on the engine's {@link Task#onEnd} hook.
 */
public final class Monitor {
  private Monitor() {}

  /**
   * A wire that waits, without holding a thread, until {@code task} has ended, then continues with
   * the wire {@code then} makes of its outcome.
   *
   * <p><b>Threading.</b> {@code then} runs on the waiting task's own thread, whatever thread the
   * watched task ran on.
   *
   * <p><b>Cancellation.</b> Cancelling the waiting task stops the watch (the watched task is not
   * touched, and keeps no reference to the watcher).
   *
   * <p><b>Errors.</b> An exception from {@code then} fails the waiting task's step. The watched
   * task's failure is not an error here: it is an outcome.
   *
   * @param task the task to watch
   * @param then makes the successor from the outcome; null ends the machine
   * @return the wire
   */
  public static Wire await(Task task, Function<? super Outcome, ? extends Wire> then) {
    Checks.notNull(task, "task");
    Checks.notNull(then, "then");
    return Wire.defer(ctx -> Wire.suspend(new Watch(task, then))).named("monitor " + task.name());
  }

  /**
   * The callback form: calls {@code callback} once with the outcome when {@code task} has ended.
   *
   * <p><b>Threading.</b> The callback runs on the watched task's loop thread, or at once on the
   * calling thread if the task has already ended; it must not block. Register from any thread.
   *
   * <p><b>Errors.</b> A callback that throws is logged by the engine; nothing else is disturbed.
   *
   * @param task the task to watch
   * @param callback receives the outcome
   * @return a handle whose {@code dispose()} stops watching (no effect once the callback has run)
   */
  public static Disposable onEnd(Task task, Consumer<? super Outcome> callback) {
    Checks.notNull(task, "task");
    Checks.notNull(callback, "callback");
    return task.onEnd(t -> callback.accept(Outcome.of(t)));
  }

  /**
   * The Reactor form: a {@code Mono} of the outcome, for code outside wires. It never fails: a
   * failed task is an outcome. Cancelling the subscription stops watching.
   *
   * @param task the task to watch
   * @return the outcome, once the task has ended; watching starts on subscription
   */
  public static Mono<Outcome> outcome(Task task) {
    Checks.notNull(task, "task");
    return Mono.create(sink -> sink.onDispose(onEnd(task, sink::success)));
  }

  /** One wait of {@link #await}: a fresh suspender per run, holding the registration to drop. */
  private static final class Watch extends Suspender<Outcome> {
    private final Task task;
    private final Function<? super Outcome, ? extends Wire> then;
    private volatile Disposable registration;

    Watch(Task task, Function<? super Outcome, ? extends Wire> then) {
      this.task = task;
      this.then = then;
    }

    @Override
    public void suspend(WireContext ctx, Suspension<Outcome> suspension) {
      registration = onEnd(task, suspension::resume);
    }

    @Override
    public Wire resumed(WireContext ctx, Outcome outcome) {
      return then.apply(outcome);
    }

    @Override
    public void cancelled(Suspension<Outcome> suspension) {
      Disposable r = registration;
      if (r != null) {
        r.dispose();
      }
    }

    @Override
    public String name() {
      return "monitor " + task.name();
    }
  }
}
