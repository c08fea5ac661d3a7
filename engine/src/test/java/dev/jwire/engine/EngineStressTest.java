package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.util.RaceTestUtils;

/**
 * Races between threads: cancellation against completion, starts from many threads. Scaled by
 * {@code -Djwire.stress.factor=N} (default 1).
 */
class EngineStressTest {
  private static final int FACTOR = Integer.getInteger("jwire.stress.factor", 1);

  @Test
  void cancelRacingCompletion_taskEndsExactlyOnceAndNoStepAfterCancel() {
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      int rounds = 2_000 * FACTOR;
      AtomicInteger afterSteps = new AtomicInteger();
      AtomicInteger handled = new AtomicInteger();
      List<Task> tasks = new ArrayList<>();
      List<AtomicInteger> stepped = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        Sinks.One<String> sink = Sinks.one();
        AtomicInteger mine = new AtomicInteger();
        Task t = loop.start(
            Wire.call(sink::asMono).then(Wire.call(() -> {
              mine.incrementAndGet();
              afterSteps.incrementAndGet();
            })),
            (ctx, e) -> handled.incrementAndGet());
        while (t.state() != Task.State.WAITING) {
          Thread.onSpinWait();
        }
        RaceTestUtils.race(t::cancel, () -> sink.tryEmitValue("v"));
        tasks.add(t);
        stepped.add(mine);
      }
      loop.run();
      assertThat(handled).hasValue(0);
      for (int i = 0; i < rounds; i++) {
        Task.State s = tasks.get(i).state();
        assertThat(s).isIn(Task.State.DONE, Task.State.CANCELLED);
        assertThat(stepped.get(i).get()).isEqualTo(s == Task.State.DONE ? 1 : 0);
      }
      assertThat(loop.liveTasks()).isZero();
    }
  }

  @Test
  void scopeCancelRacingItsLastTaskFinishing_endsOnceAndCleansUpOnce() {
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      for (int i = 0; i < 1_000 * FACTOR; i++) {
        Scope scope = loop.openScope(ScopeOptions.defaults());
        AtomicInteger cleanups = new AtomicInteger();
        AtomicInteger ends = new AtomicInteger();
        AtomicInteger stepsAfter = new AtomicInteger();
        scope.bind(cleanups::incrementAndGet);
        Sinks.One<String> sink = Sinks.one();
        Task t = scope.start(Wire.call(sink::asMono).then(Wire.call(stepsAfter::incrementAndGet)));
        while (t.state() != Task.State.WAITING) {
          Thread.onSpinWait();
        }
        RaceTestUtils.race(scope::cancel, () -> sink.tryEmitValue("v"));
        scope.close();
        ends.incrementAndGet();
        assertThat(scope.isDone()).isTrue();
        assertThat(cleanups).hasValue(1);
        assertThat(t.isDone()).isTrue();
        assertThat(stepsAfter.get()).isEqualTo(t.state() == Task.State.DONE ? 1 : 0);
      }
      assertThat(loop.liveTasks()).isZero();
    }
  }

  @Test
  void startsFromManyThreads_withAsyncHops_eachChainCompletesOnce() throws InterruptedException {
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      int threads = 4;
      int perThread = 2_500 * FACTOR;
      AtomicLong completed = new AtomicLong();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> starters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread th = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          for (int i = 0; i < perThread; i++) {
            Wire hop = ctx -> Mono.just(Wire.nothing()).publishOn(Schedulers.parallel());
            loop.start(hop.then(Wire.call(completed::incrementAndGet)));
          }
        });
        th.start();
        starters.add(th);
      }
      go.countDown();
      for (Thread th : starters) {
        th.join();
      }
      loop.run();
      assertThat(completed).hasValue((long) threads * perThread);
      // each hop yields a successor (Wire.nothing()), which then() starts as a task of its own
      assertThat(loop.startedTasks()).isEqualTo(2L * threads * perThread);
    }
  }

  @Test
  void timeoutRacingManyTasks_everyTaskEnds() {
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      int n = 5_000 * FACTOR;
      List<Task> tasks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        tasks.add(loop.start(Wire.sleep(Duration.ofMillis(i % 40)).then(Wire.call(() -> {})).forever()));
      }
      assertThat(loop.run(Duration.ofMillis(50))).isFalse();
      assertThat(tasks).allSatisfy(t -> assertThat(t.state()).isEqualTo(Task.State.CANCELLED));
      assertThat(loop.liveTasks()).isZero();
    }
  }
}
