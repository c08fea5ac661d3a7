package dev.jwire.engine;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The loop: starting, running, timeouts, errors, threads and closing. */
class EventLoopTest {
  private final Recorder rec = new Recorder();

  private static EventLoop manualVirtual() {
    return EventLoop.builder().manual().virtualTime().build();
  }

  // --- bad input -----------------------------------------------------------------------------

  @Test
  void start_nullWire_failsNamingTheArgument() {
    try (EventLoop loop = EventLoop.create()) {
      assertThatThrownBy(() -> loop.start(null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("wire : null (expected: non-null)");
      assertThatThrownBy(() -> loop.start(Wire.nothing(), null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("handler : null (expected: non-null)");
    }
  }

  @Test
  void run_negativeTimeout_failsWithTheRule() {
    try (EventLoop loop = EventLoop.create()) {
      assertThatThrownBy(() -> loop.run(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout : PT-1S (expected: >= 0)");
    }
  }

  @Test
  void start_afterClose_failsWithClosedLoop() {
    EventLoop loop = EventLoop.create();
    loop.close();
    assertThatThrownBy(() -> loop.start(Wire.nothing()))
        .isInstanceOf(LoopClosedException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(loop::run).isInstanceOf(LoopClosedException.class);
    loop.close(); // idempotent
  }

  @Test
  void builder_contradictions_failAtBuild() {
    assertThatThrownBy(() -> EventLoop.builder().threads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads : 0 (expected: >= 1)");
    assertThatThrownBy(() -> EventLoop.builder().threads(2).virtualTime().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("virtualTime()");
    assertThatThrownBy(() -> EventLoop.builder().manual().threads(2).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void run_onLoopThread_isRefused() {
    try (EventLoop loop = EventLoop.create()) {
      AtomicReference<Throwable> seen = new AtomicReference<>();
      loop.start(Wire.call(() -> ctxRun(loop)), (ctx, e) -> seen.set(e));
      loop.run();
      assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("wait for itself");
    }
  }

  private static void ctxRun(EventLoop loop) {
    loop.run();
  }

  @Test
  void wireReturningNullMono_failsWithAClearMessage() {
    EventLoop loop = manualVirtual();
    loop.start(ctx -> null);
    assertThatThrownBy(loop::run)
        .isInstanceOf(UnhandledWireException.class)
        .hasRootCauseMessage(
            "wire 'wire' returned null from run(ctx) (expected: a Mono; return Wire.done() to finish or"
                + " Wire.next(successor) to continue)");
  }

  // --- errors ----------------------------------------------------------------------------------

  @Test
  void handler_receivesLoopAndError_once() {
    EventLoop loop = manualVirtual();
    IllegalStateException boom = new IllegalStateException("boom");
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    AtomicReference<EventLoop> seenLoop = new AtomicReference<>();
    loop.start(
        Wire.call(() -> {
          throw boom;
        }).then(rec.call("unreached")),
        (ctx, e) -> {
          errors.add(e);
          seenLoop.set(ctx.loop());
        });
    loop.run();
    assertThat(errors).containsExactly(boom);
    assertThat(seenLoop.get()).isSameAs(loop);
    assertThat(rec.events()).isEmpty();
  }

  @Test
  void unhandledError_runThrowsWithWireNameStartSiteAndCause() {
    EventLoop loop = manualVirtual();
    IllegalStateException boom = new IllegalStateException("boom");
    loop.start(Wire.call(() -> {
      throw boom;
    }).named("poll")); // the start site: this line
    assertThatThrownBy(loop::run)
        .isInstanceOf(UnhandledWireException.class)
        .hasMessageContaining("wire 'poll#1' failed and has no error handler")
        .hasMessageContaining("java.lang.IllegalStateException: boom")
        .hasCause(boom)
        .satisfies(
            e -> {
              StackTraceElement top = e.getStackTrace()[0];
              assertThat(top.getClassName()).isEqualTo(EventLoopTest.class.getName());
              assertThat(top.getMethodName()).isEqualTo("unhandledError_runThrowsWithWireNameStartSiteAndCause");
            });
  }

  @Test
  void unhandledError_fullStartSites_recordWholeStack() {
    EventLoop loop = EventLoop.builder().manual().startSites(StartSiteCapture.FULL).build();
    loop.start(Wire.call(() -> {
      throw new IllegalStateException("x");
    }));
    assertThatThrownBy(loop::run)
        .satisfies(e -> assertThat(e.getStackTrace().length).isGreaterThan(3))
        .satisfies(e -> assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("unhandledError_fullStartSites_recordWholeStack"));
  }

  @Test
  void throwingHandler_surfacesWithOriginalCauseAndHandlerSuppressed() {
    EventLoop loop = manualVirtual();
    IllegalStateException boom = new IllegalStateException("boom");
    RuntimeException handlerBug = new RuntimeException("handler bug");
    loop.start(Wire.call(() -> {
      throw boom;
    }), (ctx, e) -> {
      throw handlerBug;
    });
    assertThatThrownBy(loop::run)
        .isInstanceOf(UnhandledWireException.class)
        .hasCause(boom)
        .hasMessageContaining("error handler threw")
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(handlerBug));
  }

  @Test
  void unhandledError_cancelsTheOthers_laterFailuresSuppressed() {
    EventLoop loop = manualVirtual();
    Task sleeper = loop.start(Wire.sleep(Duration.ofDays(1)).then(rec.call("unreached")));
    loop.start(Wire.sleep(ofMillis(5)).then(Wire.call(() -> {
      throw new IllegalStateException("first");
    })));
    assertThatThrownBy(loop::run).hasRootCauseMessage("first");
    assertThat(sleeper.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(rec.events()).isEmpty();
    assertThat(loop.nanoTime()).isEqualTo(ofMillis(5).toNanos());
  }

  @Test
  void spawnedSuccessor_inheritsTheHandler() {
    EventLoop loop = manualVirtual();
    List<String> handled = new CopyOnWriteArrayList<>();
    Wire failing = Wire.call(() -> {
      throw new IllegalStateException("in successor");
    });
    Wire left = ctx -> Wire.next(failing);
    loop.start(left.then(rec.call("right")), (ctx, e) -> handled.add(e.getMessage()));
    loop.run();
    assertThat(rec.events()).containsExactly("right");
    assertThat(handled).containsExactly("in successor");
  }

  @Test
  void handler_canStartAReplacement() {
    EventLoop loop = manualVirtual();
    loop.start(Wire.call(() -> {
      throw new IllegalStateException("crash");
    }), (ctx, e) -> ctx.start(rec.call("restarted")));
    loop.run();
    assertThat(rec.events()).containsExactly("restarted");
  }

  // --- wires starting wires --------------------------------------------------------------------

  @Test
  void wiresStartWires_throughTheirContext() {
    EventLoop loop = manualVirtual();
    AtomicInteger depth = new AtomicInteger();
    Wire[] spawner = new Wire[1];
    spawner[0] = ctx -> {
      int d = depth.incrementAndGet();
      rec.add("level " + d);
      if (d < 4) {
        ctx.start(spawner[0]);
      }
      return Wire.done();
    };
    loop.start(spawner[0]);
    loop.run();
    assertThat(rec.events()).containsExactly("level 1", "level 2", "level 3", "level 4");
    assertThat(loop.startedTasks()).isEqualTo(4);
  }

  // --- timeouts and closing --------------------------------------------------------------------

  @Test
  void runWithTimeout_finishedEarly_returnsTrue() {
    EventLoop loop = manualVirtual();
    loop.start(Wire.sleep(ofMillis(100)));
    assertThat(loop.run(Duration.ofSeconds(1))).isTrue();
    assertThat(loop.nanoTime()).isEqualTo(ofMillis(100).toNanos());
  }

  @Test
  void runWithTimeout_cancelsTheRest() {
    EventLoop loop = manualVirtual();
    Task quick = loop.start(Wire.sleep(ofMillis(100)));
    Task slow = loop.start(Wire.sleep(Duration.ofSeconds(10)).then(rec.call("unreached")));
    assertThat(loop.run(Duration.ofSeconds(1))).isFalse();
    assertThat(quick.state()).isEqualTo(Task.State.DONE);
    assertThat(slow.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(loop.liveTasks()).isZero();
    assertThat(rec.events()).isEmpty();
  }

  @Test
  void close_withBuilderTimeout_cancelsTheRest() {
    EventLoop loop = EventLoop.builder().virtualTime().timeout(Duration.ofSeconds(1)).build();
    Task forever = loop.start(Wire.sleep(ofMillis(10)).forever());
    loop.close();
    assertThat(forever.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(loop.isClosed()).isTrue();
  }

  @Test
  void close_runsToCompletion() {
    AtomicInteger n = new AtomicInteger();
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Wire.sleep(ofMillis(20)).then(Wire.call(n::incrementAndGet)).times(3));
    }
    assertThat(n).hasValue(3);
  }

  @Test
  void run_isRepeatable() {
    EventLoop loop = manualVirtual();
    loop.start(rec.call("first"));
    loop.run();
    loop.start(rec.call("second"));
    loop.run();
    assertThat(rec.events()).containsExactly("first", "second");
  }

  // --- cancellation ----------------------------------------------------------------------------

  @Test
  void cancel_sleepingTask_noFurtherStepNoHandler() {
    EventLoop loop = manualVirtual();
    AtomicBoolean handled = new AtomicBoolean();
    Task t = loop.start(Wire.sleep(Duration.ofMinutes(1)).then(rec.call("unreached")), (ctx, e) -> handled.set(true));
    loop.runUntilIdle();
    assertThat(t.state()).isEqualTo(Task.State.SLEEPING);
    t.cancel();
    loop.run();
    assertThat(t.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(handled).isFalse();
    assertThat(rec.events()).isEmpty();
    assertThat(loop.nanoTime()).as("the cancelled timer no longer holds the clock").isZero();
  }

  @Test
  void cancel_waitingTask_cancelsItsSubscription() {
    try (EventLoop loop = EventLoop.create()) {
      AtomicBoolean upstreamCancelled = new AtomicBoolean();
      Sinks.One<String> never = Sinks.one();
      Task t = loop.start(Wire.call(() -> never.asMono().doOnCancel(() -> upstreamCancelled.set(true))));
      await().until(() -> t.state() == Task.State.WAITING);
      t.cancel();
      loop.run();
      assertThat(t.state()).isEqualTo(Task.State.CANCELLED);
      assertThat(upstreamCancelled).isTrue();
    }
  }

  @Test
  void cancel_fromOwnStep_stopsAfterThatStep() {
    EventLoop loop = manualVirtual();
    loop.start(Wire.sync(ctx -> {
      ctx.task().cancel();
      rec.add("step");
      return Wire.call(() -> rec.add("unreached"));
    }));
    loop.run();
    assertThat(rec.events()).containsExactly("step");
  }

  // --- manual stepping and virtual time --------------------------------------------------------

  @Test
  void runOneStep_stepsByHand() {
    EventLoop loop = EventLoop.builder().manual().build();
    loop.start(rec.call("a1").then(rec.call("a2")));
    loop.start(rec.call("b1"));
    assertThat(loop.runOneStep()).isTrue();
    assertThat(rec.events()).containsExactly("a1");
    assertThat(loop.runOneStep()).isTrue();
    assertThat(rec.events()).containsExactly("a1", "b1");
    assertThat(loop.runOneStep()).isTrue();
    assertThat(rec.events()).containsExactly("a1", "b1", "a2");
    assertThat(loop.runOneStep()).isFalse();
    assertThat(loop.liveTasks()).isZero();
  }

  @Test
  void advanceTimeBy_runsADayLongJobLoopInstantly() {
    EventLoop loop = EventLoop.builder().manual().virtualTime().autoAdvance(false).build();
    AtomicInteger runs = new AtomicInteger();
    loop.start(Wire.sleep(Duration.ofHours(1)).then(Wire.call(runs::incrementAndGet)).forever());
    loop.runUntilIdle();
    assertThat(runs).hasValue(0);
    loop.advanceTimeBy(Duration.ofMinutes(59));
    assertThat(runs).hasValue(0);
    loop.advanceTimeBy(Duration.ofMinutes(1));
    assertThat(runs).hasValue(1);
    loop.advanceTimeBy(Duration.ofDays(1));
    assertThat(runs).hasValue(25);
    assertThat(loop.instant()).isEqualTo(java.time.Instant.EPOCH.plus(Duration.ofHours(25)));
    loop.cancelAll();
    loop.runUntilIdle();
    assertThat(loop.liveTasks()).isZero();
  }

  @Test
  void advanceTimeBy_onSystemClock_isRefused() {
    try (EventLoop loop = EventLoop.create()) {
      assertThatThrownBy(() -> loop.advanceTimeBy(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("virtualTime()");
    }
  }

  @Test
  void virtualTime_threadedLoop_autoAdvances() {
    try (EventLoop loop = EventLoop.builder().virtualTime().build()) {
      AtomicInteger n = new AtomicInteger();
      loop.start(Wire.sleep(Duration.ofDays(365)).then(Wire.call(n::incrementAndGet)).times(3));
      loop.run();
      assertThat(n).hasValue(3);
      assertThat(loop.nanoTime()).isEqualTo(Duration.ofDays(3 * 365).toNanos());
    }
  }

  @Test
  void virtualTime_isPerLoop_twoLoopsIndependent() {
    EventLoop a = manualVirtual();
    EventLoop b = EventLoop.builder().manual().virtualTime().autoAdvance(false).build();
    a.start(Wire.sleep(Duration.ofHours(2)));
    b.start(Wire.sleep(Duration.ofHours(2)));
    a.run();
    b.runUntilIdle();
    assertThat(a.nanoTime()).isEqualTo(Duration.ofHours(2).toNanos());
    assertThat(b.nanoTime()).isZero();
    assertThat(b.liveTasks()).isOne();
    b.cancelAll();
    b.runUntilIdle();
  }

  @Test
  void scheduler_reactorDelayRunsInLoopTime() {
    EventLoop loop = manualVirtual();
    AtomicReference<String> thread = new AtomicReference<>();
    loop.start(ctx -> Mono.delay(Duration.ofSeconds(30), ctx.scheduler()).doOnNext(x -> thread.set("fired")).then(Mono.empty()));
    loop.run();
    assertThat(thread.get()).isEqualTo("fired");
    assertThat(loop.nanoTime()).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // guards against a hang, measures nothing
  void virtualTime_reactorDelayOnLoopScheduler_isAWaitOnTheLoopClock() {
    // a grace of 100 days: if the delay counted as an outside wait, the loop would never jump
    try (EventLoop loop = EventLoop.builder().virtualTime().autoAdvanceGrace(Duration.ofDays(100)).build()) {
      AtomicInteger n = new AtomicInteger();
      Wire wait = ctx -> Mono.delay(Duration.ofHours(1), ctx.scheduler()).then(Mono.fromRunnable(n::incrementAndGet));
      loop.start(wait.times(1000));
      loop.run();
      assertThat(n).hasValue(1000);
      assertThat(loop.nanoTime()).isEqualTo(Duration.ofHours(1000).toNanos());
    }
  }

  @Test
  void scheduler_periodicAndDisposable() {
    EventLoop loop = EventLoop.builder().manual().virtualTime().autoAdvance(false).build();
    AtomicInteger ticks = new AtomicInteger();
    reactor.core.Disposable d =
        loop.scheduler().schedulePeriodically(ticks::incrementAndGet, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    loop.advanceTimeBy(Duration.ofSeconds(5));
    assertThat(ticks).hasValue(5);
    d.dispose();
    loop.advanceTimeBy(Duration.ofSeconds(5));
    assertThat(ticks).hasValue(5);
  }

  @Test
  void scheduler_aPeriodBeyondTheLoopsHorizon_runsOnceAndWaits_insteadOfOverflowing() {
    EventLoop loop = EventLoop.builder().manual().virtualTime().autoAdvance(false).build();
    AtomicInteger ticks = new AtomicInteger();
    reactor.core.Disposable d = loop.scheduler()
        .schedulePeriodically(ticks::incrementAndGet, 0, Long.MAX_VALUE, java.util.concurrent.TimeUnit.NANOSECONDS);
    loop.advanceTimeBy(Duration.ofDays(365));
    assertThat(ticks).hasValue(1);
    d.dispose();
  }

  // --- threads ---------------------------------------------------------------------------------

  @Test
  void asyncCompletions_hopBackToTheTasksThread() {
    try (EventLoop loop = EventLoop.builder().name("hop").build()) {
      List<String> threads = new CopyOnWriteArrayList<>();
      Wire step = ctx -> Mono.fromCallable(() -> "x")
          .subscribeOn(Schedulers.parallel())
          .doOnNext(x -> threads.add("emit:" + Thread.currentThread().getName().startsWith("parallel")))
          .then(Mono.fromSupplier(() -> {
            threads.add("next:" + Thread.currentThread().getName());
            return Wire.nothing();
          }).subscribeOn(Schedulers.parallel()));
      loop.start(step.then(Wire.call(() -> threads.add("step:" + Thread.currentThread().getName()))).times(3));
      loop.run();
      assertThat(threads).filteredOn(s -> s.startsWith("step:")).containsOnly("step:hop-0").hasSize(3);
    }
  }

  @Test
  void nThreads_tasksArePinnedAndSpread() {
    try (EventLoop loop = EventLoop.builder().name("pin").threads(2).build()) {
      int tasks = 8;
      List<List<String>> seen = new CopyOnWriteArrayList<>();
      for (int i = 0; i < tasks; i++) {
        List<String> mine = new CopyOnWriteArrayList<>();
        seen.add(mine);
        Wire record = Wire.call(() -> mine.add(Thread.currentThread().getName()));
        loop.start(record.then(Wire.call(() -> Mono.delay(ofMillis(1)))).times(5));
      }
      loop.run();
      assertThat(seen).allSatisfy(names -> assertThat(names).hasSize(5).containsOnly(names.get(0)));
      assertThat(seen).extracting(names -> names.get(0)).containsOnly("pin-0", "pin-1").contains("pin-0", "pin-1");
    }
  }

  @Test
  void executor_stepsRunOnTheUsersExecutor() {
    ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui-thread"));
    try (EventLoop loop = EventLoop.builder().executor(ui).build()) {
      List<String> threads = new CopyOnWriteArrayList<>();
      loop.start(Wire.sleep(ofMillis(5)).then(Wire.call(() -> threads.add(Thread.currentThread().getName()))).times(3));
      loop.run();
      assertThat(threads).containsExactly("ui-thread", "ui-thread", "ui-thread");
    } finally {
      ui.shutdownNow();
    }
  }

  @Test
  void budget_aBusyTaskDoesNotStarveOthers() {
    try (EventLoop loop = EventLoop.create()) {
      AtomicInteger spins = new AtomicInteger();
      Task busy = loop.start(Wire.call(spins::incrementAndGet).forever());
      loop.start(Wire.call(busy::cancel));
      loop.run();
      assertThat(busy.state()).isEqualTo(Task.State.CANCELLED);
    }
  }

  @Test
  void closeFromAStep_cancelsEverythingAndStops() {
    EventLoop loop = EventLoop.create();
    Task sleeper = loop.start(Wire.sleep(Duration.ofDays(1)));
    loop.start(Wire.sleep(ofMillis(5)).then(Wire.call(loop::close)));
    await().until(loop::isClosed);
    await().until(() -> sleeper.state() == Task.State.CANCELLED);
  }

  // --- Reactor form ----------------------------------------------------------------------------

  @Test
  void runAsync_completesWhenAllTasksEnd() {
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Wire.sleep(ofMillis(20)).then(rec.call("done")));
      StepVerifier.create(loop.runAsync()).expectComplete().verify(Duration.ofSeconds(10));
      assertThat(rec.events()).containsExactly("done");
    }
  }

  @Test
  void runAsync_failsWithTheUnhandledError() {
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Wire.call(() -> {
        throw new IllegalStateException("async-visible");
      }));
      StepVerifier.create(loop.runAsync())
          .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnhandledWireException.class).hasRootCauseMessage("async-visible"))
          .verify(Duration.ofSeconds(10));
    }
  }

  @Test
  void runAsyncWithTimeout_reportsTimedOut() {
    try (EventLoop loop = EventLoop.builder().virtualTime().build()) {
      loop.start(Wire.sleep(Duration.ofHours(1)));
      StepVerifier.create(loop.runAsync(Duration.ofMinutes(1))).expectNext(false).expectComplete().verify(Duration.ofSeconds(10));
      assertThat(loop.liveTasks()).isZero();
    }
  }

  @Test
  void runAsync_onManualLoop_isRefused() {
    EventLoop loop = manualVirtual();
    StepVerifier.create(loop.runAsync()).expectError(IllegalStateException.class).verify(Duration.ofSeconds(5));
  }
}
