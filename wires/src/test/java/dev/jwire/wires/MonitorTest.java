package dev.jwire.wires;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireErrorHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** {@link Monitor} and {@link Outcome}: told how another task ended, as a wire, a callback or a Mono. */
class MonitorTest {
  private static final WireErrorHandler QUIET = (ctx, e) -> {};

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().virtualTime().build();

  /** Runs until every task has ended; a machine that never ends fails the test instead of hanging it. */
  private void runToEnd() {
    assertThat(loop.run(Duration.ofDays(1))).as("every task ended within a virtual day").isTrue();
  }

  private String now() {
    return loop.nanoTime() / 1_000_000 + "ms";
  }

  /** A watcher that starts {@code worker} beside itself and records its outcome when it ends. */
  private Wire watch(Wire worker, WireErrorHandler handler) {
    return Wire.sync(ctx -> {
      Task w = ctx.start(worker, handler);
      return Monitor.await(w, o -> Wire.call(
          () -> events.add(now() + " " + o.state() + " " + o.result() + " " + o.error())));
    });
  }

  @Test
  void await_workerDone_reportsItsResult() {
    loop.start(watch(Wire.sleep(ofSeconds(1)).then(Wire.result(42)), QUIET));
    runToEnd();
    assertThat(events).containsExactly("1000ms DONE 42 null");
  }

  @Test
  void await_workerFailed_reportsItsError() {
    loop.start(watch(Wire.sleep(ofSeconds(2)).then(Wire.call(() -> {
      throw new IOException("disk gone");
    })), QUIET));
    runToEnd();
    assertThat(events).containsExactly("2000ms FAILED null java.io.IOException: disk gone");
  }

  @Test
  void await_workerCancelled_reportsTheCancellation() {
    Task worker = loop.start(Wire.sleep(Duration.ofHours(1)));
    loop.start(Monitor.await(worker, o -> Wire.call(() -> events.add(now() + " " + o))));
    loop.start(Wire.sleep(ofSeconds(3)).then(Wire.call(worker::cancel)));
    runToEnd();
    assertThat(events).containsExactly("3000ms " + worker.name() + " CANCELLED");
  }

  @Test
  void await_workerAlreadyEnded_continuesAtOnce() {
    Task worker = loop.start(Wire.result("early"));
    runToEnd();
    loop.start(Monitor.await(worker, o -> Wire.call(() -> events.add(o.state() + " " + o.result()))));
    loop.runUntilIdle();
    assertThat(events).containsExactly("DONE early");
  }

