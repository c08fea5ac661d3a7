package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry of named executors and {@code Blocking.*On(name, ...)}. */
class BlockingExecutorsTest {
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @AfterEach
  void unregisterAll() {
    BlockingExecutors.unregister("db");
    BlockingExecutors.unregister("mail");
  }

  @Test
  void callOn_aRegisteredName_runsTheWorkOnThatExecutor() {
    BlockingExecutors.register("db", BlockingPool.builder().name("db").maxConcurrency(2).build());
    AtomicReference<String> workThread = new AtomicReference<>();
    AtomicReference<String> thenThread = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().name("app").build()) {
      loop.start(Blocking.callOn("db", () -> {
        workThread.set(Thread.currentThread().getName());
        return "row";
      }, row -> Wire.call(() -> thenThread.set(Thread.currentThread().getName() + " " + row))),
          (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(workThread.get()).matches("db-\\d+");
    assertThat(thenThread.get()).isEqualTo("app-0 row");
  }

  @Test
  void runOn_andParallelOn_aPlainExecutor_useIt() {
    ExecutorService single = Executors.newSingleThreadExecutor(r -> new Thread(r, "mail-thread"));
    AtomicReference<String> runThread = new AtomicReference<>();
    AtomicReference<String> stepThread = new AtomicReference<>();
    try {
      BlockingExecutors.register("mail", single);
      try (EventLoop loop = EventLoop.create()) {
        Wire run = Blocking.runOn("mail", () -> runThread.set(Thread.currentThread().getName()));
        loop.start(run, (ctx, e) -> errors.add(e));
        loop.start(Blocking.parallelOn("mail", Wire.sync(ctx -> {
          stepThread.set(Thread.currentThread().getName());
          return null;
        })), (ctx, e) -> errors.add(e));
        loop.run();
      }
    } finally {
      single.shutdown();
    }
    assertThat(errors).isEmpty();
    assertThat(runThread.get()).isEqualTo("mail-thread");
    assertThat(stepThread.get()).isEqualTo("mail-thread");
  }

  @Test
  void callOn_anUnknownName_failsAtTheCallSite_listingTheRegisteredNames() {
    BlockingExecutors.register("db", Runnable::run);
    assertThatThrownBy(() -> Blocking.callOn("dv", () -> 1, r -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("executor : \"dv\" (expected: a registered name, one of [db, default];"
            + " register it with BlockingExecutors.register(\"dv\", executor))");
    assertThatThrownBy(() -> Blocking.runOn("dv", () -> {})).hasMessageContaining("\"dv\"");
    assertThatThrownBy(() -> Blocking.parallelOn("dv", Wire.nothing())).hasMessageContaining("\"dv\"");
    assertThatThrownBy(() -> BlockingExecutors.get("dv")).hasMessageContaining("[db, default]");
  }

  @Test
  void register_aTakenOrReservedName_fails() {
    BlockingExecutors.register("db", Runnable::run);
    assertThatThrownBy(() -> BlockingExecutors.register("db", Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("name : \"db\" (expected: not yet registered;");
    assertThatThrownBy(() -> BlockingExecutors.register("default", Runnable::run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> BlockingExecutors.register("", Runnable::run))
        .hasMessage("name : \"\" (expected: not blank)");
    assertThatThrownBy(() -> BlockingExecutors.register("x", null)).hasMessage("executor : null (expected: non-null)");
  }

  @Test
  void theDefaultName_alwaysMeansTheDefaultPool() {
    assertThat(BlockingExecutors.get(BlockingExecutors.DEFAULT)).isSameAs(BlockingPool.defaultPool());
    assertThat(BlockingExecutors.names()).contains("default");
    AtomicReference<String> workThread = new AtomicReference<>();
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Blocking.runOn("default", () -> workThread.set(Thread.currentThread().getName())));
      loop.run();
    }
    assertThat(workThread.get()).startsWith(BlockingPool.DEFAULT_NAME + "-");
  }

  @Test
  void aNameIsLookedUpAtEachRun_soReRegisteringRedirectsBuiltWires() {
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    Executor one = counting(first);
    Executor two = counting(second);
    BlockingExecutors.register("db", one);
    Wire work = Blocking.runOn("db", () -> {});
    try (EventLoop loop = EventLoop.create()) {
      loop.start(work, (ctx, e) -> errors.add(e));
      loop.run();
      BlockingExecutors.unregister("db");
      BlockingExecutors.register("db", two);
      loop.start(work, (ctx, e) -> errors.add(e));
      loop.run();
      assertThat(BlockingExecutors.unregister("db")).isTrue();
      assertThat(BlockingExecutors.unregister("db")).isFalse();
      loop.start(work.named("orphan"), (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(first).hasValue(1);
    assertThat(second).hasValue(1);
    assertThat(errors).singleElement(THROWABLE)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wire 'orphan#3'")
        .hasMessageContaining("\"db\"")
        .hasMessageContaining("unregistered after the wire was built");
  }

  private static Executor counting(AtomicInteger count) {
    Executor pool = BlockingPool.defaultPool();
    return job -> {
      count.incrementAndGet();
      pool.execute(job);
    };
  }
}
