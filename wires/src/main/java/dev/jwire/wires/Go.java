package dev.jwire.wires;

import dev.jwire.engine.Scope;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireErrorHandler;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.ChannelImpl;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * spool's {@code go}: runs a plain, blocking function on a worker thread with a two-way channel of
 * its own, and hands the wire its end of that channel ({@link GoChannel}). The function gets the
 * other end ({@link Self}): blocking {@code get}, {@code put}, {@code close} and {@code isOpen}
 * (spool's {@code alive}).
 *
 * <pre>{@code
 * Go.Body<Integer, Long> fibonacci = self -> {              // on a worker thread
 *   for (Integer n = self.get(); n != null; n = self.get()) {
 *     self.put(fib(n));
 *   }
 * };
 * Wire ask = Go.go(fibonacci, fib ->                         // on the loop thread
 *     fib.send(40, fib.receive(result -> Wire.call(() -> {
 *       System.out.println("fib(40) = " + result);
 *       fib.close();                                          // the function's get() returns null
 *     }))));
 * }</pre>
 *
 * <p>Arguments are captured by the lambda (Java's closures stand for spool's {@code *args}).
 *
 * <p><b>A task.</b> The function runs as a task (a {@link Blocking} wire) of the scope it is
 * started in, so the scope waits for it, and cancelling the scope cancels it. On the default
 * {@link BlockingPool} unless a {@link Builder#executor(String) named executor} or another {@link
 * Executor} is given.
 *
 * <p><b>Cancellation.</b> {@link GoChannel#cancel()} (or the scope's) interrupts the function's
 * thread; from then on {@code get}, {@code poll} and {@code put} throw {@link InterruptedException}
 * (also when the close of the input wakes them first). Both channels close; the output ends
 * normally.
 *
 * <p><b>Errors.</b> What the function throws closes its output with that error: the wire side's
 * receive fails with a {@link ChannelClosedException} caused by it; the task fails with it too, but
 * it does not reach the scope (the channel carries it), unless the function had closed its output
 * already: then it surfaces like any unhandled task error.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>A function that reads until the end of its input runs until the wire {@linkplain
 *       GoChannel#close() closes} it, and the loop waits for it: close or cancel it when done.
 *   <li>{@code get} and {@code put} block: they are for the function's worker thread, never for a
 *       loop thread (refused there with an {@link IllegalStateException}).
 * </ul>
 */
public final class Go {
  private Go() {}

  /**
   * A function run by {@code go}.
   *
   * @param <I> what it receives from the wire
   * @param <O> what it sends back
   */
  @FunctionalInterface
  public interface Body<I, O> {
    /**
     * Runs on a worker thread; may block.
     *
     * @param self the function's end of its channel
     * @throws Exception to fail: the wire side's receive fails with it
     */
    void run(Self<I, O> self) throws Exception;
  }

  /**
   * The function's end of its channel (spool's {@code coroutine.self()}): blocking calls for its
   * worker thread.
   *
   * @param <I> what the function receives
   * @param <O> what it sends
   */
  public static final class Self<I, O> {
    private final ChannelImpl<I> input;
    private final ChannelImpl<O> output;
    private volatile Task cancelled;

    Self(ChannelImpl<I> input, ChannelImpl<O> output) {
      this.input = input;
      this.output = output;
    }

    /**
     * Takes the next value the wire sent, blocking while there is none.
     *
     * @return the value, or null once the wire has closed the input and it is drained
     * @throws InterruptedException if the task is cancelled (or the thread interrupted), before or
     *     while waiting
     */
    public I get() throws InterruptedException {
      checkCancelled();
      return notCancelled(input.take());
    }

    /**
     * Like {@link #get()}, waiting at most {@code timeout}.
     *
     * @param timeout zero or more
     * @return the value, or null if none came in time or at the end of the input
     * @throws InterruptedException if the task is cancelled, before or while waiting
     */
    public I poll(Duration timeout) throws InterruptedException {
      checkCancelled();
      return notCancelled(input.poll(timeout));
    }

    /**
     * Sends {@code value} to the wire, blocking while the output is full.
     *
     * @param value the value; not null
     * @throws InterruptedException if the task is cancelled, before or while waiting (nothing is sent)
     * @throws ChannelClosedException if the function closed its output ({@link #close()})
     */
    public void put(O value) throws InterruptedException {
      checkCancelled();
      try {
        output.put(value);
      } catch (ChannelClosedException closed) {
        checkCancelled();
        throw closed;
      }
    }

    /** The task was cancelled: from now on the blocking calls throw {@link InterruptedException}. */
    void cancelled(Task task) {
      cancelled = task;
    }

    private void checkCancelled() throws InterruptedException {
      Task t = cancelled;
      if (t != null) {
        throw new InterruptedException("task '" + t.name() + "' was cancelled");
      }
    }

    private I notCancelled(I value) throws InterruptedException {
      if (value == null) {
        checkCancelled(); // the input ended because the task was cancelled, not because the wire closed it
      }
      return value;
    }

    /**
     * Closes the output early: the wire sees its end once drained. Returning from the function
     * does the same. Idempotent.
     *
     * @return whether this call closed it
     */
    public boolean close() {
      return output.close();
    }

    /** @return whether the input is open: the wire has not closed it and the task runs (spool's {@code alive}) */
    public boolean isOpen() {
      return input.isOpen();
    }
  }

  /**
   * Starts {@code body} as a task of {@code scope} (use {@code loop.rootScope()} from plain code),
   * with channels of 16 values each way, on the default pool.
   *
   * @param scope where the function's task runs
   * @param body the function
   * @param <I> what the wire sends to the function
   * @param <O> what the function sends back
   * @return the wire's end of the channel
   */
  public static <I, O> GoChannel<I, O> go(Scope scope, Body<I, O> body) {
    return builder().go(scope, body);
  }

  /**
   * A wire that starts {@code body} beside the running task (same scope) and continues with {@code
   * then} applied to the wire's end of the channel.
   *
   * @param body the function
   * @param then makes the successor from the channel; null: done
   * @param <I> what the wire sends to the function
   * @param <O> what the function sends back
   * @return the wire
   */
  public static <I, O> Wire go(Body<I, O> body, Function<? super GoChannel<I, O>, ? extends Wire> then) {
    return builder().go(body, then);
  }

  /** @return a builder for a function with another capacity, executor or name */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts functions with {@code go}; reusable. */
  public static final class Builder {
    private int capacity = 16;
    private ExecutorRef executor = ExecutorRef.defaultPool();
    private String name = "go";

    private Builder() {}

    /**
     * @param capacity of each direction: zero (each send waits for the other side) or more; default 16
     * @return this builder
     */
    public Builder capacity(int capacity) {
      this.capacity = Checks.atLeast(capacity, 0, "capacity");
      return this;
    }

    /**
     * @param executor a name registered with {@link BlockingExecutors}, looked up at each start
     * @return this builder
     */
    public Builder executor(String executor) {
      this.executor = ExecutorRef.named(executor);
      return this;
    }

    /**
     * @param executor runs the function on a thread of its own
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = ExecutorRef.of(executor);
      return this;
    }

    /**
     * @param name the task's and channels' name; default {@code go}
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Checks.notBlank(name, "name");
      return this;
    }

    /**
     * {@link Go#go(Scope, Body)} with this builder's settings.
     *
     * @param scope where the function's task runs
     * @param body the function
     * @param <I> what the wire sends to the function
     * @param <O> what the function sends back
     * @return the wire's end of the channel
     */
    public <I, O> GoChannel<I, O> go(Scope scope, Body<I, O> body) {
      Checks.notNull(scope, "scope");
      Checks.notNull(body, "body");
      return start(body, scope::start);
    }

    /**
     * {@link Go#go(Body, Function)} with this builder's settings.
     *
     * @param body the function
     * @param then makes the successor from the channel
     * @param <I> what the wire sends to the function
     * @param <O> what the function sends back
     * @return the wire
     */
    public <I, O> Wire go(Body<I, O> body, Function<? super GoChannel<I, O>, ? extends Wire> then) {
      Checks.notNull(body, "body");
      Checks.notNull(then, "then");
      return Wire.defer(ctx -> {
        Wire next = then.apply(start(body, ctx::start));
        return next == null ? Wire.nothing() : next;
      });
    }

    /**
     * The channels close when the task ends, on its thread, however it ends: so a cancellation
     * always ends the output normally, whatever the interrupted function throws meanwhile. A
     * failure reaches the error handler first, which closes the output with it.
     */
    private <I, O> GoChannel<I, O> start(Body<I, O> body, BiFunction<Wire, WireErrorHandler, Task> starter) {
      ChannelImpl<I> in = new ChannelImpl<>(name + " input", capacity);
      ChannelImpl<O> out = new ChannelImpl<>(name + " output", capacity);
      Self<I, O> self = new Self<>(in, out);
      Wire work = new BlockingWire<>(executor, () -> {
        body.run(self);
        return null;
      }, null).named(name);
      Task task = starter.apply(work, (ctx, error) -> {
        in.close();
        if (!out.close(error)) {
          throw Rethrow.unchecked(error); // the function had closed its output: nobody would see it
        }
      });
      task.onEnd(t -> {
        if (t.state() == Task.State.CANCELLED) {
          self.cancelled(t); // before the close, so that a get() woken by it knows why
        }
        in.close();
        out.close(); // done, cancelled, or never started: the wire side sees the end
      });
      return new GoChannel<>(in, out, task);
    }
  }
}
