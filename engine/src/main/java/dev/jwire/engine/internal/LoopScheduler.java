package dev.jwire.engine.internal;

import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * One loop thread as a Reactor {@link Scheduler}: its thread and its (possibly virtual) clock.
 * {@code Mono.delay(d, scheduler)} becomes a timer in the loop's own heap and completes on the
 * loop thread. The loop owns its threads: disposing this view does nothing.
 */
public final class LoopScheduler implements Scheduler {
  private final LoopWorker worker;

  LoopScheduler(LoopWorker worker) {
    this.worker = worker;
  }

  @Override
  public Disposable schedule(Runnable task) {
    return new ScheduledRun(worker, Checks.notNull(task, "task"), 0, null).submit();
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    return schedule(task, delay, unit, null);
  }

  Disposable schedule(Runnable task, long delay, TimeUnit unit, Disposable.Composite parent) {
    ScheduledRun run = new ScheduledRun(worker, Checks.notNull(task, "task"), 0, parent);
    if (parent != null && !parent.add(run)) {
      return run;
    }
    return run.submitAt(deadline(delay, unit));
  }

  @Override
  public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
    return schedulePeriodically(task, initialDelay, period, unit, null);
  }

  Disposable schedulePeriodically(
      Runnable task, long initialDelay, long period, TimeUnit unit, Disposable.Composite parent) {
    Checks.argument(period > 0, "period : " + period + " (expected: > 0)");
    // a period beyond the loop's horizon would overflow the next deadline: it never comes round
    long periodNanos = Math.min(unit.toNanos(period), Long.MAX_VALUE / 4);
    ScheduledRun run = new ScheduledRun(worker, Checks.notNull(task, "task"), periodNanos, parent);
    if (parent != null && !parent.add(run)) {
      return run;
    }
    return run.submitAt(deadline(initialDelay, unit));
  }

  private long deadline(long delay, TimeUnit unit) {
    return worker.clock.nanoTime() + Math.min(Math.max(0, unit.toNanos(delay)), Long.MAX_VALUE / 4);
  }

  @Override
  public long now(TimeUnit unit) {
    java.time.Instant i = worker.clock.instant();
    return unit.convert(i.getEpochSecond(), TimeUnit.SECONDS) + unit.convert(i.getNano(), TimeUnit.NANOSECONDS);
  }

  @Override
  public Scheduler.Worker createWorker() {
    return new LoopWorkerView(this);
  }

  @Override
  public void dispose() {
    // the loop owns its threads; EventLoop.close() stops them
  }

  @Override
  public boolean isDisposed() {
    return worker.core.isClosed();
  }

  @Override
  public String toString() {
    return "LoopScheduler[" + worker.core.name + "#" + worker.index + "]";
  }

  /** A Reactor worker on the loop thread; disposing it cancels what it scheduled. */
  private static final class LoopWorkerView implements Scheduler.Worker {
    private final LoopScheduler scheduler;
    private final Disposable.Composite tasks = Disposables.composite();

    LoopWorkerView(LoopScheduler scheduler) {
      this.scheduler = scheduler;
    }

    @Override
    public Disposable schedule(Runnable task) {
      return scheduler.schedule(task, 0, TimeUnit.NANOSECONDS, tasks);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
      return scheduler.schedule(task, delay, unit, tasks);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
      return scheduler.schedulePeriodically(task, initialDelay, period, unit, tasks);
    }

    @Override
    public void dispose() {
      tasks.dispose();
    }

    @Override
    public boolean isDisposed() {
      return tasks.isDisposed();
    }
  }
}
