package dev.jwire.wires;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Task;
import dev.jwire.engine.UnhandledWireException;
import dev.jwire.engine.Wire;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** {@link Supervisor}: restart types, backoff and jitter, intensity, strategies, the restart log; in virtual time. */
class SupervisorTest {
  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
  private static final IntFunction<Duration> AT_ONCE = k -> Duration.ZERO;
  private static final IntPredicate ALWAYS = k -> true;
  private static final IntPredicate NEVER = k -> false;

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().virtualTime(ORIGIN).build();

  /** Runs until every task has ended; a machine that never ends fails the test instead of hanging it. */
  private void runToEnd() {
    assertThat(loop.run(Duration.ofDays(1))).as("every task ended within a virtual day").isTrue();
  }

  private void rec(EventLoop l, String what) {
    events.add(l.nanoTime() / 1_000_000 + " " + what);
  }

  /**
   * A child whose {@code k}-th instance (from 1) records its start, runs for {@code life(k)}, then
   * fails if {@code fails(k)}, else finishes; its cleanup records its stop, however it ends.
   */
  private Wire child(String name, IntFunction<Duration> life, IntPredicate fails) {
    AtomicInteger instances = new AtomicInteger();
    return Wire.defer(ctx -> {
      int k = instances.incrementAndGet();
      rec(ctx.loop(), name + " start " + k);
      ctx.bind(() -> rec(ctx.loop(), name + " stop " + k));
      return Wire.sleep(life.apply(k)).then(Wire.call(() -> {
        if (fails.test(k)) {
          throw new IOException(name + " crash " + k);
        }
        return null;
      }));
    }).named(name);
  }

  private List<String> only(String word) {
    return events.stream().filter(e -> e.contains(word)).toList();
  }

  private static RestartPolicy transientWith(Backoff backoff) {
    return noDelay().restart(Restart.TRANSIENT).backoff(backoff);
  }

  private static RestartPolicy noDelay() {
    return RestartPolicy.defaults().backoff(Backoff.none()).maxRestarts(100, ofHours(1));
  }

  // ---------------------------------------------------------------------------------------------
  // Backoff and jitter

  @Test
  void backoff_exponential_restartsAfterDoublingDelaysUpToTheCap() {
    RestartPolicy policy = transientWith(Backoff.exponential(ofMillis(100), ofSeconds(1)));
    loop.start(Supervisor.supervise(child("w", AT_ONCE, k -> k < 7), policy));
    runToEnd();
    assertThat(only("start")).containsExactly(
        "0 w start 1", "100 w start 2", "300 w start 3", "700 w start 4", "1500 w start 5", "2500 w start 6",
        "3500 w start 7");
  }

  @Test
  void backoff_jitter_isTheSeededSequence_withinItsBounds_andRepeatable() {
    Backoff backoff = Backoff.exponential(ofMillis(100), ofSeconds(5)).jitter(0.5);
    RestartPolicy policy = noDelay().restart(Restart.TRANSIENT).backoff(backoff).seed(42);
    List<Long> first = restartDelaysNanos(policy, 8);
    List<Long> second = restartDelaysNanos(policy, 8);

    SplittableRandom expected = new SplittableRandom(42);
    for (int k = 0; k < first.size(); k++) {
      long nominal = backoff.nominalDelay(k).toNanos();
      assertThat(first.get(k)).as("delay %d", k)
          .isEqualTo(backoff.delay(k, expected).toNanos())
          .isBetween(nominal / 2, nominal);
    }
    assertThat(second).as("same seed, same delays").isEqualTo(first);
    assertThat(restartDelaysNanos(policy.seed(43), 8)).as("another seed").isNotEqualTo(first);
  }

  /** Runs a child that fails at once {@code restarts} times, on a fresh loop; returns the delays between its starts. */
  private List<Long> restartDelaysNanos(RestartPolicy policy, int restarts) {
    List<Long> starts = new CopyOnWriteArrayList<>();
    AtomicInteger n = new AtomicInteger();
    Wire w = Wire.sync(ctx -> {
      starts.add(ctx.loop().nanoTime());
      if (n.incrementAndGet() <= restarts) {
        throw new IllegalStateException("crash");
      }
      return null;
    }).named("w");
    try (EventLoop l = EventLoop.builder().manual().virtualTime().build()) {
      l.start(Supervisor.supervise(w, policy));
      l.run();
    }
    List<Long> delays = new ArrayList<>();
    for (int i = 1; i < starts.size(); i++) {
      delays.add(starts.get(i) - starts.get(i - 1));
    }
    assertThat(delays).hasSize(restarts);
    return delays;
  }

