package dev.jwire.engine;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Scopes: nesting, limits, timeouts, failure policies, results, cancellation, resources, daemons. */
class ScopeTest {
  private final Recorder rec = new Recorder();

  private static EventLoop loop() {
    return EventLoop.builder().manual().virtualTime().build();
  }

  private Wire at(EventLoop loop, String event) {
    return Wire.call(() -> rec.add(event + "@" + loop.nanoTime() / 1_000_000));
  }

  private Wire after(EventLoop loop, long millis, String event) {
    return Wire.sleep(ofMillis(millis)).then(at(loop, event));
  }

  @Test
  void scopeWire_endsWhenEveryTaskHasEnded() {
    EventLoop loop = loop();
    Wire body = Wire.scope(ScopeOptions.defaults(), s -> {
      s.start(after(loop, 30, "a"));
      s.start(after(loop, 10, "b"));
    });
    loop.start(body.then(at(loop, "scope done")));
    loop.run();
    assertThat(rec.events()).containsExactly("b@10", "a@30", "scope done@30");
  }

  @Test
  void scopeWire_tasksStartedByScopeTasksAreWaitedFor() {
    EventLoop loop = loop();
    Wire spawner = ctx -> {
      ctx.start(after(loop, 50, "grandchild"));
      return Wire.done();
    };
    loop.start(Wire.scope(ScopeOptions.defaults(), s -> s.start(spawner)).then(at(loop, "scope done")));
    loop.run();
    assertThat(rec.events()).containsExactly("grandchild@50", "scope done@50");
  }

  @Test
  void taskNames_carryTheScopePath() {
    EventLoop loop = loop();
    AtomicReference<String> name = new AtomicReference<>();
    Wire inner = Wire.scope(ScopeOptions.defaults().named("batch"),
        s -> s.start(Wire.sync(ctx -> {
          name.set(ctx.task().name());
          return null;
        }).named("poll")));
    loop.start(Wire.scope(ScopeOptions.defaults().named("jobs"), s -> s.start(inner)));
    loop.run();
    assertThat(name.get()).matches("jobs/batch/poll#\\d+");
  }

  @Test
  void plainCodeScope_closeWaitsForItsTasks_manualLoop() {
    EventLoop loop = loop();
    try (Scope s = loop.openScope(ScopeOptions.defaults().named("plain"))) {
      s.start(after(loop, 20, "x"));
      s.start(after(loop, 40, "y"));
    }
    assertThat(rec.events()).containsExactly("x@20", "y@40");
    assertThat(loop.liveTasks()).isZero();
  }

  @Test
  void plainCodeScope_closeWaitsForItsTasks_threadedLoop() {
    try (EventLoop loop = EventLoop.create()) {
      AtomicInteger n = new AtomicInteger();
      Scope scope;
      try (Scope s = loop.openScope(ScopeOptions.defaults())) {
        scope = s;
        for (int i = 0; i < 10; i++) {
          s.start(Wire.sleep(ofMillis(i)).then(Wire.call(n::incrementAndGet)));
        }
      }
      assertThat(n).hasValue(10);
      assertThat(scope.isDone()).isTrue();
    }
  }

  @Test
  void maxConcurrency_limitsRunningTasksAndKeepsStartOrder() {
    EventLoop loop = loop();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    List<Integer> order = new CopyOnWriteArrayList<>();
    try (Scope s = loop.openScope(ScopeOptions.defaults().maxConcurrency(3))) {
      for (int i = 0; i < 20; i++) {
        int id = i;
        s.start(Wire.sync(ctx -> {
          order.add(id);
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          return Wire.sleep(ofMillis(10 + id % 4)).then(Wire.call(running::decrementAndGet));
        }));
      }
      assertThat(s.statistics().queued()).isEqualTo(17);
    }
    assertThat(peak).hasValue(3);
    assertThat(order).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
  }

