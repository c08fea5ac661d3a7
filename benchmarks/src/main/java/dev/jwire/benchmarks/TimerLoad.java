package dev.jwire.benchmarks;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.StartSiteCapture;
import dev.jwire.engine.SyncState;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Timer load: W wires (default 100,000), each sleeping a uniformly jittered 9–11 ms and looping,
 * for a measured window of wall time after a warm-up. Not JMH: a plain {@code main} load
 * generator, one case per JVM.
 *
 * <p>Each wire remembers the deadline it intended (the time it read when it chose its delay, plus
 * the delay) and, when it wakes, records its <em>lateness</em> = the time it reads on waking −
 * that deadline, in microseconds, into an HdrHistogram of its thread (3 significant digits, up to
 * 60 s). The next delay is measured from the wake-up, so lateness lowers the offered load: with
 * no lateness at all, W wires make W / 10 ms fires per second (10 M/s for 100,000).
 *
 * <p>Cases (the first argument):
 *
 * <ul>
 *   <li>{@code jwire}: {@code EventLoop.create()} (one loop thread). Each wire is one task whose
 *       state is a {@link SyncState} object, the ticker itself: {@code step(ctx) { record; d =
 *       jitter; deadline = loop.nanoTime() + d; return Wire.sleep(Duration.ofNanos(d)).then(this); }}.
 *       {@code sleep(d).then(next)} is one fused wire, so each fire allocates one 24 B object.
 *   <li>{@code jwire-2}: the same on {@code EventLoop.builder().threads(2)}; the wires are spread
 *       round robin over the two loop threads.
 *   <li>{@code jwire-lambda}, {@code jwire-lambda-2}: the same loop with its state as a lambda,
 *       {@code Wire.sync(this::wake)}: a wake-up reads two more objects (the wire and the method
 *       reference) on its way to the ticker's fields.
 *   <li>{@code reactor}: {@code Mono.delay(d)} on Reactor's default {@code Schedulers.parallel()}
 *       (one worker per core); each wire subscribes its next delay from the completion callback.
 *   <li>{@code stpe}, {@code stpe-1}: a {@code ScheduledThreadPoolExecutor} with 2 (1) threads;
 *       each wire is a {@code Runnable} that reschedules itself.
 *   <li>{@code ref-heap}, {@code ref-heap4}, {@code ref-wheel}: references, not jwire: bare timer
 *       queues on one thread of their own with the same wire logic ({@link ReferenceTimers}): jwire's
 *       binary-heap algorithm alone, a 4-ary heap with inline keys, a hashed wheel with 1 ms ticks.
 * </ul>
 *
 * <p>Each wire starts with a random first delay in [0, 10 ms), so the fires are spread over time
 * from the start. One {@code System.gc()} after the starts moves every case's long-lived objects
 * (tasks, timer nodes, queues) to the old generation, where they would be in a long-running
 * program; without it, a case that allocates nothing per fire keeps them in the young generation
 * for the whole run and skips the GC's card-marking work on every reference store. Recording happens only while the window is open; at its end every recording
 * thread acknowledges the end (a volatile write after its last record), and the main thread reads
 * the histograms after all acknowledged.
 *
 * <pre>{@code
 * cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
 * benchmarks/run-timers.sh                      # every case, each in its own JVM
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar dev.jwire.benchmarks.TimerLoad jwire 100000 5 2
 * }</pre>
 */
public final class TimerLoad {
  /** Jitter range: a uniformly distributed delay in [MIN_DELAY, MAX_DELAY] nanoseconds. */
  static final long MIN_DELAY = 9_000_000L;

  static final long MAX_DELAY = 11_000_000L;
  private static final long FIRST_DELAY_SPREAD = 10_000_000L;

  private TimerLoad() {}

