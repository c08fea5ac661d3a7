package dev.jwire.wires;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.WireException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** {@link HotSwap}: in-flight steps finish under the old code, the next runs the new, with migrations. */
class HotSwapTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().virtualTime().build();

  /** Runs until every task has ended; a machine that never ends fails the test instead of hanging it. */
  private void runToEnd() {
    assertThat(loop.run(Duration.ofDays(1))).as("every task ended within a virtual day").isTrue();
  }
  private final HotSwap swaps = HotSwap.create();

  private void rec(WireContext ctx, String what) {
    events.add(ctx.loop().nanoTime() / 1_000_000 + " " + what);
  }

  /** Swaps at {@code at} on the loop clock, from a wire of the loop. */
  private void swapAt(Duration at, Runnable swap) {
    loop.start(Wire.sleep(at).then(Wire.call(swap)));
  }

  /** A plain state: takes a second, records itself, yields the next state of the same code. */
  private Wire plainV1(int n) {
    return Wire.sleep(ofSeconds(1)).then(Wire.sync(ctx -> {
      rec(ctx, "v1 step " + n);
      return plainV1(n + 1);
    }));
  }

  private Wire plainV2(int n) {
    return Wire.sleep(ofSeconds(1)).then(Wire.sync(ctx -> {
      rec(ctx, "v2 step " + n);
      return n < 2 ? plainV2(n + 1) : null;
    }));
  }

  @Test
  void plain_swap_theStepInFlightFinishesUnderTheOldCode_theNextStepIsTheReplacement() {
    loop.start(swaps.named("job", plainV1(1)));
    swapAt(ofMillis(2500), () -> swaps.swap("job", plainV2(0)));
    runToEnd();
    assertThat(events).containsExactly(
        "1000 v1 step 1", "2000 v1 step 2", "3000 v1 step 3", "4000 v2 step 0", "5000 v2 step 1", "6000 v2 step 2");
  }

  /** A plain machine whose states are records, so that a migration can read them. */
  record Counting(int count, List<String> log) implements Wire {
    @Override
    public Mono<Wire> run(WireContext ctx) {
      return Mono.delay(ofSeconds(1), ctx.scheduler()).then(Mono.fromCallable(() -> {
        log.add(ctx.loop().nanoTime() / 1_000_000 + " v1 count " + count);
        return new Counting(count + 1, log);
      }));
    }
  }

  @Test
  void plain_swapWithMigration_rewritesTheSuccessorTheOldStepYielded() {
    loop.start(swaps.named("job", new Counting(0, events)));
    swapAt(ofMillis(2500), () -> swaps.swap("job", HotSwap.plain(), (Wire old) -> {
      int count = ((Counting) old).count();
      return Wire.sync(ctx -> {
        rec(ctx, "v2 took over at count " + count);
        return null;
      });
    }));
    runToEnd();
    assertThat(events).containsExactly(
        "1000 v1 count 0", "2000 v1 count 1", "3000 v1 count 2", "3000 v2 took over at count 3");
  }

  /** Version 2's state: the count carried over, and what version 2 adds. */
  record Stats(int count, int errors) {}

  private HotSwap.Code<Integer> counterV1() {
    return (n, next) -> Wire.sleep(ofSeconds(1)).then(Wire.sync(ctx -> {
      rec(ctx, "v" + next.version() + " " + n);
      return next.with(n + 1);
    }));
  }

  private HotSwap.Code<Stats> statsV2() {
    return (s, next) -> s.count() >= 5 ? null : Wire.sleep(ofSeconds(1)).then(Wire.sync(ctx -> {
      rec(ctx, "v" + next.version() + " " + s);
      return next.with(new Stats(s.count() + 1, s.errors()));
    }));
  }

  @Test
  void typed_swapWithMigration_migratesTheStateAtTheNextTransition() {
    Task job = loop.start(swaps.named("counter", 0, counterV1()));
    swapAt(ofMillis(2500), () -> swaps.swap("counter", statsV2(), (Integer n) -> new Stats(n, 0)));
    runToEnd();
    assertThat(events).containsExactly(
        "1000 v0 0", "2000 v0 1", "3000 v0 2", "4000 v1 Stats[count=3, errors=0]", "5000 v1 Stats[count=4, errors=0]");
    assertThat(job.state()).isEqualTo(Task.State.DONE);
    assertThat(job.name()).startsWith("counter#");
  }

  @Test
  void typed_swapWithoutMigration_keepsTheState() {
    loop.start(swaps.named("counter", 0, counterV1()));
    HotSwap.Code<Integer> v2 = (n, next) -> n >= 4 ? null : Wire.sync(ctx -> {
      rec(ctx, "new code " + n);
      return next.with(n + 1);
    });
    swapAt(ofMillis(1500), () -> swaps.swap("counter", v2));
    runToEnd();
    assertThat(events).containsExactly("1000 v0 0", "2000 v0 1", "2000 new code 2", "2000 new code 3");
  }

  @Test
  void swappedTwiceDuringOneStep_theInstanceMigratesThroughEachVersionInOrder() {
    loop.start(swaps.named("counter", 0, counterV1()));
    HotSwap.Code<Stats> once = (st, next) -> Wire.sync(ctx -> {
      rec(ctx, "v" + next.version() + " " + st);
      return null;
    });
    swapAt(ofMillis(1200), () -> swaps.swap("counter", counterV1(), (Integer n) -> n + 100));
    swapAt(ofMillis(1400), () -> swaps.swap("counter", once, (Integer n) -> new Stats(n, n / 100)));
    runToEnd();
    assertThat(events).containsExactly("1000 v0 0", "2000 v0 1", "2000 v2 Stats[count=102, errors=1]");
    assertThat(swaps.version("counter")).isEqualTo(2);
  }

  @Test
  void anInstanceStartedAfterASwap_beginsUnderTheNewestCode_fromTheMigratedInitialState() {
    Wire counter = swaps.named("counter", 0, counterV1());
    swaps.swap("counter", statsV2(), (Integer n) -> new Stats(n + 3, 7));
    loop.start(counter);
    runToEnd();
    assertThat(events).containsExactly("1000 v1 Stats[count=3, errors=7]", "2000 v1 Stats[count=4, errors=7]");
  }

  @Test
  void everyRunningInstance_upgradesAtItsOwnNextTransition() {
    Wire counter = swaps.named("counter", 0, counterV1());
    loop.start(counter);
    loop.start(Wire.sleep(ofMillis(500)).then(counter));
    swapAt(ofMillis(1200), () -> swaps.swap("counter", statsV2(), (Integer n) -> new Stats(n + 2, 0)));
    runToEnd();
    assertThat(events).containsExactly(
        "1000 v0 0", "1500 v0 0", "2000 v0 1",
        "2500 v1 Stats[count=3, errors=0]", "3000 v1 Stats[count=4, errors=0]", "3500 v1 Stats[count=4, errors=0]");
  }

  /** A step that waits until the test releases it: a swap is then surely made while it is in flight. */
  static final class Gate {
    final AtomicReference<Suspension<String>> waiting = new AtomicReference<>();

    Wire await(java.util.function.Function<String, Wire> then) {
      return Wire.suspend((ctx, s) -> waiting.set(s), then);
    }
  }

  @Test
  void swapFromAnotherThread_inFlightStepFinishesUnderOldCode_nextRunsNewOnTheLoopThread() throws Exception {
    Gate gate = new Gate();
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    HotSwap.Code<String> v1 = (s, next) -> Wire.sync(ctx -> {
      loopThread.set(Thread.currentThread());
      events.add("v1 waits in " + s);
      return gate.await(v -> Wire.sync(c -> {
        events.add("v1 finishes with " + v);
        return next.with(v);
      }));
    });
    HotSwap.Code<String> v2 = (s, next) -> Wire.sync(ctx -> {
      events.add("v2 runs from " + s + " on the loop thread: " + (Thread.currentThread() == loopThread.get()));
      return null;
    });
    try (EventLoop threaded = EventLoop.create()) {
      threaded.start(swaps.named("job", "start", v1));
      await().until(() -> gate.waiting.get() != null);
      Thread swapper = new Thread(() -> swaps.swap("job", v2, (String old) -> old.toUpperCase(java.util.Locale.ROOT)));
      swapper.start();
      swapper.join();
      gate.waiting.get().resume("released");
      assertThat(threaded.run(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(events).containsExactly(
        "v1 waits in start", "v1 finishes with released", "v2 runs from RELEASED on the loop thread: true");
  }

  @Test
  void plainMachine_runsInConstantFramesOverManySteps() {
    AtomicReference<String> path = new AtomicReference<>();
    loop.start(swaps.named("spin", spin(0, path)));
    runToEnd();
    assertThat(path.get()).isEqualTo("spin#1 > v0");
  }

  private static Wire spin(int n, AtomicReference<String> path) {
    return Wire.sync(ctx -> {
      path.set(ctx.path());
      return n < 200_000 ? spin(n + 1, path) : null;
    });
  }

  @Test
  void aMigrationThatThrows_failsTheInstanceNamingTheMachineAndVersions() {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    loop.start(swaps.named("counter", 0, counterV1()), (ctx, e) -> failure.set(e));
    swapAt(ofMillis(500), () -> swaps.swap("counter", statsV2(), (Integer n) -> {
      throw new IllegalStateException("cannot migrate " + n);
    }));
    runToEnd();
    assertThat(failure.get()).isInstanceOf(WireException.class)
        .hasMessageStartingWith("hot swap of machine 'counter' to version 1: migrating the state java.lang.Integer 1"
            + " from version 0 failed: java.lang.IllegalStateException: cannot migrate 1")
        .cause().hasMessage("cannot migrate 1");
  }

  @Test
  void aStateOfTheWrongType_failsTheInstanceWithAClearMessage() {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    loop.start(swaps.named("counter", 0, counterV1()), (ctx, e) -> failure.set(e));
    swapAt(ofMillis(500), () -> swaps.swap("counter", statsV2())); // no migration: an Integer reaches Code<Stats>
    runToEnd();
    assertThat(failure.get()).isInstanceOf(WireException.class)
        .hasMessageContaining(
            "hot swap of machine 'counter' to version 1: its code does not take the state java.lang.Integer 1")
        .cause().isInstanceOf(ClassCastException.class);
  }

  @Test
  void supervisedMachine_restartsUnderTheNewestCode() {
    HotSwap.Code<Integer> crashing = (n, next) -> Wire.sleep(ofSeconds(1)).then(Wire.sync(ctx -> {
      rec(ctx, "v" + next.version() + " crashes at " + n);
      throw new IllegalStateException("bug in v" + next.version());
    }));
    HotSwap.Code<Integer> fixed = (n, next) -> Wire.sleep(ofSeconds(1)).then(Wire.sync(ctx -> {
      rec(ctx, "v" + next.version() + " fixed, from " + n);
      return null;
    }));
    Wire job = swaps.named("job", 0, crashing);
    loop.start(Supervisor.supervise(job, RestartPolicy.defaults().restart(Restart.TRANSIENT).backoff(Backoff.none())));
    swapAt(ofMillis(2500), () -> swaps.swap("job", fixed, (Integer n) -> n + 1));
    runToEnd();
    assertThat(events).containsExactly(
        "1000 v0 crashes at 0", "2000 v0 crashes at 0",
        "3000 v0 crashes at 0" /* in flight at the swap: old code */, "4000 v1 fixed, from 1");
  }

  @Test
  void registry_unknownOrDuplicateNames_areClearErrors() {
    swaps.named("job", Wire.nothing());
    swaps.named("mailer", 0, counterV1());
    assertThat(swaps.names()).containsExactly("job", "mailer");
    assertThat(swaps.version("job")).isZero();
    assertThatThrownBy(() -> swaps.swap("jb", Wire.nothing())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name : \"jb\" (expected: a registered machine: [job, mailer])");
    assertThatThrownBy(() -> swaps.version("nope"))
        .hasMessageStartingWith("name : \"nope\" (expected: a registered machine");
    assertThatThrownBy(() -> swaps.named("job", Wire.nothing()))
        .hasMessage("name : \"job\" (expected: not registered yet; registered: [job, mailer])");
    assertThatThrownBy(() -> swaps.named(" ", Wire.nothing())).hasMessage("name : \" \" (expected: not blank)");
    assertThatThrownBy(() -> swaps.swap("job", (Wire) null)).hasMessage("replacement : null (expected: non-null)");
    assertThatThrownBy(() -> swaps.swap("job", HotSwap.plain(), null))
        .hasMessage("migrate : null (expected: non-null)");
    assertThat(swaps.swap("job", Wire.nothing())).isEqualTo(1);
  }
}