  @Test
  void backoff_childRanLongerThanResetAfter_startsOverFromTheInitialDelay() {
    RestartPolicy policy = transientWith(Backoff.exponential(ofMillis(100), ofSeconds(1)));
    loop.start(Supervisor.supervise(child("w", k -> ofSeconds(2), k -> k < 4), policy));
    runToEnd();
    assertThat(only("start")).containsExactly("0 w start 1", "2100 w start 2", "4200 w start 3", "6300 w start 4");
  }

  @Test
  void backoff_runsOnALoopWithItsOwnThread() {
    RestartPolicy policy = transientWith(Backoff.exponential(ofMillis(100), ofSeconds(1)));
    try (EventLoop threaded = EventLoop.builder().virtualTime().build()) {
      threaded.start(Supervisor.supervise(child("w", AT_ONCE, k -> k < 4), policy));
      threaded.run();
    }
    assertThat(only("start")).containsExactly("0 w start 1", "100 w start 2", "300 w start 3", "700 w start 4");
  }

  // ---------------------------------------------------------------------------------------------
  // Intensity

  @Test
  void intensity_exceeded_failsTheSupervisorWithTheLastCause() {
    AtomicReference<Throwable> escalated = new AtomicReference<>();
    RestartPolicy policy = noDelay().maxRestarts(3, ofSeconds(10));
    Task sup = loop.start(Supervisor.supervise(child("w", AT_ONCE, ALWAYS), policy), (ctx, e) -> escalated.set(e));
    runToEnd();

    assertThat(only("start")).containsExactly("0 w start 1", "0 w start 2", "0 w start 3", "0 w start 4");
    assertThat(sup.state()).isEqualTo(Task.State.FAILED);
    assertThat(escalated.get()).isInstanceOf(RestartLimitException.class)
        .hasMessageStartingWith("supervisor 'supervisor' gave up: child 'w' failed (java.io.IOException: w crash 4)"
            + " and needs restart 4 within PT10S (expected: at most 3 restarts in PT10S)")
        .cause().isInstanceOf(IOException.class).hasMessage("w crash 4");
    RestartLimitException e = (RestartLimitException) escalated.get();
    assertThat(List.of(e.supervisor(), e.child(), e.maxRestarts(), e.within()))
        .containsExactly("supervisor", "w", 3, ofSeconds(10));
  }

  @Test
  void intensity_isASlidingWindow_restartsSpreadOutAreAllowed() {
    RestartPolicy policy = noDelay().restart(Restart.TRANSIENT).maxRestarts(2, ofSeconds(1));
    Task sup = loop.start(Supervisor.supervise(child("w", k -> ofMillis(600), k -> k < 10), policy));
    runToEnd();
    assertThat(only("start")).hasSize(10).endsWith("5400 w start 10");
    assertThat(sup.state()).isEqualTo(Task.State.DONE);
  }

  @Test
  void intensity_oneRestartTooManyInTheWindow_escalatesAtThatFailure() {
    AtomicReference<Throwable> escalated = new AtomicReference<>();
    RestartPolicy policy = noDelay().maxRestarts(2, ofSeconds(1));
    loop.start(Supervisor.supervise(child("w", k -> ofMillis(400), ALWAYS), policy), (ctx, e) -> escalated.set(e));
    runToEnd();
    assertThat(only("start")).containsExactly("0 w start 1", "400 w start 2", "800 w start 3");
    assertThat(escalated.get()).isInstanceOf(RestartLimitException.class).cause().hasMessage("w crash 3");
    assertThat(events).endsWith("1200 w stop 3");
  }

  @Test
  void intensity_zero_givesUpOnTheFirstFailure() {
    AtomicReference<Throwable> escalated = new AtomicReference<>();
    loop.start(Supervisor.supervise(child("w", AT_ONCE, ALWAYS), noDelay().maxRestarts(0, ofSeconds(1))),
        (ctx, e) -> escalated.set(e));
    runToEnd();
    assertThat(only("start")).containsExactly("0 w start 1");
    assertThat(escalated.get()).isInstanceOf(RestartLimitException.class);
  }

