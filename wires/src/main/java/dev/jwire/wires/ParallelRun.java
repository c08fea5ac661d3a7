package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.wires.internal.RunnerSlot;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * One run of a parallel wire: the inner machine's step runner, on pool threads.
 *
 * <h2>Design</h2>
 *
 * <p>A pass ({@link #run()}) is a job on the executor. It runs steps in a loop, like the engine's
 * trampoline: a step whose {@code Mono} is a constant or a {@code Callable} is taken at once, so
 * a synchronous chain of any length uses constant stack. After {@value #BUDGET} steps the pass
 * queues itself again, so that other jobs of the pool get their turn. A step with a truly
 * asynchronous {@code Mono} ends the pass: the thread goes back to the pool, and the completion,
 * on whatever thread it arrives, queues the next pass. Passes never overlap: the next one is
 * queued only by the pass itself, as its very last action, or by the completion of the step it
 * left waiting. So the inner machine, like a task, runs one step at a time and needs no locks.
 *
 * <p>Who wins between "completed while subscribing" and "completed later" is settled by one
 * compare-and-set, as in the engine's {@code AsyncStep}: the first is taken by the pass at once,
 * the second queues a new pass.
 *
 * <p><b>Cancellation.</b> Cancelling the outer subscription cancels the {@link RunnerSlot}: no
 * pass starts, the step running now is interrupted and its outcome dropped, and the asynchronous
 * step waited on is cancelled.
 */
final class ParallelRun implements Runnable {
  static final int BUDGET = 1024;
  private static final Wire STOP = ctx -> {
    throw new IllegalStateException("internal marker STOP must not be run");
  };

  private final WireContext ctx;
  private final ExecutorRef executor;
  private final MonoSink<Wire> sink;
  private final RunnerSlot slot = new RunnerSlot();
  private final String path;
  /** The wire the next pass starts with; handed from pass to pass through the executor. */
  private Wire next;
  private volatile AsyncStep waiting;

  ParallelRun(Wire first, WireContext ctx, ExecutorRef executor, MonoSink<Wire> sink) {
    this.next = first;
    this.executor = executor;
    this.sink = sink;
    this.path = ctx.path() + " > parallel";
    this.ctx = new ParallelContext(ctx, path, new PoolScheduler(ctx.scheduler(), executor, () -> path, this::fail));
  }

  /** Queues the first pass; on the loop thread, when the outer task subscribes. */
  void start() {
    sink.onCancel(this::cancel);
    submit();
  }

  private void submit() {
    Throwable refused = executor.submit(this, () -> path);
    if (refused != null) {
      fail(refused);
    }
  }

  /** Fails the wire from outside a pass (a refused hand-over or timer). */
  private void fail(Throwable error) {
    if (!slot.isCancelled()) {
      cancel();
      sink.error(error);
    }
  }

  private void cancel() {
    slot.cancel();
    AsyncStep w = waiting;
    if (w != null) {
      w.cancel();
    }
  }

  @Override
  public void run() {
    if (!slot.enter()) {
      return;
    }
    if (Schedulers.isInNonBlockingThread()) {
      if (slot.exit()) {
        sink.error(executor.ranOnNonBlockingThread());
      }
      return;
    }
    Wire w = next;
    next = null;
    try {
      w = runSteps(w);
    } catch (Throwable t) {
      if (slot.exit()) {
        sink.error(t);
      }
      return;
    }
    if (w != STOP && slot.exit()) {
      sink.success();
    }
  }

  /** @return null when the machine is done; {@link #STOP} when this pass has ended otherwise */
  @SuppressWarnings("unchecked")
  private Wire runSteps(Wire w) throws Throwable {
    int budget = BUDGET;
    while (w != null) {
      if (--budget < 0) {
        if (handOver(w)) {
          return STOP;
        }
        budget = BUDGET;
      }
      Mono<Wire> m = w.run(ctx);
      if (m == null) {
        throw new IllegalStateException(
            "wire '" + w.name() + "' returned null from run(ctx) in a parallel wire (expected: a Mono; return"
                + " Wire.done() to finish or Wire.next(successor) to continue)");
      }
      w = m instanceof Callable ? ((Callable<Wire>) m).call() : await(m);
      if (w == STOP) {
        return STOP;
      }
      if (slot.isCancelled()) {
        slot.exit();
        return STOP;
      }
    }
    return null;
  }

  /**
   * Queues the rest of the machine as a new pass.
   *
   * @return true if this pass must end; false to go on here (the executor refused the hand-over)
   */
  private boolean handOver(Wire w) {
    next = w;
    if (!slot.exit()) {
      return true; // cancelled
    }
    if (executor.submit(this, () -> path) == null) {
      return true;
    }
    return !slot.enter(); // refused: keep the thread rather than fail a long computation
  }

  /** @return the step's result if it completed during subscription, else {@link #STOP} */
  private Wire await(Mono<Wire> m) throws Throwable {
    AsyncStep step = new AsyncStep();
    waiting = step;
    m.subscribe(step);
    if (!slot.exit()) {
      step.cancel();
      return STOP;
    }
    if (step.suspend()) {
      return STOP; // the completion queues the next pass
    }
    if (!slot.enter()) {
      return STOP;
    }
    waiting = null;
    if (step.error != null) {
      throw step.error;
    }
    return step.value;
  }

  /** A step completed after its pass had ended; on the completing thread. */
  private void resume(AsyncStep step) {
    if (waiting != step || slot.isCancelled()) {
      return;
    }
    waiting = null;
    if (step.error != null) {
      sink.error(step.error);
    } else if (step.value == null) {
      sink.success();
    } else {
      next = step.value;
      submit();
    }
  }

  /** Waits for one asynchronous step. */
  private final class AsyncStep implements CoreSubscriber<Wire> {
    private static final int SUBSCRIBING = 0;
    private static final int WAITING = 1;
    private static final int TERMINATED = 2;
    private final AtomicInteger phase = new AtomicInteger(SUBSCRIBING);
    private volatile Subscription subscription;
    private volatile boolean cancelled;
    private boolean done;
    Wire value;
    Throwable error;

    @Override
    public void onSubscribe(Subscription s) {
      if (Operators.validate(subscription, s)) {
        subscription = s;
        if (cancelled) {
          s.cancel();
        } else {
          s.request(Long.MAX_VALUE);
        }
      }
    }

    @Override
    public void onNext(Wire w) {
      if (!done && value == null) {
        value = w;
      }
    }

    @Override
    public void onError(Throwable t) {
      if (done) {
        Operators.onErrorDropped(t, currentContext());
        return;
      }
      error = t;
      terminate();
    }

    @Override
    public void onComplete() {
      if (!done) {
        terminate();
      }
    }

    private void terminate() {
      done = true;
      if (!phase.compareAndSet(SUBSCRIBING, TERMINATED)) {
        phase.set(TERMINATED);
        resume(this);
      }
    }

    boolean suspend() {
      return phase.compareAndSet(SUBSCRIBING, WAITING);
    }

    void cancel() {
      cancelled = true;
      Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public Context currentContext() {
      return Context.empty();
    }
  }
}