  @Test
  void await_watcherCancelled_isNotResumed_theWorkerIsUntouched() {
    Task worker = loop.start(Wire.sleep(ofSeconds(5)).then(Wire.call(() -> events.add("worker done"))));
    Task watcher = loop.start(Monitor.await(worker, o -> Wire.call(() -> events.add("told"))));
    loop.runUntilIdle();
    assertThat(watcher.state()).isEqualTo(Task.State.WAITING);
    watcher.cancel();
    runToEnd();
    assertThat(events).containsExactly("worker done");
    assertThat(watcher.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(worker.state()).isEqualTo(Task.State.DONE);
  }

  @Test
  void await_taskOfAnotherLoop_continuesOnTheWatchersOwnThread() {
    AtomicReference<Thread> told = new AtomicReference<>();
    AtomicReference<Thread> watcherThread = new AtomicReference<>();
    try (EventLoop other = EventLoop.create(); EventLoop mine = EventLoop.create()) {
      Task worker = other.start(Wire.sleep(Duration.ofMillis(20)).then(Wire.result("far")));
      mine.start(Wire.sync(ctx -> {
        watcherThread.set(Thread.currentThread());
        return Monitor.await(worker, o -> Wire.call(() -> {
          told.set(Thread.currentThread());
          events.add(o.state() + " " + o.result());
        }));
      }));
      assertThat(mine.run(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(events).containsExactly("DONE far");
    assertThat(told.get()).isSameAs(watcherThread.get());
  }

  @Test
  void await_name_namesTheWatchedTask() {
    Task worker = loop.start(Wire.sleep(ofSeconds(1)).named("fetch"));
    Task watcher = loop.start(Monitor.await(worker, o -> null));
    assertThat(watcher.name()).startsWith("monitor fetch#");
    runToEnd();
  }

  @Test
  void onEnd_callsBackOnceWithEachKindOfOutcome() {
    Task done = loop.start(Wire.result("ok"));
    Task failed = loop.start(Wire.call(() -> {
      throw new IllegalStateException("bad");
    }), QUIET);
    Task cancelled = loop.start(Wire.sleep(ofSeconds(10)));
    for (Task t : List.of(done, failed, cancelled)) {
      Monitor.onEnd(t, o -> events.add(o.state() + (o.isDone() ? " " + o.result() : "")
          + (o.isFailed() ? " " + o.error().getMessage() : "") + (o.isCancelled() ? " !" : "")));
    }
    loop.runUntilIdle();
    cancelled.cancel();
    runToEnd();
    assertThat(events).containsExactly("DONE ok", "FAILED bad", "CANCELLED !");
  }

  @Test
  void onEnd_disposed_isNotCalled() {
    Task t = loop.start(Wire.sleep(ofSeconds(1)));
    Disposable d = Monitor.onEnd(t, o -> events.add("told"));
    d.dispose();
    runToEnd();
    assertThat(events).isEmpty();
  }

  @Test
  void outcome_monoCompletesWithTheOutcome_evenForAFailure() {
    Task t = loop.start(Wire.sleep(ofSeconds(1)).then(Wire.call(() -> {
      throw new IllegalArgumentException("nope");
    })), QUIET);
    AtomicReference<Outcome> got = new AtomicReference<>();
    Monitor.outcome(t).subscribe(got::set);
    runToEnd();
    assertThat(got.get().isFailed()).isTrue();
    assertThat(got.get().error()).hasMessage("nope");
    assertThat(got.get().task()).isSameAs(t);
  }

  @Test
  void outcome_toString_namesTaskStateAndDetail() {
    Task t = loop.start(Wire.result(7).named("calc"));
    runToEnd();
    assertThat(Outcome.of(t)).hasToString(t.name() + " DONE (result 7)");
  }

  @Test
  void outcome_ofARunningTask_isRejected() {
    Task t = loop.start(Wire.sleep(ofSeconds(1)));
    assertThatThrownBy(() -> Outcome.of(t)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(expected: an ended task)");
    runToEnd();
  }

  @Test
  void outcome_inconsistentParts_areRejected() {
    Task t = loop.start(Wire.nothing());
    runToEnd();
    assertThatThrownBy(() -> new Outcome(t, Task.State.RUNNING, null, null))
        .hasMessage("state : RUNNING (expected: DONE, FAILED or CANCELLED)");
    assertThatThrownBy(() -> new Outcome(t, Task.State.FAILED, null, null))
        .hasMessageContaining("expected: an error exactly when the state is FAILED");
    assertThatThrownBy(() -> new Outcome(t, Task.State.CANCELLED, "x", null))
        .hasMessage("result : x (expected: null unless DONE)");
  }

  @Test
  void nullArguments_areRejectedNamingTheArgument() {
    Task t = loop.start(Wire.nothing());
    assertThatThrownBy(() -> Monitor.await(null, o -> null)).hasMessage("task : null (expected: non-null)");
    assertThatThrownBy(() -> Monitor.await(t, null)).hasMessage("then : null (expected: non-null)");
    assertThatThrownBy(() -> Monitor.onEnd(t, null)).hasMessage("callback : null (expected: non-null)");
    assertThatThrownBy(() -> Monitor.outcome(null)).hasMessage("task : null (expected: non-null)");
    runToEnd();
  }
}