  /**
   * @param args {@code [case [wires [seconds [warmupSeconds]]]]}; defaults {@code jwire 100000 5 2}
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    String which = args.length > 0 ? args[0] : "jwire";
    int wires = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 100_000;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 2;
    if (wires <= 0 || seconds <= 0 || warmup < 0) {
      throw new IllegalArgumentException(
          "wires : " + wires + ", seconds : " + seconds + ", warmup : " + warmup
              + " (expected: wires > 0, seconds > 0, warmup >= 0)");
    }
    Case c = switch (which) {
      case "jwire" -> new JwireCase(1, false);
      case "jwire-2" -> new JwireCase(2, false);
      case "jwire-lambda" -> new JwireCase(1, true);
      case "jwire-lambda-2" -> new JwireCase(2, true);
      case "reactor" -> new ReactorCase();
      case "stpe" -> new StpeCase(2);
      case "stpe-1" -> new StpeCase(1);
      case "ref-heap" -> new ReferenceCase(new ReferenceTimers.PointerHeap());
      case "ref-heap4" -> new ReferenceCase(new ReferenceTimers.InlineHeap());
      case "ref-wheel" -> new ReferenceCase(new ReferenceTimers.Wheel(1_000_000L, 1024));
      default -> experimentalCase(which);
    };

    Lateness stats = new Lateness();
    c.start(wires, stats);
    System.gc(); // every case's long-lived timer objects start out in the old generation
    sleepSeconds(warmup);

    long gcCount0 = gcCount();
    long gcMillis0 = gcMillis();
    long cpu0 = processCpuNanos();
    long[] machine0 = machineTicks();
    long t0 = System.nanoTime();
    stats.open();
    sleepSeconds(seconds);
    stats.close();
    long window = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    long[] machine1 = machineTicks();
    long gcCount = gcCount() - gcCount0;
    long gcMillis = gcMillis() - gcMillis0;
    int unacknowledged = stats.awaitAcknowledged(2_000_000_000L);

    Histogram h = stats.merged();
    double secs = window / 1e9;
    // the machine's busy time over the window, in cores, less this process's: other load
    double others = Double.NaN;
    if (machine0 != null && machine1 != null && machine1[1] > machine0[1]) {
      double busyCores = (machine1[0] - machine0[0]) / (double) (machine1[1] - machine0[1])
          * Runtime.getRuntime().availableProcessors();
      others = Math.max(0, busyCores - cpu / (double) window);
    }
    System.out.printf(
        Locale.ROOT,
        "case=%-8s wires=%d window=%.2fs fires=%d fires/s=%.3fM lateness_us: p50=%d p90=%d p99=%d p99.9=%d"
            + " max=%d mean=%.0f cpu=%.0f%% others=%.0f%% gc=%d/%dms jvm=%s%s%n",
        which,
        wires,
        secs,
        h.getTotalCount(),
        h.getTotalCount() / secs / 1e6,
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue(),
        h.getMean(),
        100.0 * cpu / window,
        100.0 * others,
        gcCount,
        gcMillis,
        System.getProperty("java.version"),
        unacknowledged == 0 ? "" : " WARNING: " + unacknowledged + " recording threads did not acknowledge");
    c.stop();
    System.exit(0); // the reactor and stpe cases leave non-daemon machinery behind
  }

  /**
   * For engine experiments: a class name instead of a case name loads that class, which must
   * implement {@link Case} and have a public no-argument constructor (put it on the class path
   * ahead of the jar, in this package).
   */
  private static Case experimentalCase(String which) {
    if (which.indexOf('.') < 0) {
      throw new IllegalArgumentException(
          "case : " + which
              + " (expected: jwire, jwire-2, jwire-lambda, jwire-lambda-2, reactor, stpe, stpe-1, ref-heap, ref-heap4, ref-wheel"
              + " or the name of a class implementing TimerLoad.Case)");
    }
    try {
      return (Case) Class.forName(which).getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException("case : " + which + " (expected: a TimerLoad.Case class)", e);
    }
  }

  static long jitter() {
    return ThreadLocalRandom.current().nextLong(MIN_DELAY, MAX_DELAY + 1);
  }

  static long firstDelay() {
    return ThreadLocalRandom.current().nextLong(FIRST_DELAY_SPREAD);
  }

