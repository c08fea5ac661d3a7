package dev.jwire.wires;

import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.VirtualThreads;
import dev.jwire.wires.internal.WorkerPool;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded pool for blocking work: at most {@link #maxConcurrency()} jobs run at once, at most
 * {@link #maxQueued()} more wait while all of those run, and more still are refused. {@link
 * Blocking}'s wires run on {@link #defaultPool()} unless told otherwise.
 *
 * <pre>{@code
 * BlockingPool db = BlockingPool.builder().name("db").maxConcurrency(8).build();
 * Wire load = Blocking.callOn(db, () -> repository.load(id), row -> show(row));
 * }</pre>
 *
 * <p><b>Threads.</b> Virtual threads when the JVM has them (JDK 21 or later) and platform daemon
 * threads otherwise, named {@code <name>-1}, {@code <name>-2}, ... Workers start on demand and
 * retire after {@link Builder#keepAlive(Duration) keepAlive} without work. A pool can also run its
 * workers as tasks of another executor ({@link Builder#executor(Executor)}), which then bounds that
 * executor's use.
 *
 * <p><b>Threading.</b> {@link #execute} may be called from any thread, including event-loop
 * threads: it never blocks and takes no lock.
 *
 * <p><b>Errors.</b> {@link #execute} throws {@link RejectedExecutionException} when every worker
 * is busy and {@code maxQueued} jobs already wait; {@link Blocking}'s wires turn it into their
 * task's failure. A job that throws is reported to its thread's uncaught-exception handler and the
 * worker goes on.
 *
 * <p><b>Pitfalls.</b> Jobs that wait for other jobs of the same pool can deadlock once {@code
 * maxConcurrency} of them wait. On JDK 21 to 23, a virtual thread that blocks inside {@code
 * synchronized} pins its carrier thread; give such work a platform pool ({@link
 * Builder#virtualThreads(boolean) virtualThreads(false)}).
 */
public final class BlockingPool implements Executor {
  /** The name of {@link #defaultPool()}, also its threads' name prefix. */
  public static final String DEFAULT_NAME = "jwire-blocking";
  /** Default {@link #maxQueued()}. */
  public static final int DEFAULT_MAX_QUEUED = 100_000;
  /** Default {@link #maxConcurrency()} on virtual threads. */
  public static final int DEFAULT_VIRTUAL_MAX_CONCURRENCY = 1024;

  private static final AtomicReference<BlockingPool> DEFAULT = new AtomicReference<>();
  private static final AtomicInteger UNNAMED = new AtomicInteger();

  private final WorkerPool pool;
  private final Threads threads;

  private BlockingPool(WorkerPool pool, Threads threads) {
    this.pool = pool;
    this.threads = threads;
  }

  /**
   * The process-wide pool behind {@link Blocking#call}, {@link Blocking#run} and {@link
   * Blocking#parallel}, created on first use from these system properties:
   *
   * <table>
   *   <caption>Settings of the default pool</caption>
   *   <tr><th>property</th><th>values</th><th>default</th></tr>
   *   <tr><td>{@code jwire.blocking.threads}</td><td>{@code auto}, {@code virtual}, {@code
   *       platform}</td><td>{@code auto}: virtual on JDK 21+, platform before</td></tr>
   *   <tr><td>{@code jwire.blocking.maxConcurrency}</td><td>at least 1</td><td>{@value
   *       #DEFAULT_VIRTUAL_MAX_CONCURRENCY} on virtual threads; {@code max(16, 10 * cores)} on
   *       platform threads</td></tr>
   *   <tr><td>{@code jwire.blocking.maxQueued}</td><td>at least 0</td><td>{@value
   *       #DEFAULT_MAX_QUEUED}</td></tr>
   * </table>
   *
   * <p>Its threads are named {@value #DEFAULT_NAME}{@code -N}; {@link #usesVirtualThreads()} says
   * which kind it got. Workers idle out (after a second on virtual threads, a minute on platform
   * threads), so the pool needs no shutdown.
   *
   * @return the default pool
   * @throws IllegalArgumentException if a property has a bad value (each call retries)
   */
  public static BlockingPool defaultPool() {
    BlockingPool p = DEFAULT.get();
    if (p == null) {
      DEFAULT.compareAndSet(null, fromSystemProperties());
      p = DEFAULT.get();
    }
    return p;
  }

  private static BlockingPool fromSystemProperties() {
    String kind = System.getProperty("jwire.blocking.threads", "auto").trim();
    Builder b = builder().name(DEFAULT_NAME);
    switch (kind) {
      case "auto":
        break;
      case "virtual":
      case "platform":
        b.virtualThreads(kind.equals("virtual"));
        break;
      default:
        throw new IllegalArgumentException(
            "jwire.blocking.threads : " + Checks.quote(kind) + " (expected: auto, virtual or platform)");
    }
    Integer max = intProperty("jwire.blocking.maxConcurrency", 1);
    if (max != null) {
      b.maxConcurrency(max);
    }
    Integer queued = intProperty("jwire.blocking.maxQueued", 0);
    if (queued != null) {
      b.maxQueued(queued);
    }
    return b.build();
  }

  private static Integer intProperty(String key, int min) {
    String v = System.getProperty(key);
    if (v == null) {
      return null;
    }
    try {
      return Checks.atLeast(Integer.parseInt(v.trim()), min, key);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " : " + Checks.quote(v) + " (expected: an integer >= " + min + ")", e);
    }
  }

  /** @return a builder for a pool of one's own */
  public static Builder builder() {
    return new Builder();
  }

  /** @return whether this JVM offers virtual threads (JDK 21 or later) */
  public static boolean virtualThreadsAvailable() {
    return VirtualThreads.available();
  }

  /**
   * Runs {@code command} on one of the pool's workers, as soon as one is free. Never blocks.
   *
   * @param command the job
   * @throws RejectedExecutionException if every worker is busy and {@link #maxQueued()} jobs
   *     already wait
   * @throws IllegalArgumentException if {@code command} is null
   */
  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  /** @return the pool's name, also its threads' name prefix */
  public String name() {
    return pool.name();
  }

  /** @return how many jobs may run at once */
  public int maxConcurrency() {
    return pool.maxWorkers();
  }

  /** @return how many jobs may wait while every worker is busy; more are refused */
  public int maxQueued() {
    return pool.maxQueued();
  }

  /** @return whether the pool's workers run on virtual threads */
  public boolean usesVirtualThreads() {
    return threads == Threads.VIRTUAL;
  }

  /** @return what the pool's workers run on */
  public Threads threads() {
    return threads;
  }

  /** @return a snapshot of the pool's counters */
  public Statistics statistics() {
    return new Statistics(
        pool.name(), threads, pool.maxWorkers(), pool.maxQueued(), pool.workers(), pool.active(), pool.queued(),
        pool.completed(), pool.rejected());
  }

  @Override
  public String toString() {
    return "BlockingPool[" + name() + ", " + threads.name().toLowerCase(Locale.ROOT) + " threads, maxConcurrency="
        + maxConcurrency() + "]";
  }

  /** What a pool's workers run on. */
  public enum Threads {
    /** Virtual threads of their own (JDK 21+). */
    VIRTUAL,
    /** Platform daemon threads of their own. */
    PLATFORM,
    /** Tasks of another executor ({@link Builder#executor(Executor)}). */
    EXECUTOR
  }

  /**
   * A snapshot of a pool's counters; each is read separately, so they may not add up exactly
   * while the pool is busy.
   *
   * @param name the pool's name
   * @param threads what the workers run on
   * @param maxConcurrency how many jobs may run at once
   * @param maxQueued how many jobs may wait while every worker is busy
   * @param workers live workers, busy or idle
   * @param active jobs running now
   * @param queued jobs not yet taken by a worker (including cancelled ones, skipped when taken)
   * @param completed jobs run to their end since the pool was built
   * @param rejected submissions refused because the queue was full
   */
  public record Statistics(
      String name, Threads threads, int maxConcurrency, int maxQueued, int workers, int active, int queued,
      long completed, long rejected) {}

  /**
   * Settings for a {@link BlockingPool}. Defaults: virtual threads when available; {@code
   * maxConcurrency} {@value #DEFAULT_VIRTUAL_MAX_CONCURRENCY} on virtual threads and {@code max(16,
   * 10 * cores)} otherwise; {@code maxQueued} {@value #DEFAULT_MAX_QUEUED}; {@code keepAlive} one
   * second on virtual threads, one minute on platform threads, zero on another executor.
   */
  public static final class Builder {
    private String name;
    private Boolean virtual;
    private Executor executor;
    private int maxConcurrency;
    private int maxQueued = DEFAULT_MAX_QUEUED;
    private Duration keepAlive;

    private Builder() {}

    /**
     * @param name the pool's name, also its threads' name prefix; not blank
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Checks.notBlank(name, "name");
      return this;
    }

    /**
     * @param max how many jobs may run at once; at least 1
     * @return this builder
     */
    public Builder maxConcurrency(int max) {
      this.maxConcurrency = Checks.atLeast(max, 1, "maxConcurrency");
      return this;
    }

    /**
     * @param max how many jobs may wait while every worker is busy; at least 0 (0: a job is
     *     refused when no worker is free)
     * @return this builder
     */
    public Builder maxQueued(int max) {
      this.maxQueued = Checks.atLeast(max, 0, "maxQueued");
      return this;
    }

    /**
     * @param keepAlive how long an idle worker waits for work before its thread ends; zero or more
     * @return this builder
     */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = Checks.notNegative(keepAlive, "keepAlive");
      return this;
    }

    /**
     * Chooses the kind of threads. Platform threads suit CPU-bound work and code that blocks
     * inside {@code synchronized} (on JDK 21 to 23).
     *
     * @param virtual true for virtual threads (JDK 21+), false for platform daemon threads
     * @return this builder
     */
    public Builder virtualThreads(boolean virtual) {
      this.virtual = virtual;
      this.executor = null;
      return this;
    }

    /**
     * Runs the pool's workers as tasks of {@code executor} instead of threads of its own, so that
     * at most {@code maxConcurrency} of the executor's threads are used at once. A worker returns
     * its thread as soon as the queue is empty (unless a {@link #keepAlive} is set).
     * {@code executor} must run tasks on threads other than the caller's.
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Checks.notNull(executor, "executor");
      this.virtual = null;
      return this;
    }

    /**
     * @return the pool; no thread starts before the first job
     * @throws UnsupportedOperationException if virtual threads were asked for on a JVM without them
     */
    public BlockingPool build() {
      String poolName = name != null ? name : "jwire-pool-" + UNNAMED.incrementAndGet();
      Threads kind;
      Executor launcher;
      Duration defaultKeepAlive;
      if (executor != null) {
        kind = Threads.EXECUTOR;
        launcher = executor;
        defaultKeepAlive = Duration.ZERO;
      } else if (virtual != null ? virtual : VirtualThreads.available()) {
        kind = Threads.VIRTUAL;
        launcher = WorkerPool.threadLauncher(VirtualThreads.factory(poolName));
        defaultKeepAlive = Duration.ofSeconds(1);
      } else {
        kind = Threads.PLATFORM;
        launcher = WorkerPool.threadLauncher(platformThreads(poolName));
        defaultKeepAlive = Duration.ofMinutes(1);
      }
      int max = maxConcurrency > 0 ? maxConcurrency
          : kind == Threads.VIRTUAL ? DEFAULT_VIRTUAL_MAX_CONCURRENCY
          : Math.max(16, 10 * Runtime.getRuntime().availableProcessors());
      return new BlockingPool(
          new WorkerPool(poolName, max, maxQueued, keepAlive != null ? keepAlive : defaultKeepAlive, launcher), kind);
    }

    private static ThreadFactory platformThreads(String prefix) {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }
  }
}
