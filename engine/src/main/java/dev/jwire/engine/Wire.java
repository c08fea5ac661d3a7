package dev.jwire.engine;

import dev.jwire.engine.internal.Checks;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * One state of a state machine: when run, a wire yields its successor (the next state), or
 * nothing when the machine is done.
 *
 * <pre>{@code
 *   start(w) ──▶ run(w) ──▶ successor s? ──yes──▶ run(s) ──▶ ...
 *                                 └──no──▶ task done
 * }</pre>
 *
 * <p>A wire is a cheap, immutable description of one step: a lambda, a record or a combinator.
 * State lives in what the wire captures. A wire may be run any number of times, by any number
 * of tasks.
 *
 * <pre>{@code
 * Wire beeps = Wire.sleep(Duration.ofMillis(100)).then(Wire.call(() -> System.out.println("beep"))).times(4);
 * try (EventLoop loop = EventLoop.create()) {
 *   loop.start(beeps);
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> Every step of a task runs on that task's loop thread, one at a time, so a
 * wire's state needs no locks. A step must not block that thread.
 *
 * <p><b>Errors.</b> A step that throws, or whose {@code Mono} fails, ends its task: the error goes to
 * the task's {@link WireErrorHandler}, or, if it has none, out of {@link EventLoop#run()}.
 *
 * <p><b>Combinators.</b> {@link #then}, {@link #times}, {@link #forever()}, {@link #sleep} and
 * {@link #call} follow aiowire's rules exactly; see each method.
 */
@FunctionalInterface
public interface Wire {

  /**
   * Runs this state once and produces its successor.
   *
   * <p>Return {@link #next(Wire)} (or {@code Mono.just(successor)}) to move to another state,
   * {@link #done()} (or {@code Mono.empty()}) to finish, or any asynchronous {@code Mono}: the task
   * waits for it without blocking its thread and continues on its own thread when it completes.
   * Synchronous results are taken on a fast path without subscribing.
   *
   * @param ctx the running task: start more wires, reach the loop, its clock and scheduler
   * @return the successor, asynchronously; empty when the machine is done; never {@code null}
   */
  Mono<Wire> run(WireContext ctx);

  /**
   * A name for messages and introspection. Named wires show up in task names and error paths,
   * e.g. {@code poll#3 > then[1] > repeat 2/4}.
   *
   * @return the name given with {@link #named(String)}, or a short description of the wire
   */
  default String name() {
    return "wire";
  }

  /**
   * This wire under a name.
   *
   * @param name the name shown in task names, error paths and dumps; not blank
   * @return a wire that runs exactly like this one
   */
  default Wire named(String name) {
    return new NamedWire(name, this);
  }

  /**
   * aiowire's {@code a >> b}: runs this wire; if it yields a successor, that successor is started
   * as a new task that runs concurrently (same scope, same error handler); {@code next} follows
   * this wire in any case, and what {@code next} yields is what the whole sequence yields.
   *
   * @param next the wire to run after this one
   * @return the sequence
   */
  default Wire then(Wire next) {
    return new ThenWire(this, Checks.notNull(next, "next"));
  }

  /**
   * aiowire's {@code w * n}: this wire, {@code n} times in a row. The successor of each repetition
   * but the last is started concurrently; the last repetition's successor continues the chain.
   *
   * @param n the number of repetitions; {@code n <= 0} yields a wire that does nothing
   * @return the repetition
   */
  default Wire times(int n) {
    return repeat(this, n);
  }

  /**
   * aiowire's {@code Forever(w)}, that is {@code w.then(forever(w))}: this wire again and again;
   * each run's successor is started concurrently. Runs in constant memory; ends only by an error
   * or by cancellation (for instance a loop timeout).
   *
   * @return the endless repetition
   */
  default Wire forever() {
    return new ForeverWire(this);
  }

  // ---------------------------------------------------------------------------------------------
  // Results of run()

  /**
   * The result of a step that moves to {@code successor}.
   *
   * @param successor the next state; not null (use {@link #done()} to finish)
   * @return a completed {@code Mono} the runner takes synchronously
   */
  static Mono<Wire> next(Wire successor) {
    return Mono.just(Checks.notNull(successor, "successor"));
  }

  /**
   * The result of a step that finishes the machine.
   *
   * @return an empty {@code Mono}
   */
  static Mono<Wire> done() {
    return Mono.empty();
  }

  // ---------------------------------------------------------------------------------------------
  // Factories

  /**
   * A synchronous state: {@code step} runs on the task's thread and returns the successor, or
   * {@code null} when done. Cheaper than {@link #run} with {@code Mono.just}: nothing is allocated
   * per step.
   *
   * <pre>{@code Wire ready = Wire.sync(ctx -> queue.isEmpty() ? idle : working);}</pre>
   *
   * @param step the state's logic
   * @return the wire
   */
  static Wire sync(Function<? super WireContext, ? extends Wire> step) {
    return new SyncWire(Checks.notNull(step, "step"));
  }

  /**
   * A wire built when it runs, from the running task's context, and run in its place (a lazy
   * wire). Unlike a {@link #sync} step that <em>yields</em> a wire, the built wire runs as part of
   * this one, so {@code defer(f).then(next)} runs {@code next} after the built wire, not beside it.
   *
   * <pre>{@code Wire stamp = Wire.defer(ctx -> Wire.call(() -> log(ctx.path())));}</pre>
   *
   * @param build makes the wire to run; runs on the task's thread; must not return null
   * @return the wire
   */
  static Wire defer(Function<? super WireContext, ? extends Wire> build) {
    return new DeferWire(Checks.notNull(build, "build"));
  }

  /**
   * {@code wire} under {@code name}; see {@link #named(String)}.
   *
   * @param name the name; not blank
   * @param wire the wire to name
   * @return a wire that runs exactly like {@code wire}
   */
  static Wire named(String name, Wire wire) {
    return Checks.notNull(wire, "wire").named(name);
  }

  /**
   * aiowire's {@code Call(fn)}: calls a plain function, ignores what it returns, and is done.
   *
   * @param action the function, run on the task's thread
   * @return the wire
   */
  static Wire call(Runnable action) {
    Checks.notNull(action, "action");
    return new CallWire(() -> {
      action.run();
      return null;
    });
  }

  /**
   * aiowire's {@code Call(fn)} for functions with a result. If the result is asynchronous (a
   * {@code Mono}, any Reactive Streams {@code Publisher} or a {@code CompletionStage}) the wire
   * waits for it to complete without blocking the thread, then is done; its values are ignored,
   * its error fails the task. Any other result is ignored at once.
   *
   * <pre>{@code Wire fetch = Wire.call(() -> httpClient.get(url));   // a Mono: awaited}</pre>
   *
   * @param function the function, run on the task's thread
   * @return the wire
   */
  static Wire call(Callable<?> function) {
    return new CallWire(Checks.notNull(function, "function"));
  }

  /**
   * A wire that suspends its task until {@code suspender}'s wait is resumed, then continues with
   * what {@link Suspender#resumed} returns. No thread is held and no {@code Mono} is built: this is
   * the primitive under jwire's channels, locks and socket I/O, open to any source of completions.
   * Resuming is safe from any thread; a value handed over is never lost, even to a cancelled task
   * (see {@link Suspender#undelivered}).
   *
   * @param suspender registers the wait and maps its value to the successor
   * @param <T> the type of the value waited for
   * @return the wire
   */
  static <T> Wire suspend(Suspender<T> suspender) {
    return new SuspendWire<>(Checks.notNull(suspender, "suspender"));
  }

  /**
   * {@link #suspend(Suspender)} from two lambdas, for waits that need no cancellation hook.
   *
   * <pre>{@code
   * Wire answer = Wire.suspend(
   *     (ctx, s) -> executor.execute(() -> s.resume(compute())),
   *     value -> Wire.call(() -> print(value)));
   * }</pre>
   *
   * @param register registers the {@link Suspension} with whatever resumes it; on the task's thread
   * @param then gets the value; returns the successor, or null when done
   * @param <T> the type of the value waited for
   * @return the wire
   */
  static <T> Wire suspend(
      java.util.function.BiConsumer<? super WireContext, ? super Suspension<T>> register,
      Function<? super T, ? extends Wire> then) {
    Checks.notNull(register, "register");
    Checks.notNull(then, "then");
    return new SuspendWire<>(
        new Suspender<T>() {
          @Override
          public void suspend(WireContext ctx, Suspension<T> suspension) {
            register.accept(ctx, suspension);
          }

          @Override
          public Wire resumed(WireContext ctx, T value) {
            return then.apply(value);
          }
        });
  }

  /**
   * A wire that waits until {@code channel} is ready for {@code ops} (some of {@code
   * SelectionKey.OP_READ}, {@code OP_WRITE}, {@code OP_CONNECT}, {@code OP_ACCEPT}), then continues
   * with {@code then} applied to the ready operations. The wait is on the task's own loop thread's
   * selector, which that thread polls itself: no other thread is involved. The channel is switched
   * to non-blocking mode. At most one task at a time may wait to read or accept on a channel, and
   * one to write or connect; a channel closed while a task waits fails the wait with {@code
   * AsynchronousCloseException}. The {@code dev.jwire.poller} module builds sockets on this.
   *
   * @param channel the channel
   * @param ops the operations to wait for; a non-empty subset of {@code channel.validOps()}
   * @param then gets the ready operations; returns the successor, or null when done
   * @return the wire
   */
  static Wire awaitReady(
      java.nio.channels.SelectableChannel channel, int ops, java.util.function.IntFunction<? extends Wire> then) {
    return new SuspendWire<>(new dev.jwire.engine.internal.ReadySuspender(channel, ops, -1, then));
  }

  /**
   * {@link #awaitReady(java.nio.channels.SelectableChannel, int, java.util.function.IntFunction)}
   * with a limit: if the channel is not ready within {@code timeout} (on the loop's clock), {@code
   * then} gets {@code 0}, no ready operations.
   *
   * @param channel the channel
   * @param ops the operations to wait for; a non-empty subset of {@code channel.validOps()}
   * @param timeout how long to wait at most; zero or more
   * @param then gets the ready operations, or 0 on timeout; returns the successor, or null when done
   * @return the wire
   */
  static Wire awaitReady(
      java.nio.channels.SelectableChannel channel, int ops, Duration timeout,
      java.util.function.IntFunction<? extends Wire> then) {
    long nanos = Checks.toNanosSaturated(Checks.notNegative(timeout, "timeout"));
    return new SuspendWire<>(new dev.jwire.engine.internal.ReadySuspender(channel, ops, nanos, then));
  }

  /**
   * A wire that waits for {@code delay} on the loop's clock, then is done. It holds no thread: a
   * million sleeping tasks cost about a hundred bytes each (see {@code benchmarks/README.md}).
   *
   * @param delay how long to wait; zero or more
   * @return the wire
   */
  static Wire sleep(Duration delay) {
    return new SleepWire(Checks.notNegative(delay, "delay"));
  }

  /**
   * aiowire's {@code a >> b >> c ...}: see {@link #then(Wire)}.
   *
   * @param first the first wire
   * @param rest the wires that follow, in order
   * @return the sequence
   */
  static Wire sequence(Wire first, Wire... rest) {
    Wire w = Checks.notNull(first, "first");
    for (int i = 0; i < Checks.notNull(rest, "rest").length; i++) {
      w = w.then(Checks.notNull(rest[i], "rest[" + i + "]"));
    }
    return w;
  }

  /**
   * aiowire's {@code Repeat(w, n)}: see {@link #times(int)}.
   *
   * @param wire the wire to repeat
   * @param n the number of repetitions; {@code n <= 0} does nothing
   * @return the repetition
   */
  static Wire repeat(Wire wire, int n) {
    Checks.notNull(wire, "wire");
    return n <= 0 ? NothingWire.INSTANCE : n == 1 ? wire : new RepeatWire(wire, n);
  }

  /**
   * aiowire's {@code Forever(w)}: see {@link #forever()}.
   *
   * @param wire the wire to repeat forever
   * @return the endless repetition
   */
  static Wire forever(Wire wire) {
    return Checks.notNull(wire, "wire").forever();
  }

  /**
   * A nested scope as a wire (ayo's {@code async with scope() as run}): opens a scope inside the
   * running task's scope, lets {@code body} start wires in it, and ends when every one of them has
   * ended. Its fail-fast failure fails this wire; a timeout does not (check {@link Scope#timedOut()}
   * with {@link #scope(ScopeOptions, Consumer, Function)}). Cancelling the task cancels the scope
   * and the task ends only after the scope has.
   *
   * <pre>{@code
   * Wire crawl = Wire.scope(ScopeOptions.defaults().maxConcurrency(10), s -> urls.forEach(u -> s.start(fetch(u))));
   * }</pre>
   *
   * @param options the scope's options
   * @param body starts the scope's wires; runs on the task's thread
   * @return the wire
   */
  static Wire scope(ScopeOptions options, Consumer<? super Scope> body) {
    return scope(options, body, s -> null);
  }

  /**
   * A nested scope as a wire whose successor is computed from the ended scope: its results, its
   * {@link Scope#timedOut()} flag.
   *
   * @param options the scope's options
   * @param body starts the scope's wires
   * @param after the successor, given the ended scope; null ends the machine
   * @return the wire
   */
  static Wire scope(
      ScopeOptions options, Consumer<? super Scope> body, Function<? super Scope, ? extends Wire> after) {
    return new ScopeWire(
        Checks.notNull(options, "options"), Checks.notNull(body, "body"), Checks.notNull(after, "after"));
  }

  /**
   * A wire that sets the task's result to {@code value} ({@link WireContext#setResult}) and is done.
   *
   * @param value the result; may be null
   * @return the wire
   */
  static Wire result(Object value) {
    return sync(ctx -> {
      ctx.setResult(value);
      return null;
    });
  }

  /**
   * A wire that does nothing and is done.
   *
   * @return the empty wire
   */
  static Wire nothing() {
    return NothingWire.INSTANCE;
  }
}
