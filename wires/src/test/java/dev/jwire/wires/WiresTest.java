package dev.jwire.wires;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** all / any / race / timeout / orElse, in virtual time. */
class WiresTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().virtualTime().build();

  private Wire after(long millis, String event) {
    return Wire.sleep(ofMillis(millis)).then(Wire.call(() -> events.add(event + "@" + loop.nanoTime() / 1_000_000)));
  }

  private Wire failAfter(long millis, String message) {
    return Wire.sleep(ofMillis(millis)).then(Wire.call(() -> {
      throw new IllegalStateException(message);
    }));
  }

  private Throwable runExpectingFailure(Wire wire) {
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(wire.then(Wire.call(() -> events.add("unreached"))), (ctx, e) -> error.set(e));
    loop.run();
    return error.get();
  }

  @Test
  void all_doneWhenEveryBranchIsDone() {
    loop.start(Wires.all(after(30, "a"), after(10, "b")).then(after(0, "all done")));
    loop.run();
    assertThat(events).containsExactly("b@10", "a@30", "all done@30");
  }

  @Test
  void all_waitsForWhatBranchesStart() {
    Wire spawner = ctx -> {
      ctx.start(after(40, "spawned"));
      return Wire.done();
    };
    loop.start(Wires.all(spawner, after(10, "b")).then(after(0, "all done")));
    loop.run();
    assertThat(events).containsExactly("b@10", "spawned@40", "all done@40");
  }

  @Test
  void all_firstFailureCancelsTheOthersAndFails() {
    Throwable e = runExpectingFailure(Wires.all(failAfter(10, "boom"), after(50, "other")));
    assertThat(e).hasMessage("boom");
    assertThat(events).isEmpty();
    assertThat(loop.nanoTime()).isEqualTo(ofMillis(10).toNanos());
  }

  @Test
  void any_firstSuccessWinsAndCancelsTheRest() {
    loop.start(Wires.any(after(30, "slow"), after(10, "fast")).then(after(0, "any done")));
    loop.run();
    assertThat(events).containsExactly("fast@10", "any done@10");
  }

  @Test
  void any_failuresDoNotWinWhileAnotherMaySucceed() {
    loop.start(Wires.any(failAfter(5, "first fails"), after(20, "second")).then(after(0, "any done")));
    loop.run();
    assertThat(events).containsExactly("second@20", "any done@20");
  }

  @Test
  void any_allFail_failsWithTheFirstAndSuppressesTheRest() {
    Throwable e = runExpectingFailure(Wires.any(failAfter(5, "one"), failAfter(10, "two")));
    assertThat(e).hasMessage("one");
    assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("two");
  }

  @Test
  void race_firstFinisherDecidesEvenIfItFails() {
    Throwable e = runExpectingFailure(Wires.race(failAfter(5, "lost the race"), after(20, "second")));
    assertThat(e).hasMessage("lost the race");
    assertThat(events).isEmpty();
  }

  @Test
  void race_firstSuccessWins() {
    loop.start(Wires.race(after(5, "first"), failAfter(20, "later")).then(after(0, "race done")));
    loop.run();
    assertThat(events).containsExactly("first@5", "race done@5");
  }

  @Test
  void timeout_passes_failsWithAClearError() {
    Throwable e = runExpectingFailure(Wires.timeout(after(100, "too slow"), ofMillis(30)).named("fetch"));
    assertThat(e).isInstanceOf(WireTimeoutException.class)
        .hasMessageContaining("did not finish within PT0.03S")
        .hasMessageContaining("> fetch");
    assertThat(((WireTimeoutException) e).limit()).isEqualTo(ofMillis(30));
    assertThat(events).isEmpty();
    assertThat(loop.nanoTime()).isEqualTo(ofMillis(30).toNanos());
  }

  @Test
  void timeout_notReached_continues() {
    loop.start(Wires.timeout(after(10, "in time"), ofMillis(30)).then(after(0, "next")));
    loop.run();
    assertThat(events).containsExactly("in time@10", "next@10");
  }

  @Test
  void orElse_onTimeout_runsTheFallback() {
    loop.start(Wires.orElse(Wires.timeout(after(100, "slow"), ofMillis(20)), after(5, "fallback")));
    loop.run();
    assertThat(events).containsExactly("fallback@25");
  }

  @Test
  void recover_fallbackSeesTheError_orElseSkippedOnSuccess() {
    loop.start(Wires.recover(failAfter(1, "bad"), e -> after(0, "recovered from " + e.getMessage())));
    loop.start(Wires.orElse(after(2, "fine"), after(0, "unreached fallback")));
    loop.run();
    assertThat(events).containsExactly("recovered from bad@1", "fine@2");
  }

  @Test
  void combinators_cancelledWithTheirTask_cancelEveryBranch() {
    var task = loop.start(Wires.all(after(100, "a"), Wires.any(after(100, "b"), after(200, "c"))));
    loop.runUntilIdle();
    task.cancel();
    loop.run();
    assertThat(events).isEmpty();
    assertThat(loop.liveTasks()).isZero();
  }

  @Test
  void scopeMap_resultsFollowTheItems() {
    AtomicReference<List<Object>> results = new AtomicReference<>();
    List<Integer> items = new ArrayList<>(List.of(3, 1, 2));
    loop.start(Wire.scope(
        ScopeOptions.defaults().collectResults().maxConcurrency(2),
        s -> s.map(items, n -> Wire.sleep(ofMillis(n * 10L)).then(Wire.result(n * n))),
        s -> {
          results.set(s.results());
          return null;
        }));
    loop.run();
    assertThat(results.get()).containsExactly(9, 1, 4);
  }

  @Test
  void badArguments_failAtTheCallSite() {
    assertThatThrownBy(Wires::all).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> Wires.any(Wire.nothing(), null)).hasMessage("branches[1] : null (expected: non-null)");
    assertThatThrownBy(() -> Wires.timeout(Wire.nothing(), ofMillis(0))).hasMessage("limit : PT0S (expected: > 0)");
  }

  @Test
  void aStartByLibraryCodeOnALoopThread_inATaskThatHasSlept_sharesThatTasksStartSite() {
    // on a loop thread, the timeout's inner task is started by library code alone (no program
    // frame on the stack), so it takes the site of the running task, which a timer woke
    EventLoop threaded = EventLoop.builder().name("sites").build();
    try {
      threaded.start(Wire.sleep(ofMillis(1)).then(Wires.timeout(Wire.sleep(Duration.ofHours(1)), Duration.ofHours(2))));
      await().atMost(Duration.ofSeconds(10)).until(() -> threaded.liveTasks() == 2);
      String dump = threaded.dump().toText();
      String site = "started at " + WiresTest.class.getName()
          + ".aStartByLibraryCodeOnALoopThread_inATaskThatHasSlept_sharesThatTasksStartSite(";
      assertThat(dump.split(java.util.regex.Pattern.quote(site), -1)).as(dump).hasSize(3); // twice
    } finally {
      threaded.cancelAll(); // close() waits for the tasks: end the hour-long sleep first
      threaded.close();
    }
  }
}
