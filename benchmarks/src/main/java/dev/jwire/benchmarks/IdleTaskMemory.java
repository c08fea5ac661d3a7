package dev.jwire.benchmarks;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.StartSiteCapture;
import dev.jwire.engine.Wire;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Heap bytes per idle task: N tasks each suspended in a 10-minute sleep, measured as (used heap
 * after N starts − used heap before) / N, each "used heap" taken after repeated {@code
 * System.gc()} until it is stable. Not a throughput benchmark, so not JMH: a plain main.
 *
 * <p>Cases, one per JVM (the first argument selects it; the second is N, default 1,000,000):
 *
 * <ul>
 *   <li>{@code jwire}: {@code loop.start(Wire.sleep(10 min))} N times on a manual loop with the
 *       default {@link StartSiteCapture#CALLER}, then {@code loop.runUntilIdle()} so that every
 *       task has run its first step and sits in the loop's timer wheel, exactly as on a loop
 *       thread. A fresh {@code Wire.sleep} per task, as application code would write it.
 *   <li>{@code jwire-off}: the same with {@link StartSiteCapture#OFF}.
 *   <li>{@code jwire-off-shared}: OFF, and one {@code Wire.sleep} instance shared by all tasks
 *       (wires are immutable, so this is legal): the task alone.
 *   <li>{@code reactor}: {@code Mono.delay(Duration.ofMinutes(10)).subscribe()} N times (on
 *       Reactor's default {@code Schedulers.parallel()}), the {@code Disposable}s dropped.
 *   <li>{@code stpe}: {@code executor.schedule(noop, 10, MINUTES)} N times on a one-thread {@code
 *       ScheduledThreadPoolExecutor}, the futures dropped.
 * </ul>
 *
 * <p>The container (loop, scheduler, executor) is built and warmed with one task before the first
 * measurement, so only per-task memory, including each container's growth (timer structures,
 * queues), is counted. Run all cases, each in its own JVM:
 *
 * <pre>{@code
 * cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
 * benchmarks/run-memory.sh            # or: benchmarks/run-memory.sh 1000000
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.jwire.benchmarks.IdleTaskMemory jwire 1000000
 * }</pre>
 */
public final class IdleTaskMemory {
  private static final Duration SLEEP = Duration.ofMinutes(10);
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private IdleTaskMemory() {}

  /**
   * @param args {@code [case [N]]}: case is one of {@code jwire}, {@code jwire-off}, {@code
   *     jwire-off-shared}, {@code reactor}, {@code stpe} (default {@code jwire}); N defaults to
   *     1,000,000
   * @throws InterruptedException if interrupted while waiting for the heap to settle
   */
  public static void main(String[] args) throws InterruptedException {
    String which = args.length > 0 ? args[0] : "jwire";
    int n = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 1_000_000;
    if (n <= 0) {
      throw new IllegalArgumentException("N : " + n + " (expected: > 0)");
    }
    Case c = switch (which) {
      case "jwire" -> new JwireCase(StartSiteCapture.CALLER, false);
      case "jwire-off" -> new JwireCase(StartSiteCapture.OFF, false);
      case "jwire-off-shared" -> new JwireCase(StartSiteCapture.OFF, true);
      case "reactor" -> new ReactorCase();
      case "stpe" -> new StpeCase();
      default -> throw new IllegalArgumentException(
          "case : " + which + " (expected: jwire, jwire-off, jwire-off-shared, reactor or stpe)");
    };
    c.warmUp();
    long before = settledUsedHeap();
    long t0 = System.nanoTime();
    c.startIdle(n);
    long startNanos = System.nanoTime() - t0;
    long after = settledUsedHeap();
    long idle = c.idleCount();
    if (idle < n) {
      throw new IllegalStateException(which + ": only " + idle + " of " + n + " tasks are idle");
    }
    double perTask = (after - before) / (double) n;
    System.out.printf(
        Locale.ROOT,
        "case=%-16s N=%d bytes/task=%.1f heapBefore=%dKiB heapAfter=%dKiB start=%.0fns/task jvm=%s gc=%s%n",
        which,
        n,
        perTask,
        before / 1024,
        after / 1024,
        startNanos / (double) n,
        System.getProperty("java.version"),
        gcNames());
    c.close();
    Reference.reachabilityFence(c);
  }

  /** Used heap after full collections, repeated until two rounds agree within 0.1% (at most 10). */
  static long settledUsedHeap() throws InterruptedException {
    long previous = -1;
    long used = 0;
    for (int round = 0; round < 10; round++) {
      System.gc();
      Thread.sleep(100);
      used = MEMORY.getHeapMemoryUsage().getUsed();
      if (previous >= 0 && Math.abs(used - previous) <= previous / 1000) {
        break;
      }
      previous = used;
    }
    return used;
  }

  private static String gcNames() {
    StringBuilder sb = new StringBuilder();
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sb.append(sb.length() == 0 ? "" : "+").append(gc.getName().replace(' ', '_'));
    }
    return sb.toString();
  }

  /** One way of keeping N tasks idle. */
  interface Case extends AutoCloseable {
    /** Builds the container and parks one task in it, so one-time costs are outside the count. */
    void warmUp();

    /** Starts n idle tasks and returns when all of them wait in the container. */
    void startIdle(int n);

    /** @return how many tasks wait in the container now */
    long idleCount();

    @Override
    void close();
  }

  /** jwire on a manual loop: runUntilIdle() runs each task's first step, the sleep. */
  static final class JwireCase implements Case {
    private final StartSiteCapture capture;
    private final Wire shared;
    private EventLoop loop;

    JwireCase(StartSiteCapture capture, boolean shareWire) {
      this.capture = capture;
      this.shared = shareWire ? Wire.sleep(SLEEP) : null;
    }

    @Override
    public void warmUp() {
      loop = EventLoop.builder().name("idle").manual().startSites(capture).build();
      startIdle(1);
    }

    @Override
    public void startIdle(int n) {
      for (int i = 0; i < n; i++) {
        loop.start(shared != null ? shared : Wire.sleep(SLEEP));
      }
      loop.runUntilIdle();
    }

    @Override
    public long idleCount() {
      return loop.liveTasks() - 1; // the warm-up task
    }

    @Override
    public void close() {
      loop.cancelAll();
      loop.runUntilIdle();
      if (loop.liveTasks() != 0) {
        throw new IllegalStateException("tasks left after cancelAll(): " + loop.liveTasks());
      }
      loop.close();
    }
  }

  /** Reactor's Mono.delay on its default parallel scheduler. */
  static final class ReactorCase implements Case {
    private long pending;

    @Override
    public void warmUp() {
      Mono.delay(SLEEP).subscribe();
    }

    @Override
    public void startIdle(int n) {
      // Mono.delay queues its timer in a ScheduledThreadPoolExecutor of Schedulers.parallel()
      // synchronously, inside subscribe(); a rejected or failed timer would dispose the subscriber
      for (int i = 0; i < n; i++) {
        if (!Mono.delay(SLEEP).subscribe().isDisposed()) {
          pending++;
        }
      }
    }

    @Override
    public long idleCount() {
      return pending;
    }

    @Override
    public void close() {
      Schedulers.shutdownNow();
    }
  }

  /** A plain ScheduledThreadPoolExecutor. */
  static final class StpeCase implements Case {
    private static final Runnable NOOP = () -> {};
    private ScheduledThreadPoolExecutor executor;

    @Override
    public void warmUp() {
      executor = new ScheduledThreadPoolExecutor(1);
      executor.schedule(NOOP, 10, TimeUnit.MINUTES);
    }

    @Override
    public void startIdle(int n) {
      for (int i = 0; i < n; i++) {
        executor.schedule(NOOP, 10, TimeUnit.MINUTES);
      }
    }

    @Override
    public long idleCount() {
      return executor.getQueue().size() - 1L;
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