  @Test
  void escalation_inAFailFastScope_cancelsTheSupervisorsSiblingsAndFailsTheRun() {
    Wire sup = Supervisor.supervise(
        child("w", ofMillis(100)::multipliedBy, ALWAYS), noDelay().maxRestarts(1, ofSeconds(10)));
    loop.start(Wire.scope(ScopeOptions.defaults().named("app"), s -> {
      s.start(sup);
      s.start(child("sibling", k -> ofHours(1), NEVER));
    }));
    assertThatThrownBy(loop::run).isInstanceOf(UnhandledWireException.class)
        .cause().isInstanceOf(RestartLimitException.class).cause().hasMessage("w crash 2");
    assertThat(events).contains("300 sibling stop 1");
  }

  // ---------------------------------------------------------------------------------------------
  // Strategies

  /** Children a, b, c, running for an hour; b's first instance fails at 1 s. */
  private Supervisor.Builder threeChildren(Supervisor.Strategy strategy, Restart cRestart) {
    RestartPolicy policy = noDelay().backoff(Backoff.fixed(ofMillis(100)));
    return Supervisor.builder().named("group").strategy(strategy).policy(policy)
        .child("a", child("a", k -> ofHours(1), NEVER))
        .child("b", child("b", k -> k == 1 ? ofSeconds(1) : ofHours(1), k -> k == 1))
        .child("c", child("c", k -> ofHours(1), NEVER), cRestart);
  }

  private List<String> firstSecondsOf(Supervisor sup) {
    loop.start(sup);
    loop.run(ofSeconds(5));
    return events.stream().filter(e -> Long.parseLong(e.substring(0, e.indexOf(' '))) < 5000).toList();
  }

  @Test
  void oneForOne_restartsOnlyTheChildThatFailed() {
    Supervisor sup = threeChildren(Supervisor.Strategy.ONE_FOR_ONE, Restart.PERMANENT).build();
    assertThat(firstSecondsOf(sup)).containsExactly(
        "0 a start 1", "0 b start 1", "0 c start 1", "1000 b stop 1", "1100 b start 2");
  }

  @Test
  void oneForAll_stopsTheSiblingsInReverseOrder_thenRestartsAllInOrder() {
    RestartLog log = RestartLog.create();
    Supervisor sup = threeChildren(Supervisor.Strategy.ONE_FOR_ALL, Restart.PERMANENT).onRestart(log).build();
    assertThat(firstSecondsOf(sup)).containsExactly(
        "0 a start 1", "0 b start 1", "0 c start 1",
        "1000 b stop 1", "1000 c stop 1", "1000 a stop 1",
        "1100 a start 2", "1100 b start 2", "1100 c start 2");
    assertThat(log.events()).singleElement().satisfies(e -> {
      assertThat(e.child()).isEqualTo("b");
      assertThat(e.restarted()).containsExactly("a", "b", "c");
    });
  }

  @Test
  void oneForAll_temporarySibling_isStoppedButNotRestarted() {
    RestartLog log = RestartLog.create();
    Supervisor sup = threeChildren(Supervisor.Strategy.ONE_FOR_ALL, Restart.TEMPORARY).onRestart(log).build();
    assertThat(firstSecondsOf(sup)).containsExactly(
        "0 a start 1", "0 b start 1", "0 c start 1",
        "1000 b stop 1", "1000 c stop 1", "1000 a stop 1",
        "1100 a start 2", "1100 b start 2");
    assertThat(log.events().get(0).restarted()).containsExactly("a", "b");
  }

  @Test
  void restForOne_restartsTheChildAndThoseStartedAfterIt() {
    Supervisor sup = threeChildren(Supervisor.Strategy.REST_FOR_ONE, Restart.PERMANENT).build();
    assertThat(firstSecondsOf(sup)).containsExactly(
        "0 a start 1", "0 b start 1", "0 c start 1",
        "1000 b stop 1", "1000 c stop 1", "1100 b start 2", "1100 c start 2");
  }

