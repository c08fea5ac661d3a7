package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.EventCore;

/**
 * A flag that tasks can wait for (asyncio's and Trio's {@code Event}, asyncoro's {@code Event}):
 * {@link #set()} wakes every waiting task; while it is set, waits pass at once; {@link #clear()}
 * lowers it again.
 *
 * <pre>{@code
 * Event ready = Event.create();
 * loop.start(ready.await(Wire.call(() -> serve())));   // waits, holding no thread
 * loop.start(warmUp.then(Wire.call(ready::set)));
 * }</pre>
 *
 * <p><b>Cancellation.</b> A task cancelled while it waits leaves the queue at once.
 *
 * <p><b>Threading.</b> Every method may be called from any thread; waiters continue on their own
 * task's thread.
 */
public final class Event {
  private final EventCore core = new EventCore();

  private Event() {}

  /** @return a new event, not set */
  public static Event create() {
    return new Event();
  }

  /** Sets the flag and wakes every waiting task. Idempotent. */
  public void set() {
    core.set();
  }

  /** Lowers the flag: later waits wait for the next {@link #set()}. */
  public void clear() {
    core.clear();
  }

  /** @return whether the flag is set */
  public boolean isSet() {
    return core.isSet();
  }

  /** @return the number of tasks waiting now */
  public int waiting() {
    return core.waiting();
  }

  /**
   * A wire that waits (without a thread) until the flag is set, and is then done; at once if it is
   * set.
   *
   * @return the wire
   */
  public Wire await() {
    return core.await(null);
  }

  /**
   * Like {@link #await()}, continuing with {@code next}.
   *
   * @param next the successor
   * @return the wire
   */
  public Wire await(Wire next) {
    return core.await(Checks.notNull(next, "next"));
  }

  @Override
  public String toString() {
    return "Event[" + (isSet() ? "set" : "clear") + ", " + waiting() + " waiting]";
  }
}
