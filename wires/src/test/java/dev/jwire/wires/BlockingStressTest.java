package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.util.RaceTestUtils;

/**
 * Races in the worker pool and in cancellation. Scaled by {@code -Djwire.stress.factor=N}
 * (default 1).
 */
class BlockingStressTest {
  private static final int FACTOR = Integer.getInteger("jwire.stress.factor", 1);

  @Test
  void submissionsRacingWorkersThatRetire_areNeverLost() {
    // keepAlive zero: workers retire the moment the queue looks empty, racing every submission
    BlockingPool pool = BlockingPool.builder().name("churn").maxConcurrency(2).keepAlive(Duration.ZERO).build();
    int rounds = 5_000 * FACTOR;
    CountDownLatch ran = new CountDownLatch(2 * rounds);
    for (int i = 0; i < rounds; i++) {
      RaceTestUtils.race(() -> pool.execute(ran::countDown), () -> pool.execute(ran::countDown));
    }
    BlockingTestSupport.await(ran); // every job ran: none was stranded in the queue
    await().until(() -> pool.statistics().completed() == 2L * rounds); // counted just after each job
    assertThat(pool.statistics().workers()).isLessThanOrEqualTo(2);
  }

  @Test
  void cancelRacingTheEndOfTheWork_continuesExactlyWhenNotCancelled_andLeaksNoInterrupt() {
    BlockingPool pool = BlockingPool.builder().name("race").maxConcurrency(2).build();
    int rounds = 1_000 * FACTOR;
    List<Task> tasks = new ArrayList<>();
    List<AtomicInteger> continued = new ArrayList<>();
    List<AtomicBoolean> interruptedAtStart = new ArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      for (int i = 0; i < rounds; i++) {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger mine = new AtomicInteger();
        AtomicBoolean interrupted = new AtomicBoolean();
        Task t = loop.start(Blocking.callOn(pool, () -> {
          interrupted.set(Thread.currentThread().isInterrupted());
          BlockingTestSupport.awaitRestoringInterrupt(go);
          return 1;
        }, r -> Wire.call(mine::incrementAndGet)), (ctx, e) -> errors.add(e));
        while (t.state() != Task.State.WAITING) {
          Thread.onSpinWait();
        }
        RaceTestUtils.race(t::cancel, go::countDown);
        tasks.add(t);
        continued.add(mine);
        interruptedAtStart.add(interrupted);
      }
      loop.run();
    }
    assertThat(errors).isEmpty();
    for (int i = 0; i < rounds; i++) {
      Task.State s = tasks.get(i).state();
      assertThat(s).isIn(Task.State.DONE, Task.State.CANCELLED);
      assertThat(continued.get(i).get()).isEqualTo(s == Task.State.DONE ? 1 : 0);
      if (s == Task.State.DONE) {
        assertThat(interruptedAtStart.get(i)).isFalse(); // only its own cancellation may interrupt a job
      }
    }
  }

  @Test
  void parallelCancelRacingAnAsynchronousStep_runsNoStepAfterCancel() {
    BlockingPool pool = BlockingPool.builder().name("prace").maxConcurrency(2).build();
    int rounds = 1_000 * FACTOR;
    List<Task> tasks = new ArrayList<>();
    List<AtomicInteger> afterSteps = new ArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.create()) {
      for (int i = 0; i < rounds; i++) {
        Sinks.One<Wire> sink = Sinks.one();
        AtomicInteger after = new AtomicInteger();
        CountDownLatch waiting = new CountDownLatch(1);
        Wire first = ctx -> {
          waiting.countDown();
          return sink.asMono();
        };
        Task t = loop.start(Blocking.parallelOn(pool, first), (ctx, e) -> errors.add(e));
        BlockingTestSupport.await(waiting);
        Wire last = Wire.sync(ctx -> {
          after.incrementAndGet();
          return null;
        });
        RaceTestUtils.race(t::cancel, () -> sink.tryEmitValue(last));
        tasks.add(t);
        afterSteps.add(after);
      }
      loop.run();
    }
    assertThat(errors).isEmpty();
    for (int i = 0; i < rounds; i++) {
      Task.State s = tasks.get(i).state();
      assertThat(s).isIn(Task.State.DONE, Task.State.CANCELLED);
      if (s == Task.State.DONE) {
        assertThat(afterSteps.get(i)).hasValue(1);
      }
    }
    // a step may have started just before the cancel landed, but none starts after: the pool drains
    CountDownLatch drained = new CountDownLatch(1);
    pool.execute(drained::countDown);
    BlockingTestSupport.await(drained);
    assertThat(pool.statistics().queued()).isZero();
  }
}
