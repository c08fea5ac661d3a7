package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.wires.BlockingTestSupport.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** {@link Blocking#parallel}: a state machine whose steps run on the pool (asyncframes' PFrame). */
class ParallelTest {
  private final Recorder rec = new Recorder();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final Set<String> stepThreads = ConcurrentHashMap.newKeySet();

  /** A state machine of {@code left} synchronous steps, each yielding the next state. */
  private final class Countdown implements Wire {
    private final int left;
    private final AtomicLong steps;

    Countdown(int left, AtomicLong steps) {
      this.left = left;
      this.steps = steps;
    }

    @Override
    public Mono<Wire> run(WireContext ctx) {
      steps.incrementAndGet();
      if (left == 1 || left % 100_000 == 0) {
        stepThreads.add(Thread.currentThread().getName());
      }
      return left == 1 ? Wire.done() : Wire.next(new Countdown(left - 1, steps));
    }
  }

  private Wire step(String name, Wire next) {
    return Wire.sync(ctx -> {
      rec.add(name);
      stepThreads.add(Thread.currentThread().getName());
      return next;
    });
  }

  @Test
  void parallel_stepsRunOnPoolThreads_andTheOuterTaskContinuesOnItsLoopThread() {
    AtomicReference<String> after = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().name("pf").build()) {
      Wire machine = step("a", step("b", step("c", null)));
      loop.start(
          Blocking.parallel(machine).then(Wire.call(() -> after.set(Thread.currentThread().getName()))),
          (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(rec.events()).containsExactly("a", "b", "c");
    assertThat(stepThreads).isNotEmpty().allMatch(name -> name.startsWith(BlockingPool.DEFAULT_NAME + "-"));
    assertThat(after.get()).isEqualTo("pf-0");
  }

  @Test
  void parallel_aMillionSynchronousSteps_completeInConstantStack() {
    AtomicLong steps = new AtomicLong();
    AtomicBoolean finished = new AtomicBoolean();
    try (EventLoop loop = EventLoop.builder().name("million").build()) {
      loop.start(
          Blocking.parallel(new Countdown(1_000_000, steps)).then(Wire.call(() -> finished.set(true))),
          (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(steps).hasValue(1_000_000);
    assertThat(finished).isTrue();
    assertThat(stepThreads).noneMatch(name -> name.startsWith("million-"));
  }

  @Test
  void parallel_whileAStepBlocks_theLoopThreadRunsOtherTasks() {
    CountDownLatch loopRan = new CountDownLatch(1);
    try (EventLoop loop = EventLoop.create()) {
      // the inner step waits for a loop task: if parallel held the loop thread, this would deadlock
      Wire waits = Wire.sync(ctx -> {
        BlockingTestSupport.await(loopRan);
        rec.add("inner saw the loop");
        return null;
      });
      loop.start(Blocking.parallel(waits), (ctx, e) -> errors.add(e));
      loop.start(Wire.call(loopRan::countDown), (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(rec.events()).containsExactly("inner saw the loop");
  }

  @Test
  void parallel_cancelled_stopsAnEndlessMachineBetweenSteps() {
    BlockingPool pool = BlockingPool.builder().name("spin").maxConcurrency(2).build();
    AtomicLong steps = new AtomicLong();
    Wire spin = new Wire() {
      @Override
      public Mono<Wire> run(WireContext ctx) {
        steps.incrementAndGet();
        return Wire.next(this);
      }
    };
    try (EventLoop loop = EventLoop.create()) {
      Task task = loop.start(Blocking.parallelOn(pool, spin).then(rec.call("continued")), (ctx, e) -> errors.add(e));
      await().until(() -> steps.get() > 10_000);
      task.cancel();
      loop.run();
      assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
    }
    // an endless machine whose pool has gone idle has stopped: nothing is left to run its next step
    await().until(() -> pool.statistics().active() == 0 && pool.statistics().queued() == 0);
    long stoppedAt = steps.get();
    runOneJobOn(pool);
    assertThat(steps).hasValue(stoppedAt);
    assertThat(rec.events()).isEmpty();
    assertThat(errors).isEmpty();
  }

  @Test
  void parallel_cancelledWhileAStepBlocks_interruptsIt_andNoLaterStepRuns() throws Exception {
    BlockingPool pool = BlockingPool.builder().name("frame").maxConcurrency(2).build();
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicReference<Throwable> observed = new AtomicReference<>();
    Wire blocking = Wire.sync(ctx -> {
      rec.add("blocking step");
      blocked.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        observed.set(e);
        Thread.currentThread().interrupt();
      }
      return step("later step", null);
    });
    try (EventLoop loop = EventLoop.create()) {
      Task task = loop.start(Blocking.parallelOn(pool, step("first", blocking)), (ctx, e) -> errors.add(e));
      BlockingTestSupport.await(blocked);
      task.cancel();
      loop.run();
    }
    await().until(() -> observed.get() != null && pool.statistics().active() == 0 && pool.statistics().queued() == 0);
    runOneJobOn(pool);
    assertThat(observed.get()).isInstanceOf(InterruptedException.class);
    assertThat(rec.events()).containsExactly("first", "blocking step");
    assertThat(errors).isEmpty();
  }

  @Test
  void parallel_aStepThrows_theOuterHandlerGetsTheSameExceptionUnwrapped() {
    IllegalStateException boom = new IllegalStateException("step failed");
    try (EventLoop loop = EventLoop.create()) {
      Wire fails = Wire.sync(ctx -> {
        throw boom;
      });
      loop.start(Blocking.parallel(step("a", fails)).then(rec.call("continued")), (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).singleElement(THROWABLE).isSameAs(boom);
    assertThat(rec.events()).containsExactly("a");
  }

  @Test
  void parallel_asynchronousSteps_continueOnThePool_inTheLoopsClock() {
    AtomicReference<String> afterDelay = new AtomicReference<>();
    AtomicReference<String> afterSleep = new AtomicReference<>();
    Wire last = Wire.sync(ctx -> {
      afterSleep.set(Thread.currentThread().getName());
      return null;
    });
    Wire second = Wire.sync(ctx -> {
      afterDelay.set(Thread.currentThread().getName());
      return Wire.sleep(Duration.ofHours(1)).then(last);
    });
    Wire first = ctx -> Mono.delay(Duration.ofHours(2), ctx.scheduler()).thenReturn(second);
    try (EventLoop loop = EventLoop.builder().name("vt").virtualTime().build()) {
      loop.start(Blocking.parallel(first), (ctx, e) -> errors.add(e));
      loop.run();
      assertThat(loop.instant()).isEqualTo(java.time.Instant.EPOCH.plus(Duration.ofHours(3)));
    }
    assertThat(errors).isEmpty();
    assertThat(afterDelay.get()).startsWith(BlockingPool.DEFAULT_NAME + "-");
    assertThat(afterSleep.get()).startsWith(BlockingPool.DEFAULT_NAME + "-");
  }

  @Test
  void parallel_ctxStart_fromAStep_startsALoopTask_andBindIsRefused() {
    AtomicReference<String> started = new AtomicReference<>();
    AtomicReference<Throwable> bindError = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().name("st").build()) {
      Wire inner = Wire.sync(ctx -> {
        ctx.start(Wire.call(() -> started.set(Thread.currentThread().getName())));
        try {
          ctx.bind(() -> {});
        } catch (UnsupportedOperationException e) {
          bindError.set(e);
        }
        return null;
      });
      loop.start(Blocking.parallel(inner).named("frame"), (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(started.get()).isEqualTo("st-0");
    assertThat(bindError.get()).hasMessageContaining("frame#1 > parallel").hasMessageContaining("loop thread");
  }

  @Test
  void parallel_onAFullPool_failsWithARejection() {
    BlockingPool pool = BlockingPool.builder().name("full").maxConcurrency(1).maxQueued(0).build();
    CountDownLatch release = new CountDownLatch(1);
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Blocking.runOn(pool, () -> BlockingTestSupport.await(release)), (ctx, e) -> errors.add(e));
      await().until(() -> pool.statistics().active() == 1);
      loop.start(Blocking.parallelOn(pool, step("never", null)), (ctx, e) -> {
        errors.add(e);
        release.countDown();
      });
      loop.run();
    }
    assertThat(errors).singleElement(THROWABLE)
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("> parallel'")
        .hasMessageContaining("'full' is full");
    assertThat(rec.events()).isEmpty();
  }

  /** Runs one more job on {@code pool} and waits for it: the pool has had every chance to run a stray step. */
  private static void runOneJobOn(BlockingPool pool) {
    CountDownLatch ran = new CountDownLatch(1);
    pool.execute(ran::countDown);
    BlockingTestSupport.await(ran);
  }
}
