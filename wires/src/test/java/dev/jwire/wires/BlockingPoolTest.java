package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link BlockingPool}: its bound, its threads, its defaults and its statistics. */
class BlockingPoolTest {
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  private static BlockingPool pool(String kind, String name, int max) {
    BlockingPool.Builder b = BlockingPool.builder().name(name).maxConcurrency(max);
    if (kind.equals("virtual")) {
      assumeTrue(BlockingPool.virtualThreadsAvailable(), "virtual threads need JDK 21+");
      b.virtualThreads(true);
    } else {
      b.virtualThreads(false);
    }
    return b.build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"platform", "virtual"})
  void callOn_nPlusKSubmissions_neverRunMoreThanNAtOnce(String kind) {
    int n = 4;
    int k = 6;
    BlockingPool pool = pool(kind, "bounded-" + kind, n);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    try (EventLoop loop = EventLoop.create()) {
      for (int i = 0; i < n + k; i++) {
        Wire job = Blocking.runOn(pool, () -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          BlockingTestSupport.await(release);
          running.decrementAndGet();
        });
        loop.start(job.then(Wire.call(finished::incrementAndGet)), (ctx, e) -> errors.add(e));
      }
      await().until(() -> running.get() == n && pool.statistics().queued() == k);
      BlockingPool.Statistics busy = pool.statistics();
      release.countDown();
      loop.run();
      assertThat(busy.active()).isEqualTo(n);
      assertThat(busy.workers()).isEqualTo(n);
      assertThat(busy.threads().name()).isEqualToIgnoringCase(kind);
    }
    assertThat(errors).isEmpty();
    assertThat(maxRunning).hasValue(n);
    assertThat(finished).hasValue(n + k);
    await().until(() -> pool.statistics().completed() == n + k); // counted just after each job
  }

  @ParameterizedTest
  @ValueSource(strings = {"platform", "virtual"})
  void execute_manyJobsFromManyThreads_allRun_withinTheBound(String kind) throws Exception {
    int max = 3;
    BlockingPool pool = pool(kind, "flood-" + kind, max);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    int producers = 4;
    int perProducer = 5_000;
    CountDownLatch done = new CountDownLatch(producers * perProducer);
    ExecutorService submitters = Executors.newFixedThreadPool(producers);
    try {
      for (int p = 0; p < producers; p++) {
        submitters.execute(() -> {
          for (int i = 0; i < perProducer; i++) {
            pool.execute(() -> {
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              Thread.onSpinWait();
              running.decrementAndGet();
              done.countDown();
            });
          }
        });
      }
      BlockingTestSupport.await(done);
    } finally {
      submitters.shutdown();
    }
    assertThat(maxRunning.get()).isBetween(1, max);
    await().until(() -> pool.statistics().completed() == producers * perProducer);
    assertThat(pool.statistics().workers()).isLessThanOrEqualTo(max);
  }

  @Test
  void workers_areNamedAfterThePool_andRetireAfterKeepAlive() {
    BlockingPool pool = BlockingPool.builder().name("named").maxConcurrency(2).keepAlive(Duration.ZERO).build();
    Set<String> names = ConcurrentHashMap.newKeySet();
    CountDownLatch both = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      pool.execute(() -> {
        names.add(Thread.currentThread().getName());
        both.countDown();
        BlockingTestSupport.await(both); // two at once: two workers
      });
    }
    await().until(() -> pool.statistics().completed() == 2);
    assertThat(names).containsExactlyInAnyOrder("named-1", "named-2");
    await().until(() -> pool.statistics().workers() == 0);
  }

  @Test
  void executorMode_boundsTheUseOfAnotherExecutor() {
    ExecutorService wide = Executors.newCachedThreadPool();
    try {
      BlockingPool narrow = BlockingPool.builder().name("narrow").executor(wide).maxConcurrency(2).build();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(10);
      for (int i = 0; i < 10; i++) {
        narrow.execute(() -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          BlockingTestSupport.await(release);
          running.decrementAndGet();
          done.countDown();
        });
      }
      await().until(() -> running.get() == 2 && narrow.statistics().queued() == 8);
      release.countDown();
      BlockingTestSupport.await(done);
      assertThat(maxRunning).hasValue(2);
      assertThat(narrow.statistics().threads()).isEqualTo(BlockingPool.Threads.EXECUTOR);
      await().until(() -> narrow.statistics().workers() == 0); // threads go back to the executor
    } finally {
      wide.shutdown();
    }
  }

  @Test
  void execute_aJobThatThrows_isReportedAndTheWorkerGoesOn() {
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    BlockingPool pool = BlockingPool.builder().name("throws").maxConcurrency(1).virtualThreads(false).build();
    CountDownLatch second = new CountDownLatch(1);
    pool.execute(() -> {
      Thread.currentThread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
      throw new IllegalStateException("job failed");
    });
    pool.execute(second::countDown);
    BlockingTestSupport.await(second);
    assertThat(uncaught).singleElement(THROWABLE).hasMessage("job failed");
  }

  @Test
  void defaultPool_usesVirtualThreadsExactlyWhenTheJvmHasThem() {
    assumeTrue(System.getProperty("jwire.blocking.threads") == null);
    BlockingPool pool = BlockingPool.defaultPool();
    assertThat(pool).isSameAs(BlockingPool.defaultPool());
    assertThat(pool.name()).isEqualTo(BlockingPool.DEFAULT_NAME);
    assertThat(pool.usesVirtualThreads()).isEqualTo(Runtime.version().feature() >= 21);
    assertThat(pool.maxConcurrency()).isEqualTo(
        pool.usesVirtualThreads()
            ? BlockingPool.DEFAULT_VIRTUAL_MAX_CONCURRENCY
            : Math.max(16, 10 * Runtime.getRuntime().availableProcessors()));
    assertThat(pool.maxQueued()).isEqualTo(BlockingPool.DEFAULT_MAX_QUEUED);
  }

  @Test
  void virtualThreads_onAJvmWithout_failAtBuild() {
    assumeFalse(BlockingPool.virtualThreadsAvailable());
    assertThatThrownBy(() -> BlockingPool.builder().virtualThreads(true).build())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("JDK 21");
  }

  @Test
  void builder_badArguments_failNamingTheArgument() {
    assertThatThrownBy(() -> BlockingPool.builder().maxConcurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConcurrency : 0 (expected: >= 1)");
    assertThatThrownBy(() -> BlockingPool.builder().maxQueued(-1)).hasMessage("maxQueued : -1 (expected: >= 0)");
    assertThatThrownBy(() -> BlockingPool.builder().name(" ")).hasMessage("name : \" \" (expected: not blank)");
    assertThatThrownBy(() -> BlockingPool.builder().keepAlive(Duration.ofSeconds(-1)))
        .hasMessage("keepAlive : PT-1S (expected: >= 0)");
    assertThatThrownBy(() -> BlockingPool.builder().executor(null)).hasMessage("executor : null (expected: non-null)");
  }
}
