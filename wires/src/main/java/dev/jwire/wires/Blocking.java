package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Wires that run blocking or CPU-heavy work on worker threads, so that the event loop never
 * blocks (ayo's {@code aside} / {@code aside_in}, spool's {@code go}, asyncframes' {@code PFrame}).
 *
 * <pre>{@code
 * Wire report = Blocking.call(
 *     () -> Files.readString(path),                   // on a worker thread
 *     text -> Wire.call(() -> show(text.length())));  // back on the task's loop thread
 * loop.start(report, (ctx, error) -> log.warn("no report", error));
 * }</pre>
 *
 * <pre>{@code
 *   loop thread:   step ─▶ hand work over ─ ─ ─ (task WAITING, thread free) ─ ─ ─▶ then(result) ─▶ ...
 *   worker thread:                  └──▶ work.call() ──────────────────────────┘
 * }</pre>
 *
 * <p><b>Executors.</b> {@link #call}, {@link #run} and {@link #parallel} use {@link
 * BlockingPool#defaultPool()}: bounded, on virtual threads on JDK 21+ and platform threads before
 * (see there for sizing and how to choose). The {@code *On} variants take any {@link Executor}
 * (a {@link BlockingPool} of one's own, say) or the name of one registered with {@link
 * BlockingExecutors}. An executor must run work on threads of its own; one that runs it on the
 * calling (loop) thread is caught and fails the wire instead.
 *
 * <p><b>Threading.</b> The work runs on a worker thread; {@code then} and every later step run
 * on the task's own loop thread, as always, so they need no locks. Building a wire does nothing
 * but check arguments; each run of it hands the work over afresh. The task's scope and
 * concurrency limits apply to the task, not to the worker pool (as in ayo).
 *
 * <p><b>Cancellation.</b> When the task is cancelled while its work is queued or running (by
 * {@code task.cancel()}, its scope, or a loop timeout), queued work never starts and running work
 * has its thread interrupted; the work's result or error is dropped, and {@code then} never runs.
 * Work that ignores interrupts runs to its end, unobserved; its thread comes back to the pool
 * cleared of the interrupt.
 *
 * <p><b>Errors.</b> What the work throws fails the task with that same exception, unwrapped; so
 * does what {@code then} throws. An executor that refuses the work (a full pool) fails the task
 * with a {@link java.util.concurrent.RejectedExecutionException} naming the wire and the executor.
 * Bad arguments fail at once, with {@link IllegalArgumentException}.
 */
public final class Blocking {
  private Blocking() {}

  /**
   * Runs {@code work} on the default pool, then continues on the task's loop thread with {@code
   * then.apply(result)} as the successor.
   *
   * <p><b>Threading.</b> {@code work} runs on a worker thread; {@code then} and what it returns run
   * on the task's own loop thread, which is free for other tasks meanwhile.
   *
   * <p><b>Cancellation.</b> Cancelling the task interrupts {@code work} if it runs, skips it if
   * it is still queued, and {@code then} never runs.
   *
   * <p><b>Errors.</b> What {@code work} or {@code then} throws fails the task, unwrapped; a full
   * pool fails it with a {@link java.util.concurrent.RejectedExecutionException}.
   *
   * @param work the blocking work; may return null
   * @param then maps the work's result to the next wire, or to null to finish; runs on the loop
   *     thread
   * @param <T> the work's result type
   * @return the wire
   * @throws IllegalArgumentException if an argument is null
   */
  public static <T> Wire call(Callable<? extends T> work, Function<? super T, ? extends Wire> then) {
    return callOn(ExecutorRef.defaultPool(), work, then);
  }

  /**
   * Runs {@code work} on the default pool and is done when it is; its result is ignored. The form
   * for work that throws checked exceptions: {@code Blocking.call(() -> { Files.delete(p); return
   * null; })}.
   *
   * @param work the blocking work
   * @return the wire
   * @throws IllegalArgumentException if {@code work} is null
   */
  public static Wire call(Callable<?> work) {
    return new BlockingWire<>(ExecutorRef.defaultPool(), Checks.notNull(work, "work"), null);
  }

  /**
   * Runs {@code work} on the default pool and is done when it is.
   *
   * @param work the blocking work
   * @return the wire
   * @throws IllegalArgumentException if {@code work} is null
   */
  public static Wire run(Runnable work) {
    return runOn(ExecutorRef.defaultPool(), work);
  }

  /**
   * {@link #call(Callable, Function)} on the executor registered as {@code executor} (ayo's
   * {@code aside_in('name', ...)}). The name is checked now and looked up at each run.
   *
   * @param executor a name registered with {@link BlockingExecutors}, or {@value
   *     BlockingExecutors#DEFAULT}
   * @param work the blocking work; may return null
   * @param then maps the work's result to the next wire, or to null to finish
   * @param <T> the work's result type
   * @return the wire
   * @throws IllegalArgumentException if an argument is null or no executor has that name (the
   *     message lists the registered names)
   */
  public static <T> Wire callOn(
      String executor, Callable<? extends T> work, Function<? super T, ? extends Wire> then) {
    return callOn(ExecutorRef.named(executor), work, then);
  }

  /**
   * {@link #call(Callable, Function)} on {@code executor}.
   *
   * @param executor runs the work on threads of its own; its {@code execute} should not block (a
   *     {@link BlockingPool}'s never does)
   * @param work the blocking work; may return null
   * @param then maps the work's result to the next wire, or to null to finish
   * @param <T> the work's result type
   * @return the wire
   * @throws IllegalArgumentException if an argument is null
   */
  public static <T> Wire callOn(
      Executor executor, Callable<? extends T> work, Function<? super T, ? extends Wire> then) {
    return callOn(ExecutorRef.of(executor), work, then);
  }

  /**
   * {@link #run(Runnable)} on the executor registered as {@code executor}.
   *
   * @param executor a registered name, or {@value BlockingExecutors#DEFAULT}
   * @param work the blocking work
   * @return the wire
   * @throws IllegalArgumentException if an argument is null or no executor has that name
   */
  public static Wire runOn(String executor, Runnable work) {
    return runOn(ExecutorRef.named(executor), work);
  }

  /**
   * {@link #run(Runnable)} on {@code executor}.
   *
   * @param executor runs the work on threads of its own
   * @param work the blocking work
   * @return the wire
   * @throws IllegalArgumentException if an argument is null
   */
  public static Wire runOn(Executor executor, Runnable work) {
    return runOn(ExecutorRef.of(executor), work);
  }

  /**
   * A parallel frame (asyncframes' {@code PFrame}): runs the state machine that starts with {@code
   * wire} with every step on a worker thread of the default pool instead of the loop thread, and
   * is done when that machine is. For CPU-bound or blocking state machines.
   *
   * <pre>{@code
   * Wire crunch = Blocking.parallel(Wire.sync(ctx -> chunks.hasNext() ? crunchNext(chunks) : null));
   * loop.start(crunch.then(Wire.call(() -> System.out.println("crunched"))));  // println on the loop thread
   * }</pre>
   *
   * <p><b>Threading.</b> The inner machine runs one step at a time, as a task does, so its state
   * needs no locks; consecutive steps may run on different worker threads (each hand-over is a
   * happens-before edge). Synchronous steps run in a loop, in constant stack: a chain of millions
   * of steps is fine; after 1024 of them the machine queues itself again so that other work of the
   * pool gets a turn. A step that returns an asynchronous {@code Mono} frees its worker thread; the
   * next step runs on a worker again when the {@code Mono} completes. The outer task waits without
   * holding its loop thread and continues there when the inner machine is done.
   *
   * <p><b>The inner context.</b> Inner steps run on worker threads, so they get a context that
   * offers only what is safe there:
   *
   * <ul>
   *   <li>{@code loop()}, {@code task()} and {@code scope()} are the outer task's (their methods
   *       are thread-safe);
   *   <li>{@code start(...)} and {@code startDaemon(...)} start ordinary tasks beside the outer
   *       one, on its loop thread (wrap their wires in {@code parallel} to run them on workers);
   *   <li>{@code scheduler()} keeps the loop's clock and timers (virtual time included) but runs
   *       what it schedules on the pool: {@code Mono.delay(d, ctx.scheduler())} and {@code
   *       Wire.sleep(d).then(next)} continue on a worker thread;
   *   <li>{@code path()} is the outer task's path when the wire started, plus {@code parallel};
   *   <li>{@code bind} and {@code setResult} belong to the loop thread and throw {@link
   *       UnsupportedOperationException}: call them before or after the parallel wire.
   * </ul>
   *
   * <p>Combinators ({@code then}, {@code times}, {@code forever}) inside the machine run through
   * their {@link Wire#run} form, so the successors that {@code then} starts are loop tasks too.
   * An asynchronous {@code Mono} from elsewhere (an HTTP client's, say) completes on its own
   * thread: the machine's next step goes back to a worker, but a combinator that wraps such a
   * wait ({@code x.then(y)}) runs {@code y} where {@code x} completed; keep such waits as states
   * of their own.
   *
   * <p><b>Cancellation.</b> Cancelling the outer task stops the inner machine between steps: no
   * further step starts; the step running at that moment has its thread interrupted and its
   * outcome dropped; an asynchronous step being waited on is cancelled.
   *
   * <p><b>Errors.</b> A step that throws or whose {@code Mono} fails fails the outer task with that
   * error, unwrapped. A full pool fails it with a {@link
   * java.util.concurrent.RejectedExecutionException} at the start; later hand-overs that are
   * refused continue on the current worker thread instead.
   *
   * @param wire the inner machine's first state
   * @return the wire
   * @throws IllegalArgumentException if {@code wire} is null
   */
  public static Wire parallel(Wire wire) {
    return parallelOn(ExecutorRef.defaultPool(), wire);
  }

  /**
   * {@link #parallel(Wire)} on the executor registered as {@code executor}.
   *
   * @param executor a registered name, or {@value BlockingExecutors#DEFAULT}
   * @param wire the inner machine's first state
   * @return the wire
   * @throws IllegalArgumentException if an argument is null or no executor has that name
   */
  public static Wire parallelOn(String executor, Wire wire) {
    return parallelOn(ExecutorRef.named(executor), wire);
  }

  /**
   * {@link #parallel(Wire)} on {@code executor}: for CPU-bound machines, a platform {@link
   * BlockingPool} with about as many threads as cores is a good choice.
   *
   * @param executor runs the steps on threads of its own
   * @param wire the inner machine's first state
   * @return the wire
   * @throws IllegalArgumentException if an argument is null
   */
  public static Wire parallelOn(Executor executor, Wire wire) {
    return parallelOn(ExecutorRef.of(executor), wire);
  }

  private static <T> Wire callOn(
      ExecutorRef executor, Callable<? extends T> work, Function<? super T, ? extends Wire> then) {
    return new BlockingWire<T>(executor, Checks.notNull(work, "work"), Checks.notNull(then, "then"));
  }

  private static Wire runOn(ExecutorRef executor, Runnable work) {
    Checks.notNull(work, "work");
    return new BlockingWire<>(executor, () -> {
      work.run();
      return null;
    }, null);
  }

  private static Wire parallelOn(ExecutorRef executor, Wire wire) {
    return new ParallelWire(executor, Checks.notNull(wire, "wire"));
  }
}