  private static void sleepSeconds(double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 100)));
    }
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long gcMillis() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionTime());
    }
    return n;
  }

  /** @return {busy, total} jiffies of all CPUs from /proc/stat, or null where there is none */
  private static long[] machineTicks() {
    try {
      String cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
      String[] f = cpu.trim().split("\\s+");
      long total = 0;
      long idle = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
        long v = Long.parseLong(f[i]);
        total += v;
        if (i == 4 || i == 5) {
          idle += v;
        }
      }
      return new long[] {total - idle, total};
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  // -----------------------------------------------------------------------------------------------
  // Lateness recording: one histogram per recording thread, no sharing on the hot path

  /** Lateness histograms, one per thread that records, with a window that opens and closes. */
  static final class Lateness {
    private static final long HIGHEST_MICROS = 60_000_000L;
    private static final int CLOSED_BEFORE = 0;
    private static final int OPEN = 1;
    private static final int CLOSED_AFTER = 2;

    private volatile int phase = CLOSED_BEFORE;
    private final ConcurrentLinkedQueue<PerThread> threads = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<PerThread> local =
        ThreadLocal.withInitial(() -> {
          PerThread p = new PerThread();
          threads.add(p);
          return p;
        });

    /** One thread's histogram; written by that thread only. */
    static final class PerThread {
      final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
      volatile boolean acknowledged;
    }

    void open() {
      phase = OPEN;
    }

    void close() {
      phase = CLOSED_AFTER;
    }

    /** Records one fire that woke {@code latenessNanos} after its intended deadline. */
    void record(long latenessNanos) {
      int p = phase;
      if (p == OPEN) {
        long micros = Math.max(0, latenessNanos) / 1000;
        local.get().histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
      } else if (p == CLOSED_AFTER) {
        PerThread t = local.get();
        if (!t.acknowledged) {
          t.acknowledged = true; // publishes this thread's records to the main thread
        }
      }
    }

    /** @return how many recording threads have not acknowledged the end after {@code nanos} */
    int awaitAcknowledged(long nanos) {
      long end = System.nanoTime() + nanos;
      for (; ; ) {
        int missing = 0;
        for (PerThread t : threads) {
          if (!t.acknowledged) {
            missing++;
          }
        }
        if (missing == 0 || System.nanoTime() - end > 0) {
          return missing;
        }
        LockSupport.parkNanos(1_000_000);
      }
    }

    Histogram merged() {
      Histogram all = new Histogram(HIGHEST_MICROS, 3);
      for (PerThread t : threads) {
        all.add(t.histogram);
      }
      return all;
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Cases

  /** One way of running W self-rescheduling timers. */
  interface Case {
    /** Starts {@code wires} timer loops recording into {@code stats}; returns once all are started. */
    void start(int wires, Lateness stats);

    /** Stops them (best effort; the JVM exits next). */
    void stop();
  }

  /** jwire: one task per wire, on a loop with one or two threads of its own. */
  static final class JwireCase implements Case {
    private final int threads;
    private final boolean lambda;
    private EventLoop loop;

    JwireCase(int threads, boolean lambda) {
      this.threads = threads;
      this.lambda = lambda;
    }

    @Override
    public void start(int wires, Lateness stats) {
      loop = EventLoop.builder().name("timers").threads(threads).startSites(StartSiteCapture.OFF).build();
      for (int i = 0; i < wires; i++) {
        long delay = firstDelay();
        loop.start(lambda ? new JwireLambdaTicker(loop, stats).first(delay) : new JwireTicker(loop, stats).first(delay));
      }
    }

    @Override
    public void stop() {
      loop.cancelAll();
      loop.close();
    }
  }

  /** A jwire timer loop's fields and logic, shared by the two ways of writing its state. */
  abstract static class LoopTicker {
    private final EventLoop loop;
    private final Lateness stats;
    private long deadline;

    LoopTicker(EventLoop loop, Lateness stats) {
      this.loop = loop;
      this.stats = stats;
    }

    /** Remembers the deadline of a first sleep of {@code delay}; returns it. */
    final long arm(long delay) {
      deadline = loop.nanoTime() + delay;
      return delay;
    }

    /** Records the lateness of this wake-up, picks the next delay and remembers its deadline. */
    final long wake() {
      long now = loop.nanoTime();
      stats.record(now - deadline);
      long d = jitter();
      deadline = now + d;
      return d;
    }
  }

  /**
   * One jwire timer loop, written as a {@link SyncState}: the ticker is its own state, so a wake-up
   * reads the task and this object, and yields {@code sleep(d).then(this)}.
   */
  static final class JwireTicker extends LoopTicker implements SyncState {
    JwireTicker(EventLoop loop, Lateness stats) {
      super(loop, stats);
    }

    /** The first wire of the task: sleep {@code delay}, then this state. */
    Wire first(long delay) {
      return Wire.sleep(Duration.ofNanos(arm(delay))).then(this);
    }

    @Override
    public Wire step(WireContext ctx) {
      return Wire.sleep(Duration.ofNanos(wake())).then(this);
    }
  }

  /**
   * The same timer loop with its state as a lambda, {@code Wire.sync(ctx -> ...)}: a wake-up reads
   * the task, the wire and the lambda before this object.
   */
  static final class JwireLambdaTicker extends LoopTicker {
    private final Wire state = Wire.sync(ctx -> Wire.sleep(Duration.ofNanos(wake())).then(this.state));

    JwireLambdaTicker(EventLoop loop, Lateness stats) {
      super(loop, stats);
    }

    /** The first wire of the task: sleep {@code delay}, then {@link #state}. */
    Wire first(long delay) {
      return Wire.sleep(Duration.ofNanos(arm(delay))).then(state);
    }
  }

  /** Reactor: Mono.delay on Schedulers.parallel(), resubscribed from its completion callback. */
  static final class ReactorCase implements Case {
    @Override
    public void start(int wires, Lateness stats) {
      for (int i = 0; i < wires; i++) {
        new ReactorTicker(stats).schedule(firstDelay());
      }
    }

    @Override
    public void stop() {
      Schedulers.shutdownNow();
    }
  }

  /** One Reactor timer loop. */
  static final class ReactorTicker implements Consumer<Long> {
    private final Lateness stats;
    private long deadline;

    ReactorTicker(Lateness stats) {
      this.stats = stats;
    }

    void schedule(long delay) {
      deadline = System.nanoTime() + delay;
      Mono.delay(Duration.ofNanos(delay)).subscribe(this);
    }

    @Override
    public void accept(Long tick) {
      long now = System.nanoTime();
      stats.record(now - deadline);
      long d = jitter();
      deadline = now + d;
      Mono.delay(Duration.ofNanos(d)).subscribe(this);
    }
  }

  /** A plain ScheduledThreadPoolExecutor. */
  static final class StpeCase implements Case {
    private final int threads;
    private ScheduledThreadPoolExecutor executor;

    StpeCase(int threads) {
      this.threads = threads;
    }

    @Override
    public void start(int wires, Lateness stats) {
      executor = new ScheduledThreadPoolExecutor(threads);
      for (int i = 0; i < wires; i++) {
        new StpeTicker(executor, stats).schedule(firstDelay());
      }
    }

    @Override
    public void stop() {
      executor.shutdownNow();
    }
  }

  /** One executor timer loop: a Runnable that reschedules itself. */
  static final class StpeTicker implements Runnable {
    private final ScheduledThreadPoolExecutor executor;
    private final Lateness stats;
    private long deadline;

    StpeTicker(ScheduledThreadPoolExecutor executor, Lateness stats) {
      this.executor = executor;
      this.stats = stats;
    }

    void schedule(long delay) {
      deadline = System.nanoTime() + delay;
      executor.schedule(this, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      stats.record(now - deadline);
      long d = jitter();
      deadline = now + d;
      executor.schedule(this, d, TimeUnit.NANOSECONDS);
    }
  }

  /** A reference timer queue (not jwire) on a thread of its own; see {@link ReferenceTimers}. */
  static final class ReferenceCase implements Case {
    private final ReferenceTimers.Driver driver;

    ReferenceCase(ReferenceTimers.Queue queue) {
      this.driver = new ReferenceTimers.Driver(queue);
    }

    @Override
    public void start(int wires, Lateness stats) {
      driver.start(wires, stats);
    }

    @Override
    public void stop() {
      driver.stop();
    }
  }
}
