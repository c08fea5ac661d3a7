package dev.jwire.engine.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import reactor.core.Disposable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A runnable scheduled on a loop thread through the loop's Reactor {@code Scheduler}: at once,
 * after a delay, or periodically. It is its own queue job and its own timer node.
 *
 * <p>A disposal from another thread is carried to the loop thread by queueing this node, so a
 * cancelled long timer leaves the heap at once instead of lingering until its deadline.
 */
final class ScheduledRun extends TimerNode implements Disposable {
  private static final int QUEUED = 0; // queued to run now, or to be added to the heap
  private static final int SCHEDULED = 1; // in the heap
  private static final int RUNNING = 2;
  private static final int DONE = 3; // ran (one-shot) or disposed
  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(ScheduledRun.class, "phase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LoopWorker worker;
  private final Runnable task;
  private final long periodNanos;
  private final Disposable.Composite parent;
  private long firstDeadline = Long.MIN_VALUE; // MIN_VALUE: run at once
  @SuppressWarnings("unused") // accessed through PHASE
  private volatile int phase = QUEUED;

  ScheduledRun(LoopWorker worker, Runnable task, long periodNanos, Disposable.Composite parent) {
    this.worker = worker;
    this.task = task;
    this.periodNanos = periodNanos;
    this.parent = parent;
  }

  /** Schedules to run at once. */
  ScheduledRun submit() {
    worker.execute(this);
    return this;
  }

  /** Schedules to run at {@code deadline} on the loop clock. */
  ScheduledRun submitAt(long deadline) {
    if (worker.inLoopThread()) {
      worker.timerArmedFromLoopThread();
      addToHeap(deadline);
    } else {
      firstDeadline = deadline;
      worker.execute(this);
    }
    return this;
  }

  private void addToHeap(long deadline) {
    if (PHASE.compareAndSet(this, QUEUED, SCHEDULED) || PHASE.compareAndSet(this, RUNNING, SCHEDULED)) {
      worker.timers.add(this, deadline);
    }
  }

  @Override
  public void runJob() {
    int p = (int) PHASE.getVolatile(this);
    if (p == DONE) {
      worker.timers.remove(this); // a disposal from another thread
      return;
    }
    if (p == QUEUED && firstDeadline != Long.MIN_VALUE) {
      long d = firstDeadline;
      firstDeadline = Long.MIN_VALUE;
      addToHeap(d);
      return;
    }
    runTask();
  }

  @Override
  void fire() {
    runTask();
  }

  private void runTask() {
    if (!PHASE.compareAndSet(this, QUEUED, RUNNING) && !PHASE.compareAndSet(this, SCHEDULED, RUNNING)) {
      return;
    }
    try {
      task.run();
    } catch (Throwable t) {
      Operators.onErrorDropped(t, Context.empty());
    }
    if (periodNanos > 0) {
      addToHeap(deadline + periodNanos);
    } else if (PHASE.compareAndSet(this, RUNNING, DONE) && parent != null) {
      parent.remove(this);
    }
  }

  @Override
  public void dispose() {
    int p = (int) PHASE.getAndSet(this, DONE);
    if (p == DONE) {
      return;
    }
    if (parent != null) {
      parent.remove(this);
    }
    if (p == SCHEDULED) {
      if (worker.inLoopThread()) {
        worker.timers.remove(this);
      } else {
        worker.execute(this);
      }
    }
  }

  @Override
  public boolean isDisposed() {
    return (int) PHASE.getVolatile(this) == DONE;
  }
}