  @Test
  void restForOne_aSiblingWaitingOutItsBackoff_isCancelledAndRestartedWithTheGroup() {
    Supervisor sup = Supervisor.builder().strategy(Supervisor.Strategy.REST_FOR_ONE)
        .policy(noDelay().backoff(Backoff.fixed(ofSeconds(1))))
        .child("a", child("a", k -> k == 1 ? ofMillis(1500) : ofHours(1), k -> k == 1))
        .child("b", child("b", k -> ofHours(1), NEVER))
        .child("c", child("c", k -> k == 1 ? ofSeconds(1) : ofHours(1), k -> k == 1))
        .build();
    assertThat(firstSecondsOf(sup)).containsExactly(
        "0 a start 1", "0 b start 1", "0 c start 1",
        "1000 c stop 1", // c waits out its backoff until 2000...
        "1500 a stop 1", "1500 b stop 1", // ...but a's failure cancels it, b too
        "2500 a start 2", "2500 b start 2", "2500 c start 2");
  }

  // ---------------------------------------------------------------------------------------------
  // Restart types and the supervisor's own end

  @Test
  void restartTypes_permanentAlways_transientOnFailure_temporaryNever() {
    Supervisor sup = Supervisor.builder().policy(noDelay())
        .child("p", child("p", k -> ofSeconds(1), NEVER))
        .child("t", child("t", k -> ofSeconds(1), NEVER), Restart.TRANSIENT)
        .child("tf", child("tf", k -> ofSeconds(1), k -> k == 1), Restart.TRANSIENT)
        .child("tmp", child("tmp", k -> ofSeconds(1), ALWAYS), Restart.TEMPORARY)
        .build();
    loop.start(sup);
    loop.run(ofMillis(2500));
    assertThat(only("start")).containsExactly(
        "0 p start 1", "0 t start 1", "0 tf start 1", "0 tmp start 1",
        "1000 p start 2", "1000 tf start 2", "2000 p start 3");
  }

  @Test
  void supervisor_isDoneWhenNoChildIsLeftToRun_aTemporaryFailureIsLoggedNotThrown() {
    Task sup = loop.start(Supervisor.builder().policy(noDelay())
        .child("t", child("t", k -> ofSeconds(1), NEVER), Restart.TRANSIENT)
        .child("tmp", child("tmp", k -> ofSeconds(2), ALWAYS), Restart.TEMPORARY)
        .build());
    runToEnd();
    assertThat(sup.state()).isEqualTo(Task.State.DONE);
    assertThat(loop.nanoTime()).isEqualTo(ofSeconds(2).toNanos());
  }

  @Test
  void cancellingTheSupervisor_stopsItsChildren_andRestartsNothing() {
    Task sup = loop.start(Supervisor.supervise(child("w", k -> ofSeconds(1), ALWAYS), noDelay()));
    loop.start(Wire.sleep(ofMillis(1500)).then(Wire.call(sup::cancel)));
    runToEnd();
    assertThat(events).containsExactly(
        "0 w start 1", "1000 w stop 1", "1000 w start 2", "1500 w stop 2");
    assertThat(sup.state()).isEqualTo(Task.State.CANCELLED);
  }

  @Test
  void aFailureOfAnythingTheChildStarted_isTheChildsFailure_andItsOtherTasksStop() {
    AtomicInteger n = new AtomicInteger();
    Wire main = Wire.defer(ctx -> {
      int k = n.incrementAndGet();
      rec(ctx.loop(), "main start " + k);
      ctx.bind(() -> rec(ctx.loop(), "main stop " + k));
      if (k == 1) {
        ctx.start(Wire.sleep(ofSeconds(1)).then(Wire.call(() -> {
          throw new IllegalStateException("helper crash");
        })));
      }
      return Wire.sleep(ofHours(1));
    }).named("main");
    RestartLog log = RestartLog.create();
    loop.start(Supervisor.builder().policy(noDelay()).child("main", main).onRestart(log).build());
    loop.run(ofSeconds(3));
    assertThat(events).startsWith("0 main start 1", "1000 main stop 1", "1000 main start 2");
    assertThat(log.events().get(0).cause()).hasMessage("helper crash");
  }

  // ---------------------------------------------------------------------------------------------
  // The restart log

