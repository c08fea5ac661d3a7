package dev.jwire.wires;

import dev.jwire.engine.internal.Checks;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A {@link RestartListener} that keeps the most recent restarts in memory, oldest first: the
 * restart history of one or more supervisors, for a status page or a test.
 *
 * <pre>{@code
 * RestartLog log = RestartLog.create();
 * Wire pool = Supervisor.builder().child("worker", worker).onRestart(log).build();
 * ...
 * log.events().forEach(e -> System.out.println(e.at() + " " + e));
 * }</pre>
 *
 * <p><b>Threading.</b> Thread-safe: supervisors on any loop thread may record into one log while
 * other threads read it.
 */
public final class RestartLog implements RestartListener {
  private final int capacity;
  private final ArrayDeque<RestartEvent> events = new ArrayDeque<>();
  private long total;

  private RestartLog(int capacity) {
    this.capacity = capacity;
  }

  /** @return a log of the last 1,000 restarts */
  public static RestartLog create() {
    return withCapacity(1_000);
  }

  /**
   * @param capacity how many restarts to keep; older ones are dropped; at least 1
   * @return an empty log
   */
  public static RestartLog withCapacity(int capacity) {
    return new RestartLog(Checks.atLeast(capacity, 1, "capacity"));
  }

  @Override
  public synchronized void onRestart(RestartEvent event) {
    Checks.notNull(event, "event");
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(event);
    total++;
  }

  /** @return a snapshot of the kept restarts, oldest first */
  public synchronized List<RestartEvent> events() {
    return List.copyOf(events);
  }

  /** @return how many restarts were recorded, including those dropped for capacity */
  public synchronized long total() {
    return total;
  }

  /** @return how many restarts are kept at most */
  public int capacity() {
    return capacity;
  }
}
