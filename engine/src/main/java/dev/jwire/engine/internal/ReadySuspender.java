package dev.jwire.engine.internal;

import dev.jwire.engine.Suspender;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import java.nio.channels.SelectableChannel;
import java.util.function.IntFunction;

/** Waits until a channel is ready for some operations, on the waiting task's loop-thread selector. */
public final class ReadySuspender extends Suspender<Integer> {
  private final SelectableChannel channel;
  private final int ops;
  private final IntFunction<? extends Wire> then;
  private final long timeoutNanos;

  /**
   * @param channel the channel
   * @param ops the {@code SelectionKey} operations to wait for, valid for the channel
   * @param timeoutNanos how long to wait at most (then {@code then} gets 0); negative: no limit
   * @param then gets the ready operations; returns the successor
   */
  public ReadySuspender(SelectableChannel channel, int ops, long timeoutNanos, IntFunction<? extends Wire> then) {
    this.timeoutNanos = timeoutNanos;
    this.channel = Checks.notNull(channel, "channel");
    this.then = Checks.notNull(then, "then");
    if (ops == 0 || (ops & ~channel.validOps()) != 0) {
      throw new IllegalArgumentException(
          "ops : " + IoSelector.describe(ops) + " (" + ops + ") (expected: a non-empty subset of "
              + IoSelector.describe(channel.validOps()) + ", the operations " + channel.getClass().getSimpleName()
              + " supports)");
    }
    this.ops = ops;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void suspend(WireContext ctx, Suspension<Integer> suspension) throws java.io.IOException {
    TaskImpl task = (TaskImpl) ctx;
    if (task.worker.core.config().executor() != null) {
      throw new IllegalStateException(
          "waiting on channel readiness needs a loop that runs its own threads (or a manual loop):"
              + " this loop runs on an executor, which cannot wait in a selector");
    }
    task.worker.io.await(channel, ops, (SuspendWait<Integer>) suspension, timeoutNanos);
  }

  @Override
  public Wire resumed(WireContext ctx, Integer readyOps) {
    return then.apply(readyOps);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void cancelled(Suspension<Integer> suspension) {
    SuspendWait<Integer> wait = (SuspendWait<Integer>) suspension;
    wait.task.worker.io.forget(channel, wait);
  }

  @Override
  public boolean waitsOnOutside() {
    return true;
  }

  @Override
  public String name() {
    return "await " + IoSelector.describe(ops);
  }
}