  @Test
  void restartLog_recordsEveryRestartWithItsCause() {
    RestartLog log = RestartLog.create();
    Supervisor sup = Supervisor.builder().named("pool").onRestart(log)
        .policy(noDelay().restart(Restart.TRANSIENT).backoff(Backoff.fixed(ofMillis(250))))
        .child("w", child("w", k -> ofSeconds(1), k -> k < 3))
        .build();
    loop.start(sup);
    runToEnd();

    List<RestartEvent> restarts = log.events();
    assertThat(restarts).hasSize(2);
    RestartEvent first = restarts.get(0);
    assertThat(first.supervisor()).isEqualTo("pool");
    assertThat(first.child()).isEqualTo("w");
    assertThat(first.restart()).isEqualTo(1);
    assertThat(first.outcome().isFailed()).isTrue();
    assertThat(first.cause()).isInstanceOf(IOException.class).hasMessage("w crash 1");
    assertThat(first.delay()).isEqualTo(ofMillis(250));
    assertThat(first.restarted()).containsExactly("w");
    assertThat(first.at()).isEqualTo(ORIGIN.plusSeconds(1));
    assertThat(first).hasToString(
        "supervisor 'pool' restarts [w] in PT0.25S (restart 1 of 'w', which failed: java.io.IOException: w crash 1)");
    RestartEvent second = restarts.get(1);
    assertThat(List.of(second.restart(), second.cause().getMessage(), second.at()))
        .containsExactly(2, "w crash 2", ORIGIN.plusMillis(2250));
    assertThat(log.total()).isEqualTo(2);
  }

  @Test
  void restartLog_normalEndOfAPermanentChild_isRecordedWithoutCause() {
    RestartLog log = RestartLog.create();
    loop.start(Supervisor.builder().onRestart(log).policy(noDelay())
        .child("w", child("w", k -> ofSeconds(1), NEVER))
        .build());
    loop.run(ofMillis(1500));
    assertThat(log.events()).singleElement().satisfies(e -> {
      assertThat(e.cause()).isNull();
      assertThat(e.outcome().isDone()).isTrue();
      assertThat(e.toString()).endsWith("(restart 1 of 'w', which finished)");
    });
  }

  @Test
  void restartLog_keepsTheLatestUpToItsCapacity_andAThrowingListenerDisturbsNothing() {
    RestartLog log = RestartLog.withCapacity(2);
    loop.start(Supervisor.builder().policy(noDelay().restart(Restart.TRANSIENT))
        .onRestart(e -> {
          throw new IllegalStateException("listener bug");
        })
        .onRestart(log)
        .child("w", child("w", k -> ofSeconds(1), k -> k < 5))
        .build());
    runToEnd();
    assertThat(log.total()).isEqualTo(4);
    assertThat(log.events()).extracting(RestartEvent::restart).containsExactly(3, 4);
  }

  // ---------------------------------------------------------------------------------------------
  // Building

  @Test
  void supervise_namesTheChildAfterItsWire() {
    Supervisor sup = Supervisor.supervise(Wire.sleep(ofSeconds(1)).named("fetch/loop"));
    assertThat(sup.name()).isEqualTo("supervisor");
    assertThat(sup.children()).containsExactly("fetch_loop");
    assertThat(sup.strategy()).isEqualTo(Supervisor.Strategy.ONE_FOR_ONE);
    assertThat(sup.policy()).isSameAs(RestartPolicy.defaults());
  }

  @Test
  void builder_badArguments_areRejectedNamingTheRule() {
    Wire w = Wire.nothing();
    assertThatThrownBy(() -> Supervisor.builder().build()).hasMessage("children : [] (expected: at least one child)");
    assertThatThrownBy(() -> Supervisor.builder().child("a", w).child("a", w))
        .hasMessage("childName : \"a\" (expected: unique, already [a])");
    assertThatThrownBy(() -> Supervisor.builder().child("a/b", w))
        .hasMessage("childName : \"a/b\" (expected: not blank, without '/')");
    assertThatThrownBy(() -> Supervisor.builder().named(" "))
        .hasMessage("name : \" \" (expected: not blank, without '/')");
    assertThatThrownBy(() -> Supervisor.builder().child("a", null)).hasMessage("wire : null (expected: non-null)");
    assertThatThrownBy(() -> Supervisor.builder().child("a", w, null))
        .hasMessage("restart : null (expected: non-null)");
    assertThatThrownBy(() -> Supervisor.builder().onRestart(null)).hasMessage("listener : null (expected: non-null)");
    assertThatThrownBy(() -> Supervisor.supervise(null)).hasMessage("child : null (expected: non-null)");
  }
}
