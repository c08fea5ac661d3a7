package dev.jwire.wires;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** after / at / every, fixed rate and fixed delay, misfire policies, daemons, in virtual time. */
class TimersTest {
  private final List<Long> runs = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().virtualTime(Instant.parse("2026-01-01T00:00:00Z")).build();

  private long nowMillis() {
    return loop.nanoTime() / 1_000_000;
  }

  /** A body that records its start time, then works (sleeps) for {@code millis}. */
  private Wire body(long millis) {
    return Wire.call(() -> runs.add(nowMillis())).then(Wire.sleep(ofMillis(millis)));
  }

  @Test
  void after_runsTheWireAfterTheDelay() {
    loop.start(Timers.after(ofMillis(250), body(0)));
    loop.run();
    assertThat(runs).containsExactly(250L);
  }

  @Test
  void at_runsAtTheInstantOfTheLoopClock() {
    loop.start(Timers.at(Instant.parse("2026-01-01T01:00:00Z"), body(0)));
    loop.start(Timers.at(Instant.parse("2025-01-01T00:00:00Z"), body(0))); // in the past: at once
    loop.run();
    assertThat(runs).containsExactly(0L, Duration.ofHours(1).toMillis());
  }

  @Test
  void every_fixedRate_hasNoDriftOverTenThousandPeriods() {
    loop.start(Timers.every(ofMillis(10), body(3)).limit(10_000));
    loop.run();
    assertThat(runs).hasSize(10_000);
    for (int k = 0; k < runs.size(); k++) {
      assertThat(runs.get(k)).isEqualTo(10L * (k + 1));
    }
  }

  @Test
  void every_fixedDelay_waitsAPeriodAfterEachRunEnds() {
    loop.start(Timers.every(ofMillis(10), body(3)).fixedDelay().initialDelay(Duration.ZERO).limit(4));
    loop.run();
    assertThat(runs).containsExactly(0L, 13L, 26L, 39L);
  }

  @Test
  void every_runsInConstantFrames() {
    AtomicReference<String> path = new AtomicReference<>();
    loop.start(Timers.every(ofMillis(1), Wire.sync(ctx -> {
      path.set(ctx.path());
      return null;
    })).limit(5_000));
    loop.run();
    assertThat(path.get().length()).isLessThan(200);
  }

  @Test
  void misfire_skip_dropsMissedTicks() {
    loop.start(Timers.every(ofMillis(10), body(25)).initialDelay(Duration.ZERO).onMisfire(MisfirePolicy.SKIP).limit(3));
    loop.run();
    assertThat(runs).containsExactly(0L, 30L, 60L);
  }

  @Test
  void misfire_coalesce_oneRunForAllMissedTicks() {
    loop.start(Timers.every(ofMillis(10), body(25)).initialDelay(Duration.ZERO).onMisfire(MisfirePolicy.COALESCE).limit(3));
    loop.run();
    assertThat(runs).containsExactly(0L, 25L, 50L);
  }

  @Test
  void misfire_catchUp_eachMissedTickRunsBackToBack() {
    loop.start(Timers.every(ofMillis(10), body(25)).initialDelay(Duration.ZERO).onMisfire(MisfirePolicy.CATCH_UP).limit(6));
    loop.run();
    // ticks 0,10,20,30,40,50: each runs, as soon as the previous run ends
    assertThat(runs).containsExactly(0L, 25L, 50L, 75L, 100L, 125L);
  }

  @Test
  void misfire_overlap_runsStartOnTimeConcurrently() {
    loop.start(Timers.every(ofMillis(10), body(25)).initialDelay(Duration.ZERO).onMisfire(MisfirePolicy.OVERLAP).limit(4));
    loop.run();
    assertThat(runs).containsExactly(0L, 10L, 20L, 30L);
  }

  @Test
  void misfire_afterALoopStall_policiesDiffer() {
    for (MisfirePolicy policy : MisfirePolicy.values()) {
      EventLoop l = EventLoop.builder().manual().virtualTime().autoAdvance(false).build();
      AtomicInteger count = new AtomicInteger();
      Task t = l.start(Timers.every(ofMillis(10), Wire.call(count::incrementAndGet)).onMisfire(policy));
      l.advanceTimeBy(ofMillis(10)); // the first run, on time
      assertThat(count).hasValue(1);
      l.jumpTimeBy(ofMillis(35)); // a stall: ticks 20, 30 and 40 are all due at 45
      int expected = switch (policy) {
        case SKIP -> 1; // all three dropped
        case COALESCE -> 2; // one run for the three
        case CATCH_UP, OVERLAP -> 4; // one run each
      };
      assertThat(count).as(policy.name()).hasValue(expected);
      l.advanceTimeBy(ofMillis(5)); // back on the grid: the tick at 50
      assertThat(count).as(policy.name()).hasValue(expected + 1);
      t.cancel();
      l.runUntilIdle();
      assertThat(t.state()).isEqualTo(Task.State.CANCELLED);
    }
  }

  @Test
  void every_asDaemon_doesNotHoldTheRun_andCancelStopsIt() {
    Task heartbeat = loop.startDaemon(Timers.every(ofMillis(10), body(0)));
    loop.start(Wire.sleep(ofMillis(35)));
    loop.run();
    assertThat(runs).containsExactly(10L, 20L, 30L);
    heartbeat.cancel();
    loop.runUntilIdle();
    assertThat(heartbeat.state()).isEqualTo(Task.State.CANCELLED);
  }

  @Test
  void every_failingRun_failsTheTimer() {
    AtomicReference<Throwable> error = new AtomicReference<>();
    AtomicInteger n = new AtomicInteger();
    loop.start(Timers.every(ofMillis(10), Wire.call(() -> {
      if (n.incrementAndGet() == 3) {
        throw new IllegalStateException("third run failed");
      }
    })), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).hasMessage("third run failed");
    assertThat(n).hasValue(3);
  }

  @Test
  void badArguments_failAtTheCallSite() {
    assertThatThrownBy(() -> Timers.every(Duration.ZERO, Wire.nothing())).hasMessage("period : PT0S (expected: > 0)");
    assertThatThrownBy(() -> Timers.every(ofMillis(1), Wire.nothing()).limit(0)).hasMessage("runs : 0 (expected: >= 1)");
    assertThatThrownBy(() -> Timers.after(Duration.ofMillis(-1), Wire.nothing())).hasMessage("delay : PT-0.001S (expected: >= 0)");
  }
}
