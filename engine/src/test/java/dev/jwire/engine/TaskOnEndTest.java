package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** {@link Task#onEnd} and {@link Task#error}: the engine's hook for monitoring tasks. */
class TaskOnEndTest {
  private final Recorder rec = new Recorder();
  private final EventLoop loop = EventLoop.builder().manual().virtualTime().build();

  private static String describe(Task t) {
    return t.state() + " result=" + t.result() + " error=" + t.error();
  }

  @Test
  void onEnd_taskDone_runsOnceOnTheLoopWithTheResult() {
    Task t = loop.start(Wire.sleep(Duration.ofSeconds(1)).then(Wire.result(42)));
    t.onEnd(x -> rec.add("ended " + describe(x) + " at " + loop.nanoTime() / 1_000_000 + " ms"));
    loop.run();
    assertThat(rec.events()).containsExactly("ended DONE result=42 error=null at 1000 ms");
  }

  @Test
  void onEnd_taskFailed_runsAfterTheHandler_andErrorIsTheHandlersError() {
    IllegalStateException boom = new IllegalStateException("boom");
    Task t = loop.start(Wire.call(() -> { throw boom; }), (ctx, e) -> rec.add("handler " + e.getMessage()));
    t.onEnd(x -> rec.add("ended " + x.state()));
    loop.run();
    assertThat(rec.events()).containsExactly("handler boom", "ended FAILED");
    assertThat(t.error()).isSameAs(boom);
  }

  @Test
  void onEnd_taskCancelledWhileSleeping_runs_andErrorIsNull() {
    Task t = loop.start(Wire.sleep(Duration.ofHours(1)));
    t.onEnd(x -> rec.add("ended " + describe(x)));
    loop.runUntilIdle();
    t.cancel();
    loop.run();
    assertThat(rec.events()).containsExactly("ended CANCELLED result=null error=null");
  }

  @Test
  void onEnd_taskCancelledWhileQueuedForASlot_runs() {
    Scope s = loop.openScope(ScopeOptions.defaults().maxConcurrency(1));
    s.start(Wire.sleep(Duration.ofSeconds(1)));
    Task queued = s.start(rec.call("never"));
    queued.onEnd(x -> rec.add("queued task ended " + x.state()));
    queued.cancel();
    s.close();
    assertThat(rec.events()).containsExactly("queued task ended CANCELLED");
  }

  @Test
  void onEnd_afterTheEnd_runsAtOnceOnTheCallingThread() {
    Task t = loop.start(Wire.nothing());
    loop.run();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    Disposable d = t.onEnd(x -> ranOn.set(Thread.currentThread()));
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(d.isDisposed()).as("nothing left to dispose").isTrue();
  }

  @Test
  void onEnd_disposed_isNotCalled_otherListenersAre() {
    Task t = loop.start(Wire.sleep(Duration.ofSeconds(1)));
    Disposable first = t.onEnd(x -> rec.add("first"));
    t.onEnd(x -> rec.add("second"));
    Disposable third = t.onEnd(x -> rec.add("third"));
    first.dispose();
    third.dispose();
    loop.run();
    assertThat(rec.events()).containsExactly("second");
  }

  @Test
  void onEnd_listenersRunInRegistrationOrder_aThrowingOneDisturbsNothing() {
    Task t = loop.start(Wire.sleep(Duration.ofSeconds(1)));
    t.onEnd(x -> rec.add("a"));
    t.onEnd(x -> {
      throw new IllegalStateException("listener bug");
    });
    t.onEnd(x -> rec.add("c"));
    Task sibling = loop.start(Wire.sleep(Duration.ofSeconds(2)).then(rec.call("sibling done")));
    loop.run();
    assertThat(rec.events()).containsExactly("a", "c", "sibling done");
    assertThat(t.state()).isEqualTo(Task.State.DONE);
    assertThat(sibling.state()).isEqualTo(Task.State.DONE);
  }

  @Test
  void onEnd_runsWhileTheTaskStillCountsInItsScope_soItCanStartAReplacementThere() {
    AtomicInteger generation = new AtomicInteger();
    Wire body = Wire.scope(ScopeOptions.defaults().named("pool"), s -> startWatched(s, generation));
    loop.start(body);
    loop.run();
    assertThat(rec.events()).containsExactly("gen 1", "gen 2", "gen 3");
  }

  private void startWatched(Scope s, AtomicInteger generation) {
    int g = generation.incrementAndGet();
    Task t = s.start(Wire.sleep(Duration.ofSeconds(1)).then(rec.call("gen " + g)));
    t.onEnd(x -> {
      if (g < 3) {
        startWatched(s, generation); // the last task of the scope has ended, yet the scope is open
      }
    });
  }

  @Test
  void onEnd_nullListener_isRejected() {
    Task t = loop.start(Wire.nothing());
    assertThatThrownBy(() -> t.onEnd(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("listener : null (expected: non-null)");
  }

  /** Registrations racing with the end of tasks on a loop thread: each listener runs exactly once. */
  @RepeatedTest(5)
  void onEnd_racingWithTheEnd_runsEachListenerExactlyOnce() {
    int n = 2_000;
    AtomicIntegerArray calls = new AtomicIntegerArray(n);
    try (EventLoop threaded = EventLoop.create()) {
      List<Task> tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        tasks.add(threaded.start(Wire.call(() -> {}).then(Wire.call(() -> {}))));
      }
      for (int i = 0; i < n; i++) {
        int k = i;
        tasks.get(i).onEnd(x -> calls.incrementAndGet(k));
      }
      threaded.run(Duration.ofMinutes(1));
    }
    for (int i = 0; i < n; i++) {
      assertThat(calls.get(i)).as("calls of listener %d", i).isEqualTo(1);
    }
  }
}
