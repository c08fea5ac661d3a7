package dev.jwire.wires.internal;

import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A flag and the tasks waiting for it to be set: the core of {@code Event}. {@link #set} takes
 * every waiter out under the monitor and resumes them outside it; a waiter cancelled meanwhile just
 * refuses (an event carries nothing that could be lost).
 */
public final class EventCore {
  private boolean set;
  private final WaitList waiters = new WaitList();

  /** Sets the flag and wakes every waiter. */
  public void set() {
    List<Waiter> woken;
    synchronized (this) {
      if (set) {
        return;
      }
      set = true;
      woken = new ArrayList<>(waiters.size());
      for (WaitNode n = waiters.poll(); n != null; n = waiters.poll()) {
        woken.add((Waiter) n);
      }
    }
    for (Waiter w : woken) {
      w.suspension.resume(Boolean.TRUE);
    }
  }

  /** Clears the flag: later waits wait again. */
  public synchronized void clear() {
    set = false;
  }

  /** @return whether the flag is set */
  public synchronized boolean isSet() {
    return set;
  }

  /** @return the tasks waiting now */
  public synchronized int waiting() {
    return waiters.size();
  }

  /**
   * @param next the successor, or null for done
   * @return a wire that continues with {@code next} once the flag is set (at once if it is)
   */
  public Wire await(Wire next) {
    return new AwaitWire(next);
  }

  private final class AwaitWire extends StepWire {
    private final Wire next;

    AwaitWire(Wire next) {
      this.next = next;
    }

    @Override
    public Wire step(TaskImpl task) throws Throwable {
      if (isSet()) {
        return next;
      }
      return task.suspend(new Waiter(next));
    }

    @Override
    public Mono<Wire> run(WireContext ctx) {
      return Wire.suspend(new Waiter(next)).run(ctx);
    }

    @Override
    public String name() {
      return "await event";
    }
  }

  private final class Waiter extends WaitNode {
    private final Wire next;
    private Suspension<Object> suspension;

    Waiter(Wire next) {
      this.next = next;
    }

    @Override
    public void suspend(WireContext ctx, Suspension<Object> s) {
      suspension = s;
      synchronized (EventCore.this) {
        if (!set) {
          waiters.add(this);
          return;
        }
      }
      s.resume(Boolean.TRUE);
    }

    @Override
    public Wire resumed(WireContext ctx, Object value) {
      return next;
    }

    @Override
    public void cancelled(Suspension<Object> s) {
      synchronized (EventCore.this) {
        waiters.remove(this);
      }
    }

    @Override
    public String name() {
      return "await event";
    }
  }
}
