package dev.jwire.benchmarks;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Scope;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.Locale;

/**
 * Heap bytes per <em>queued</em> wire: N wires started in a scope whose one concurrency slot is
 * taken, so that every one of them waits, unstarted, for a slot. Measured like {@link
 * IdleTaskMemory}: (used heap after the N starts − used heap before) / N, each after repeated
 * {@code System.gc()} until stable. Then the scope is cancelled, and the probe checks that the
 * cancellation drops every queued wire and ends the task in the slot.
 *
 * <p>Setup: a manual loop ({@code EventLoop.builder().manual().build()}, default start sites),
 * {@code loop.openScope(ScopeOptions.defaults().maxConcurrency(1))}, and, before the first
 * measurement, two warm-up starts (one takes the slot and sleeps, one is queued, so that the
 * scope's queue exists). Each measured start is {@code scope.start(Wire.sleep(10 min))}.
 *
 * <p>Cases, one per JVM (the first argument; the second is N, default 1,000,000):
 *
 * <ul>
 *   <li>{@code shared}: one {@code Wire.sleep} instance for every start: the queued task alone.
 *   <li>{@code fresh}: a new {@code Wire.sleep} per start, as application code would write it.
 * </ul>
 *
 * <pre>{@code
 * cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
 * benchmarks/run-queued-memory.sh
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.jwire.benchmarks.QueuedWireMemory shared 1000000
 * }</pre>
 */
public final class QueuedWireMemory {
  private static final Duration SLEEP = Duration.ofMinutes(10);

  private QueuedWireMemory() {}

  /**
   * @param args {@code [case [N]]}: case is {@code shared} (default) or {@code fresh}; N defaults
   *     to 1,000,000
   * @throws InterruptedException if interrupted while waiting for the heap to settle
   */
  public static void main(String[] args) throws InterruptedException {
    String which = args.length > 0 ? args[0] : "shared";
    int n = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1_000_000;
    if (n <= 0) {
      throw new IllegalArgumentException("N : " + n + " (expected: > 0)");
    }
    boolean fresh = switch (which) {
      case "shared" -> false;
      case "fresh" -> true;
      default -> throw new IllegalArgumentException("case : " + which + " (expected: shared or fresh)");
    };
    Wire shared = Wire.sleep(SLEEP);

    EventLoop loop = EventLoop.builder().name("queued").manual().build();
    Scope scope = loop.openScope(ScopeOptions.defaults().named("queue").maxConcurrency(1));
    scope.start(Wire.sleep(SLEEP)); // takes the slot
    scope.start(Wire.sleep(SLEEP)); // the first queued wire: the queue exists from here on
    loop.runUntilIdle();

    long before = IdleTaskMemory.settledUsedHeap();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      scope.start(fresh ? Wire.sleep(SLEEP) : shared);
    }
    loop.runUntilIdle();
    long startNanos = System.nanoTime() - t0;
    long after = IdleTaskMemory.settledUsedHeap();

    Scope.Statistics s = scope.statistics();
    if (s.queued() != n + 1 || s.running() != 1) {
      throw new IllegalStateException(which + ": expected 1 running and " + (n + 1) + " queued, got " + s);
    }
    double perWire = (after - before) / (double) n;

    long c0 = System.nanoTime();
    scope.cancel();
    int jobs = loop.runUntilIdle();
    long cancelNanos = System.nanoTime() - c0;
    Scope.Statistics end = scope.statistics();
    boolean ended = end.running() == 0 && end.queued() == 0 && loop.liveTasks() == 0;

    System.out.printf(
        Locale.ROOT,
        "case=%-7s N=%d bytes/queued-wire=%.1f heapBefore=%dKiB heapAfter=%dKiB start=%.0fns/wire"
            + " cancel=%.1fms (jobs=%d) ended=%s scopeDone=%s jvm=%s%n",
        which,
        n,
        perWire,
        before / 1024,
        after / 1024,
        startNanos / (double) n,
        cancelNanos / 1e6,
        jobs,
        ended,
        scope.isDone(),
        System.getProperty("java.version"));
    if (!ended) {
      throw new IllegalStateException(
          which + ": after cancel() and runUntilIdle(): " + end + ", live tasks " + loop.liveTasks());
    }
  }
}
