package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.wires.internal.RunnerSlot;
import java.util.concurrent.Callable;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * {@code Blocking.call(work, then)}: see {@link Blocking#call(Callable, Function)}.
 *
 * <p>The step subscribes to a {@code Mono} that hands the work to the executor; the task waits
 * without holding its loop thread. The job delivers either the work's error, or a synchronous
 * continuation wire that applies {@code then} to the result, which the runner then runs on the
 * task's own thread. Cancelling the subscription cancels the job's {@link RunnerSlot}: a queued
 * job never runs, a running one is interrupted, and its outcome is dropped.
 *
 * @param <T> the work's result type
 */
final class BlockingWire<T> implements Wire {
  private final ExecutorRef executor;
  private final Callable<? extends T> work;
  private final Function<? super T, ? extends Wire> then;

  /**
   * @param then the continuation, or null to be done when the work is
   */
  BlockingWire(ExecutorRef executor, Callable<? extends T> work, Function<? super T, ? extends Wire> then) {
    this.executor = executor;
    this.work = work;
    this.then = then;
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.create(sink -> {
      Job job = new Job(sink);
      sink.onCancel(job.slot::cancel);
      Throwable refused = executor.submit(job, ctx::path);
      if (refused != null) {
        sink.error(refused);
      }
    });
  }

  @Override
  public String name() {
    return "blocking";
  }

  @Override
  public String toString() {
    return "blocking(" + work + " on " + executor + ")";
  }

  /** The work as the executor sees it. */
  private final class Job implements Runnable {
    final RunnerSlot slot = new RunnerSlot();
    private final MonoSink<Wire> sink;

    Job(MonoSink<Wire> sink) {
      this.sink = sink;
    }

    @Override
    public void run() {
      if (!slot.enter()) {
        return; // cancelled while queued
      }
      if (Schedulers.isInNonBlockingThread()) {
        if (slot.exit()) {
          sink.error(executor.ranOnNonBlockingThread());
        }
        return;
      }
      T result = null;
      Throwable error = null;
      try {
        result = work.call();
      } catch (Throwable t) {
        error = t;
      }
      if (!slot.exit()) {
        return; // cancelled while running: nobody waits for the outcome
      }
      if (error != null) {
        sink.error(error);
      } else {
        sink.success(then == null ? null : continuation(result));
      }
    }

    private Wire continuation(T result) {
      return Wire.sync(ctx -> then.apply(result));
    }
  }
}
