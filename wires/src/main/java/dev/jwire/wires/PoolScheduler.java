package dev.jwire.wires;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * The {@code scheduler()} of a parallel wire's inner steps: the loop's clock and timers (so
 * virtual time holds), but what is scheduled runs on the parallel wire's executor, not on the loop
 * thread. So {@code Mono.delay(d, ctx.scheduler())}, {@code Wire.sleep(d)} and the Reactor chains
 * built by combinators continue on a worker thread.
 *
 * <p>A job the executor refuses fails the parallel wire ({@code onRefused}) instead of running on
 * the loop thread. Disposing this scheduler does nothing.
 */
final class PoolScheduler implements Scheduler {
  private final Scheduler loop;
  private final ExecutorRef executor;
  private final Supplier<String> path;
  private final Consumer<Throwable> onRefused;

  PoolScheduler(Scheduler loop, ExecutorRef executor, Supplier<String> path, Consumer<Throwable> onRefused) {
    this.loop = loop;
    this.executor = executor;
    this.path = path;
    this.onRefused = onRefused;
  }

  @Override
  public Disposable schedule(Runnable task) {
    return schedule(task, null);
  }

  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    return schedule(task, delay, unit, null);
  }

  @Override
  public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
    return schedulePeriodically(task, initialDelay, period, unit, null);
  }

  Disposable schedule(Runnable task, Disposable.Composite parent) {
    Hop hop = new Hop(task, parent, false);
    hop.submit();
    return hop;
  }

  Disposable schedule(Runnable task, long delay, TimeUnit unit, Disposable.Composite parent) {
    Hop hop = new Hop(task, parent, false);
    hop.timer = loop.schedule(hop::submit, delay, unit);
    return hop;
  }

  Disposable schedulePeriodically(
      Runnable task, long initialDelay, long period, TimeUnit unit, Disposable.Composite parent) {
    Hop hop = new Hop(task, parent, true);
    hop.timer = loop.schedulePeriodically(hop::submit, initialDelay, period, unit);
    return hop;
  }

  @Override
  public long now(TimeUnit unit) {
    return loop.now(unit);
  }

  @Override
  public Worker createWorker() {
    return new HopWorker();
  }

  @Override
  public void dispose() {
    // the loop and the executor are owned elsewhere
  }

  @Override
  public boolean isDisposed() {
    return loop.isDisposed();
  }

  @Override
  public String toString() {
    return "PoolScheduler[" + loop + " -> " + executor + "]";
  }

  /** One scheduled task: fired by the loop's timer, run on the executor. */
  private final class Hop implements Disposable, Runnable {
    private final Runnable task;
    private final Disposable.Composite parent;
    private final boolean periodic;
    volatile Disposable timer;
    private volatile boolean disposed;

    Hop(Runnable task, Disposable.Composite parent, boolean periodic) {
      this.task = task;
      this.parent = parent;
      this.periodic = periodic;
      if (parent != null && !parent.add(this)) {
        disposed = true;
      }
    }

    void submit() {
      if (disposed) {
        return;
      }
      Throwable refused = executor.submit(this, path);
      if (refused != null) {
        dispose();
        onRefused.accept(refused);
      }
    }

    @Override
    public void run() {
      if (disposed) {
        return;
      }
      try {
        task.run();
      } finally {
        if (!periodic && parent != null) {
          parent.remove(this);
        }
      }
    }

    @Override
    public void dispose() {
      disposed = true;
      Disposable t = timer;
      if (t != null) {
        t.dispose();
      }
      if (parent != null) {
        parent.remove(this);
      }
    }

    @Override
    public boolean isDisposed() {
      return disposed;
    }
  }

  /** A Reactor worker over this scheduler; disposing it cancels what it scheduled. */
  private final class HopWorker implements Worker {
    private final Disposable.Composite tasks = Disposables.composite();

    @Override
    public Disposable schedule(Runnable task) {
      return PoolScheduler.this.schedule(task, tasks);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
      return PoolScheduler.this.schedule(task, delay, unit, tasks);
    }

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
      return PoolScheduler.this.schedulePeriodically(task, initialDelay, period, unit, tasks);
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