  @Test
  void cancellingQueuedTasks_firstMiddleAndLast_leavesTheOthersQueuedInOrder() {
    EventLoop loop = loop();
    List<Integer> order = new CopyOnWriteArrayList<>();
    try (Scope s = loop.openScope(ScopeOptions.defaults().maxConcurrency(1))) {
      List<Task> tasks = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int id = i;
        tasks.add(s.start(Wire.sleep(ofMillis(1)).then(Wire.call(() -> order.add(id)))));
      }
      assertThat(s.statistics().queued()).isEqualTo(7);
      for (int cancelled : new int[] {1, 4, 7}) { // first queued, one in the middle, the last
        tasks.get(cancelled).cancel();
      }
      assertThat(s.statistics().queued()).isEqualTo(4);
      tasks.get(4).cancel(); // twice: nothing more happens
      assertThat(s.statistics().queued()).isEqualTo(4);
      for (int cancelled : new int[] {1, 4, 7}) {
        assertThat(tasks.get(cancelled).state()).isEqualTo(Task.State.CANCELLED);
      }
    }
    assertThat(order).containsExactly(0, 2, 3, 5, 6);
  }

  @Test
  void timeout_cancelsTheRestAndReportsIt() {
    EventLoop loop = loop();
    AtomicReference<Boolean> timedOut = new AtomicReference<>();
    Wire scoped = Wire.scope(
        ScopeOptions.defaults().timeout(ofMillis(30)),
        s -> {
          s.start(after(loop, 10, "quick"));
          s.start(after(loop, 100, "slow"));
        },
        s -> {
          timedOut.set(s.timedOut());
          return at(loop, "after scope");
        });
    loop.start(scoped);
    loop.run();
    assertThat(timedOut.get()).isTrue();
    assertThat(rec.events()).containsExactly("quick@10", "after scope@30");
  }

  @Test
  void timeout_notReached_isNotReported() {
    EventLoop loop = loop();
    Scope s = loop.openScope(ScopeOptions.defaults().timeout(ofMillis(30)));
    s.start(after(loop, 10, "quick"));
    s.close();
    assertThat(s.timedOut()).isFalse();
    assertThat(rec.events()).containsExactly("quick@10");
  }

  @Test
  void failFast_firstFailureCancelsSiblingsAndIsRaisedFromTheScope() {
    EventLoop loop = loop();
    IllegalStateException first = new IllegalStateException("first");
    IllegalStateException second = new IllegalStateException("second");
    List<Throwable> handled = new CopyOnWriteArrayList<>();
    Wire scoped = Wire.scope(ScopeOptions.defaults(), s -> {
      s.start(Wire.sleep(ofMillis(10)).then(Wire.call(() -> {
        throw first;
      })));
      s.start(Wire.sync(ctx -> {
        ctx.bind(() -> {
          throw second; // its cleanup fails when the first failure cancels it
        });
        return Wire.sleep(ofMillis(50)).then(rec.call("sibling"));
      }));
    });
    loop.start(scoped.then(at(loop, "unreached")), (ctx, e) -> handled.add(e));
    loop.run();
    assertThat(handled).containsExactly(first);
    assertThat(first.getSuppressed()).containsExactly(second);
    assertThat(rec.events()).isEmpty();
    assertThat(loop.nanoTime()).isEqualTo(ofMillis(10).toNanos());
  }

  @Test
  void failFast_plainCodeScope_closeThrows() {
    EventLoop loop = loop();
    Scope s = loop.openScope(ScopeOptions.defaults());
    s.start(Wire.call(() -> {
      throw new IllegalArgumentException("bad job");
    }));
    s.start(after(loop, 50, "sibling"));
    assertThatThrownBy(s::close).isInstanceOf(IllegalArgumentException.class).hasMessage("bad job");
    assertThat(rec.events()).isEmpty();
    assertThat(s.isCancelled()).isTrue();
  }

  @Test
  void supervised_failuresStayWithTheirTask() {
    EventLoop loop = loop();
    List<String> scopeHandled = new CopyOnWriteArrayList<>();
    List<String> ownHandled = new CopyOnWriteArrayList<>();
    ScopeOptions options = ScopeOptions.defaults().onError((ctx, e) -> scopeHandled.add(e.getMessage()));
    try (Scope s = loop.openScope(options)) {
      s.start(Wire.call(() -> {
        throw new IllegalStateException("to scope handler");
      }));
      s.start(Wire.call(() -> {
        throw new IllegalStateException("to own handler");
      }), (ctx, e) -> ownHandled.add(e.getMessage()));
      s.start(after(loop, 20, "sibling runs on"));
    }
    assertThat(scopeHandled).containsExactly("to scope handler");
    assertThat(ownHandled).containsExactly("to own handler");
    assertThat(rec.events()).containsExactly("sibling runs on@20");
  }

  @Test
  void results_inStartOrder() {
    EventLoop loop = loop();
    AtomicReference<List<Object>> results = new AtomicReference<>();
    Wire scoped = Wire.scope(
        ScopeOptions.defaults().collectResults(),
        s -> {
          for (int i = 0; i < 5; i++) {
            s.start(Wire.sleep(ofMillis(50 - 10L * i)).then(Wire.result("r" + i)));
          }
          s.start(Wire.nothing());
        },
        s -> {
          results.set(s.results());
          return null;
        });
    loop.start(scoped);
    loop.run();
    assertThat(results.get()).containsExactly("r0", "r1", "r2", "r3", "r4", null);
  }

  @Test
  void results_withoutCollecting_isAClearError() {
    EventLoop loop = loop();
    Scope s = loop.openScope(ScopeOptions.defaults());
    assertThatThrownBy(s::results).isInstanceOf(IllegalStateException.class).hasMessageContaining("collectResults()");
    s.close();
  }

  @Test
  void cancel_reachesTasksQueuedWiresAndNestedScopes_andRunsCleanupOnceInReverse() {
    EventLoop loop = loop();
    Scope outer = loop.openScope(ScopeOptions.defaults().named("outer").maxConcurrency(2));
    outer.bind(() -> rec.add("close outer 1"));
    outer.bind(() -> rec.add("close outer 2"));
    AtomicReference<Scope> inner = new AtomicReference<>();
    outer.start(Wire.scope(ScopeOptions.defaults().named("inner"), s -> {
      inner.set(s);
      s.bind(() -> rec.add("close inner"));
      s.start(Wire.sync(ctx -> {
        ctx.bind(() -> rec.add("close task"));
        return Wire.sleep(Duration.ofDays(1)).then(rec.call("unreached"));
      }));
    }));
    outer.start(Wire.sleep(Duration.ofDays(1)).then(rec.call("unreached")));
    Task queued = outer.start(rec.call("queued never runs"));
    loop.runUntilIdle();
    assertThat(queued.state()).isEqualTo(Task.State.NEW);
    outer.cancel();
    outer.close();
    assertThat(rec.events()).containsExactly("close task", "close inner", "close outer 2", "close outer 1");
    assertThat(inner.get().isDone()).isTrue();
    assertThat(inner.get().isCancelled()).isTrue();
    assertThat(queued.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(loop.liveTasks()).isZero();
  }

  @Test
  void taskResources_closedOnDoneFailAndCancel() {
    EventLoop loop = loop();
    Wire binds = Wire.sync(ctx -> {
      String n = ctx.task().name();
      ctx.bind(() -> rec.add("close 1 " + n));
      ctx.bind(() -> rec.add("close 2 " + n));
      return null;
    });
    loop.start(binds.named("done"));
    loop.start(binds.then(Wire.call(() -> {
      throw new IllegalStateException("x");
    })).named("failed"), (ctx, e) -> rec.add("handled"));
    Task cancelled = loop.start(binds.then(Wire.sleep(Duration.ofDays(1))).named("cancelled"));
    loop.runUntilIdle();
    cancelled.cancel();
    loop.run();
    assertThat(rec.events())
        .containsExactly(
            "close 2 done#1", "close 1 done#1",
            "close 2 failed#2", "close 1 failed#2", "handled",
            "close 2 cancelled#3", "close 1 cancelled#3");
  }

  @Test
  void failingResourceClose_isSuppressedIntoTheFailure() {
    EventLoop loop = loop();
    List<Throwable> handled = new CopyOnWriteArrayList<>();
    IllegalStateException closeError = new IllegalStateException("close failed");
    loop.start(Wire.sync(ctx -> {
      ctx.bind(() -> {
        throw closeError;
      });
      return Wire.call(() -> {
        throw new IllegalArgumentException("work failed");
      });
    }), (ctx, e) -> handled.add(e));
    loop.run();
    assertThat(handled).singleElement().satisfies(e -> assertThat(e.getSuppressed()).containsExactly(closeError));
  }

  @Test
  void cancellingTheOwnerTask_cancelsItsScope_andEndsOnlyAfterIt() {
    EventLoop loop = loop();
    AtomicReference<Scope> child = new AtomicReference<>();
    Task owner = loop.start(Wire.scope(ScopeOptions.defaults(), s -> {
      child.set(s);
      s.bind(() -> rec.add("scope cleanup"));
      s.start(Wire.sleep(Duration.ofDays(1)));
    }).then(rec.call("unreached")));
    loop.runUntilIdle();
    assertThat(owner.state()).isEqualTo(Task.State.WAITING);
    owner.cancel();
    loop.run();
    assertThat(owner.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(child.get().isDone()).isTrue();
    assertThat(rec.events()).containsExactly("scope cleanup");
  }

  @Test
  void daemons_doNotHoldTheScopeAndAreCancelledWhenItsWorkIsDone() {
    EventLoop loop = loop();
    AtomicInteger beats = new AtomicInteger();
    AtomicReference<Task> daemon = new AtomicReference<>();
    loop.start(Wire.scope(ScopeOptions.defaults(), s -> {
      daemon.set(s.startDaemon(Wire.sleep(ofMillis(10)).then(Wire.call(beats::incrementAndGet)).forever()));
      s.start(Wire.sleep(ofMillis(35)));
    }).then(at(loop, "scope done")));
    loop.run();
    assertThat(rec.events()).containsExactly("scope done@35");
    assertThat(beats).hasValue(3);
    assertThat(daemon.get().state()).isEqualTo(Task.State.CANCELLED);
    assertThat(daemon.get().isDaemon()).isTrue();
  }

  @Test
  void loopDaemon_doesNotHoldRun_closeCancelsIt() {
    EventLoop loop = EventLoop.builder().virtualTime().build();
    Task daemon = loop.startDaemon(Wire.sleep(ofMillis(10)).forever());
    loop.start(Wire.sleep(ofMillis(25)));
    loop.run();
    assertThat(daemon.isDone()).isFalse();
    loop.close();
    assertThat(daemon.state()).isEqualTo(Task.State.CANCELLED);
  }

  @Test
  void endedScope_refusesNewWork() {
    EventLoop loop = loop();
    Scope s = loop.openScope(ScopeOptions.defaults().named("old"));
    s.close();
    assertThatThrownBy(() -> s.start(Wire.nothing())).isInstanceOf(IllegalStateException.class).hasMessageContaining("'old' has ended");
    assertThatThrownBy(() -> s.bind(() -> rec.add("closed at once"))).isInstanceOf(IllegalStateException.class);
    assertThat(rec.events()).containsExactly("closed at once");
  }

  @Test
  void closeOnAWireOpenedScope_isRefused() {
    EventLoop loop = loop();
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(Wire.scope(ScopeOptions.defaults(), Scope::close), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("opened by a wire");
  }

  @Test
  void options_badValues_failAtTheCallSite() {
    assertThatThrownBy(() -> ScopeOptions.defaults().maxConcurrency(0)).hasMessage("maxConcurrency : 0 (expected: >= 1)");
    assertThatThrownBy(() -> ScopeOptions.defaults().timeout(Duration.ZERO)).hasMessage("timeout : PT0S (expected: > 0)");
    assertThatThrownBy(() -> ScopeOptions.defaults().named("a/b")).isInstanceOf(IllegalArgumentException.class);
  }
}
