package dev.jwire.wires;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.wires.BlockingTestSupport.Recorder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Blocking#call}, {@link Blocking#run} and friends on the default pool and on given executors. */
class BlockingTest {
  private final Recorder rec = new Recorder();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  // --- where things run ------------------------------------------------------------------------

  @Test
  void call_workRunsOnAPoolThread_thenRunsOnTheTasksOwnLoopThread() {
    AtomicReference<String> workThread = new AtomicReference<>();
    AtomicReference<String> thenThread = new AtomicReference<>();
    AtomicReference<String> nextThread = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().name("x").build()) {
      loop.start(
          Blocking.call(
              () -> {
                workThread.set(Thread.currentThread().getName());
                return 42;
              },
              answer -> {
                thenThread.set(Thread.currentThread().getName());
                rec.add("then " + answer);
                return Wire.call(() -> nextThread.set(Thread.currentThread().getName()));
              }),
          (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(rec.events()).containsExactly("then 42");
    assertThat(workThread.get()).matches(BlockingPool.DEFAULT_NAME + "-\\d+");
    assertThat(thenThread.get()).isEqualTo("x-0");
    assertThat(nextThread.get()).isEqualTo("x-0");
  }

  @Test
  void call_onAMultiThreadLoop_eachTaskContinuesOnTheThreadItStartedOn() {
    Map<Integer, String> before = new ConcurrentHashMap<>();
    Map<Integer, String> after = new ConcurrentHashMap<>();
    try (EventLoop loop = EventLoop.builder().name("multi").threads(2).build()) {
      for (int i = 0; i < 40; i++) {
        int id = i;
        Wire record = Wire.call(() -> before.put(id, Thread.currentThread().getName()));
        loop.start(
            record.then(Blocking.call(() -> id, r -> Wire.call(() -> after.put(r, Thread.currentThread().getName())))),
            (ctx, e) -> errors.add(e));
      }
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(after).hasSize(40).isEqualTo(before);
    assertThat(before.values()).allMatch(name -> name.startsWith("multi-"));
  }

  @Test
  void run_isDoneWhenTheWorkIs_andTheChainGoesOn() {
    try (EventLoop loop = EventLoop.create()) {
      loop.start(
          Wire.sequence(rec.call("before"), Blocking.run(() -> rec.add("work")), rec.call("after")),
          (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(rec.events()).containsExactly("before", "work", "after");
  }

  @Test
  void call_withoutThen_ignoresTheResultAndMayThrowCheckedExceptions() {
    try (EventLoop loop = EventLoop.create()) {
      loop.start(
          Blocking.call(() -> {
            rec.add("work");
            return "ignored";
          }).then(rec.call("after")),
          (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(rec.events()).containsExactly("work", "after");
  }

  @Test
  void call_nullResult_isPassedToThen_andThenReturningNullFinishes() {
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Blocking.call(() -> null, r -> {
        rec.add("then " + r);
        return null;
      }), (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(rec.events()).containsExactly("then null");
  }

  @Test
  void call_onAManualLoop_resumesOnTheDrivingThread() {
    AtomicReference<Thread> thenThread = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().manual().build()) {
      loop.start(Blocking.call(() -> 1, r -> Wire.call(() -> thenThread.set(Thread.currentThread()))));
      loop.run();
    }
    assertThat(thenThread.get()).isSameAs(Thread.currentThread());
  }

  // --- errors ----------------------------------------------------------------------------------

  @Test
  void call_workThrows_theHandlerGetsTheSameExceptionUnwrapped() {
    IOException boom = new IOException("disk on fire");
    AtomicBoolean continued = new AtomicBoolean();
    AtomicReference<String> handlerThread = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().name("err").build()) {
      loop.start(Blocking.call(() -> {
        throw boom;
      }, r -> {
        continued.set(true);
        return null;
      }), (ctx, e) -> {
        handlerThread.set(Thread.currentThread().getName());
        errors.add(e);
      });
      loop.run();
    }
    assertThat(errors).singleElement(THROWABLE).isSameAs(boom);
    assertThat(continued).isFalse();
    assertThat(handlerThread.get()).isEqualTo("err-0");
  }

  @Test
  void call_thenThrows_failsTheTaskWithThatException() {
    IllegalStateException bad = new IllegalStateException("bad result");
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Blocking.call(() -> 1, r -> {
        throw bad;
      }), (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).singleElement(THROWABLE).isSameAs(bad);
  }

  @Test
  void badArguments_failAtTheCallSite_namingTheArgument() {
    assertThatThrownBy(() -> Blocking.call(null, r -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("work : null (expected: non-null)");
    assertThatThrownBy(() -> Blocking.call(() -> 1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("then : null (expected: non-null)");
    assertThatThrownBy(() -> Blocking.run(null)).hasMessage("work : null (expected: non-null)");
    assertThatThrownBy(() -> Blocking.runOn((java.util.concurrent.Executor) null, () -> {}))
        .hasMessage("executor : null (expected: non-null)");
    assertThatThrownBy(() -> Blocking.parallel(null)).hasMessage("wire : null (expected: non-null)");
  }

  @Test
  void callOn_anExecutorThatRunsOnTheCallersThread_failsInsteadOfBlockingTheLoop() {
    AtomicBoolean ran = new AtomicBoolean();
    try (EventLoop loop = EventLoop.builder().name("cr").build()) {
      loop.start(Blocking.runOn(Runnable::run, () -> ran.set(true)), (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(ran).isFalse();
    assertThat(errors).singleElement(THROWABLE)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("non-blocking thread 'cr-0'")
        .hasMessageContaining("threads of its own");
  }

  @Test
  void callOn_aFullPool_failsTheWireWithARejectionNamingPoolAndWire() {
    BlockingPool pool = BlockingPool.builder().name("tiny").maxConcurrency(1).maxQueued(1).build();
    CountDownLatch release = new CountDownLatch(1);
    try (EventLoop loop = EventLoop.create()) {
      for (int i = 0; i < 3; i++) {
        loop.start(Blocking.runOn(pool, () -> BlockingTestSupport.await(release)).named("job" + i), (ctx, e) -> {
          errors.add(e);
          release.countDown();
        });
        if (i == 0) {
          await().until(() -> pool.statistics().active() == 1); // job0 runs: job1 waits, job2 finds the queue full
        }
      }
      loop.run();
    }
    assertThat(errors).singleElement(THROWABLE)
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("wire 'job2#3'")
        .hasMessageContaining("blocking pool 'tiny' is full")
        .hasMessageContaining("maxQueued 1");
    assertThat(pool.statistics().rejected()).isEqualTo(1);
  }

  // --- cancellation ----------------------------------------------------------------------------

  @Test
  void call_taskCancelledWhileWorkRuns_interruptsTheWorker_andThenNeverRuns() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch workEnded = new CountDownLatch(1);
    AtomicReference<Throwable> observed = new AtomicReference<>();
    AtomicBoolean continued = new AtomicBoolean();
    Task task;
    try (EventLoop loop = EventLoop.create()) {
      task = loop.start(Blocking.call(() -> {
        started.countDown();
        try {
          new CountDownLatch(1).await();
          return "unreachable";
        } catch (InterruptedException e) {
          observed.set(e);
          throw e;
        } finally {
          workEnded.countDown();
        }
      }, r -> {
        continued.set(true);
        return null;
      }), (ctx, e) -> errors.add(e));
      assertThat(started.await(30, SECONDS)).isTrue();
      task.cancel();
      assertThat(workEnded.await(30, SECONDS)).isTrue();
      loop.run();
    }
    assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(observed.get()).isInstanceOf(InterruptedException.class);
    assertThat(continued).isFalse();
    assertThat(errors).isEmpty();
  }

  @Test
  void call_loopTimeout_interruptsTheWorker() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> observed = new AtomicReference<>();
    CountDownLatch workEnded = new CountDownLatch(1);
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Blocking.run(() -> {
        started.countDown();
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          observed.set(e);
        } finally {
          workEnded.countDown();
        }
      }).then(rec.call("continued")), (ctx, e) -> errors.add(e));
      assertThat(started.await(30, SECONDS)).isTrue();
      assertThat(loop.run(Duration.ofMillis(20))).isFalse();
    }
    assertThat(workEnded.await(30, SECONDS)).isTrue();
    assertThat(observed.get()).isInstanceOf(InterruptedException.class);
    assertThat(rec.events()).isEmpty();
    assertThat(errors).isEmpty();
  }

  @Test
  void call_inAScopeThatTimesOut_isInterrupted_whileFinishedWorkKeepsItsResult() {
    AtomicReference<Throwable> observed = new AtomicReference<>();
    AtomicReference<List<Object>> results = new AtomicReference<>();
    AtomicBoolean timedOut = new AtomicBoolean();
    try (EventLoop loop = EventLoop.create()) {
      Wire slow = Blocking.run(() -> {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          observed.set(e);
        }
      });
      Wire fast = Blocking.call(() -> "fast", Wire::result);
      ScopeOptions options = ScopeOptions.defaults().timeout(Duration.ofMillis(50)).collectResults();
      loop.start(Wire.scope(options, scope -> {
        scope.start(slow);
        scope.start(fast);
      }, scope -> {
        timedOut.set(scope.timedOut());
        results.set(scope.results());
        return null;
      }), (ctx, e) -> errors.add(e));
      loop.run();
    }
    await().until(() -> observed.get() != null);
    assertThat(observed.get()).isInstanceOf(InterruptedException.class);
    assertThat(timedOut).isTrue();
    assertThat(results.get()).containsExactly(null, "fast");
    assertThat(errors).isEmpty();
  }

  @Test
  void call_cancelledWhileQueued_neverRuns_andThePoolThreadComesBackClean() {
    BlockingPool pool = BlockingPool.builder().name("one").maxConcurrency(1).build();
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean queuedRan = new AtomicBoolean();
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Blocking.runOn(pool, () -> BlockingTestSupport.await(release)), (ctx, e) -> errors.add(e));
      Task queued = loop.start(Blocking.runOn(pool, () -> queuedRan.set(true)), (ctx, e) -> errors.add(e));
      await().until(() -> pool.statistics().queued() == 1);
      queued.cancel();
      await().until(queued::isDone);
      release.countDown();
      loop.start(Blocking.runOn(pool, () -> interruptedAfter.set(Thread.currentThread().isInterrupted())));
      loop.run();
    }
    assertThat(queuedRan).isFalse();
    assertThat(interruptedAfter.get()).isFalse();
    assertThat(errors).isEmpty();
  }

  @Test
  void call_cancelledWork_leavesNoInterruptForTheNextJobOnThatThread() throws Exception {
    BlockingPool pool = BlockingPool.builder().name("reuse").maxConcurrency(1).keepAlive(Duration.ofMinutes(5)).build();
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<String> firstThread = new AtomicReference<>();
    AtomicReference<String> secondThread = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    try (EventLoop loop = EventLoop.create()) {
      Task first = loop.start(Blocking.runOn(pool, () -> {
        firstThread.set(Thread.currentThread().getName());
        started.countDown();
        BlockingTestSupport.awaitRestoringInterrupt(new CountDownLatch(1)); // returns with the flag set
      }));
      assertThat(started.await(30, SECONDS)).isTrue();
      first.cancel();
      loop.run();
      loop.start(Blocking.runOn(pool, () -> {
        secondThread.set(Thread.currentThread().getName());
        interrupted.set(Thread.currentThread().isInterrupted());
      }));
      loop.run();
    }
    assertThat(secondThread.get()).isEqualTo(firstThread.get());
    assertThat(interrupted.get()).isFalse();
  }
}
