package dev.jwire.wires.internal;

import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Permits and a FIFO of tasks waiting for one: the core of {@code Semaphore}, {@code Lock} and
 * {@code Condition}.
 *
 * <p>Invariant, under this object's monitor: tasks wait only while no permit is free, so a freed
 * permit goes straight to the first waiter (handed over outside the monitor). If that task was
 * cancelled in the meantime, the permit passes on to the next waiter; a permit granted to a task
 * that is cancelled before it runs comes back through {@link Waiter#undelivered} and passes on the
 * same way. No permit is ever leaked.
 *
 * <p>The task that took the last permit is recorded as its owner (for a lock: re-entry detection,
 * {@code Condition.await}, {@code withLock}). Condition queues live under the same monitor, so
 * moving a waiter from a condition to the permit queue is one atomic step.
 */
public final class PermitQueue {
  private static final Object GRANTED = new Object();

  private int permits;
  private final WaitList waiters = new WaitList();
  private Task owner;

  /** @param permits the initial number of permits */
  public PermitQueue(int permits) {
    this.permits = permits;
  }

  /**
   * @param owner the task taking it, or null
   * @return whether a permit was free (and is now taken)
   */
  public synchronized boolean tryTake(Task owner) {
    if (permits > 0) {
      permits--;
      this.owner = owner;
      return true;
    }
    return false;
  }

  /** Gives a permit back: to the first waiter that can still take it, else to the pool. */
  public void give() {
    Waiter w;
    synchronized (this) {
      w = grantNextLocked();
    }
    handOver(w);
  }

  /**
   * Gives back the one permit of a lock.
   *
   * @param what the primitive, for the message
   * @throws IllegalStateException if it is not taken
   */
  public void giveTaken(String what) {
    Waiter w;
    synchronized (this) {
      if (permits > 0) {
        throw new IllegalStateException("release of " + what + " that is not held");
      }
      w = grantNextLocked();
    }
    handOver(w);
  }

  private void handOver(Waiter w) {
    while (w != null && !w.grant()) {
      synchronized (this) { // that task was cancelled meanwhile: on to the next
        w = grantNextLocked();
      }
    }
  }

  /** Under the monitor: the waiter that now owns the freed permit, or null (back to the pool). */
  private Waiter grantNextLocked() {
    Waiter w = (Waiter) waiters.poll();
    owner = w == null ? null : w.task;
    if (w == null) {
      permits++;
    }
    return w;
  }

  /**
   * Gives the permit back if {@code task} still holds it (it took the last one and none is free).
   *
   * @param task the task, or null (then nothing happens)
   * @return whether it did
   */
  public boolean giveIfOwner(Task task) {
    synchronized (this) {
      if (task == null || owner != task || permits > 0) {
        return false;
      }
    }
    give();
    return true;
  }

  /** @return the permits free now */
  public synchronized int available() {
    return permits;
  }

  /** @return the tasks waiting for a permit now */
  public synchronized int waiting() {
    return waiters.size();
  }

  /** @return the task that took the last permit, or null (taken from plain code, or free) */
  public synchronized Task owner() {
    return owner;
  }

  // ---------------------------------------------------------------------------------------------
  // Conditions

  /** @return a new queue of tasks waiting for a signal, guarded by this permit queue's monitor */
  public WaitList newConditionQueue() {
    return new WaitList();
  }

  /**
   * A wire for {@code Condition.await}: checks that the task holds the permit, parks it on {@code
   * condition} and gives the permit back, atomically; a signal later moves it to the permit queue.
   *
   * @param condition the condition's queue
   * @param next the successor, run holding the permit again
   * @param name the wire's name, also used in messages
   * @return the wire
   */
  public Wire awaitSignal(WaitList condition, Wire next, String name) {
    return new AcquireWire(next, null, name, condition);
  }

  /**
   * Moves up to {@code n} waiters from {@code condition} to the permit queue (granting the permit
   * at once to the first if it is free).
   *
   * @param condition the condition's queue
   * @param n the most to wake
   * @return how many were woken
   */
  public int signal(WaitList condition, int n) {
    List<Waiter> granted = new ArrayList<>(1);
    int moved = 0;
    synchronized (this) {
      for (; moved < n; moved++) {
        Waiter w = (Waiter) condition.poll();
        if (w == null) {
          break;
        }
        if (permits > 0) {
          permits--;
          owner = w.task;
          granted.add(w);
        } else {
          waiters.add(w);
        }
      }
    }
    for (Waiter w : granted) {
      if (!w.grant()) {
        give();
      }
    }
    return moved;
  }

  /**
   * @param condition the condition's queue
   * @return the tasks waiting on it
   */
  public synchronized int waiting(WaitList condition) {
    return condition.size();
  }

  // ---------------------------------------------------------------------------------------------
  // Wires

  /**
   * A wire that waits for a permit, then continues with {@code next}.
   *
   * @param next the successor, or null for done
   * @param reentryCheck whether a task that holds the permit already fails instead of waiting
   * @param name the wire's name, also used in messages
   * @return the wire
   */
  public Wire acquire(Wire next, boolean reentryCheck, String name) {
    return new AcquireWire(next, reentryCheck ? name : null, name, null);
  }

  /**
   * A wire that takes a permit, runs {@code body}'s whole chain in a nested scope, and gives the
   * permit back when that scope ends, however it ends.
   *
   * @param body the wire to run holding the permit
   * @param lock true for a lock: the permit is given back only if the scope's task still owns it (a
   *     {@code Condition.await} cancelled in between had given it up); false for a semaphore: the
   *     permit taken is given back
   * @param name the scope's and wire's name
   * @return the wire
   */
  public Wire withPermit(Wire body, boolean lock, String name) {
    return Wire.scope(ScopeOptions.defaults().named(name), s -> {
      Holder h = s.bind(new Holder(lock));
      s.start(new AcquireWire(body, lock ? name : null, name, null).onGranted(h));
    });
  }

  /** Gives back the permit a {@code withPermit} scope took, when the scope ends. */
  private final class Holder implements AutoCloseable, Consumer<Task> {
    private final boolean lock;
    private volatile Task task;

    Holder(boolean lock) {
      this.lock = lock;
    }

    @Override
    public void accept(Task t) {
      task = t;
    }

    @Override
    public void close() {
      Task t = task;
      if (lock) {
        giveIfOwner(t);
      } else if (t != null) {
        give();
      }
    }
  }

  /** Waits for a permit (or, with a condition, for a signal and then the permit). */
  private final class AcquireWire extends StepWire {
    private final Wire next;
    private final String reentryName;
    private final String name;
    private final WaitList condition;
    private Consumer<Task> onGranted;

    AcquireWire(Wire next, String reentryName, String name, WaitList condition) {
      this.next = next;
      this.reentryName = reentryName;
      this.name = name;
      this.condition = condition;
    }

    AcquireWire onGranted(Consumer<Task> hook) {
      this.onGranted = hook;
      return this;
    }

    @Override
    public Wire step(TaskImpl task) throws Throwable {
      return task.suspend(new Waiter(this, task));
    }

    @Override
    public Mono<Wire> run(WireContext ctx) {
      return Wire.suspend(new Waiter(this, ctx.task())).run(ctx);
    }

    @Override
    public String name() {
      return name;
    }
  }

  /** One task's wait: the queue node and the suspender of the wait. */
  private final class Waiter extends WaitNode {
    private final AcquireWire wire;
    final Task task;
    private Suspension<Object> suspension;

    Waiter(AcquireWire wire, Task task) {
      this.wire = wire;
      this.task = task;
    }

    /** @return whether the task took the permit; false if it had been cancelled */
    boolean grant() {
      return suspension.resume(GRANTED);
    }

    @Override
    public void suspend(WireContext ctx, Suspension<Object> s) {
      suspension = s;
      Waiter now = null;
      synchronized (PermitQueue.this) {
        if (wire.condition != null) {
          if (owner != task || permits > 0) {
            throw new IllegalStateException(
                wire.name + " needs the lock held by this task ('" + task.name() + "'): await inside withLock");
          }
          wire.condition.add(this);
          now = grantNextLocked(); // gives the lock up while this task waits for the signal
        } else if (wire.reentryName != null && permits == 0 && owner == task) {
          throw new IllegalStateException(
              wire.reentryName + " is already held by task '" + task.name() + "': jwire locks are not reentrant");
        } else if (permits > 0) {
          permits--;
          owner = task;
          s.resume(GRANTED);
          return;
        } else {
          waiters.add(this);
          return;
        }
      }
      if (now != null && !now.grant()) {
        give();
      }
    }

    @Override
    public Wire resumed(WireContext ctx, Object granted) {
      if (wire.onGranted != null) {
        wire.onGranted.accept(task);
      }
      return wire.next;
    }

    @Override
    public void cancelled(Suspension<Object> s) {
      synchronized (PermitQueue.this) {
        if (qList != null) {
          qList.remove(this);
        }
      }
    }

    @Override
    public void undelivered(Object granted) {
      give(); // granted to a task cancelled before it ran: pass it on
    }

    @Override
    public String name() {
      return wire.name;
    }
  }
}
