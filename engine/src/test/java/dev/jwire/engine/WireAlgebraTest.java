package dev.jwire.engine;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** aiowire's algebra: then, times/repeat, forever, call, sleep, with its exact semantics. */
class WireAlgebraTest {
  private final Recorder rec = new Recorder();

  private static EventLoop virtualLoop() {
    return EventLoop.builder().manual().virtualTime().build();
  }

  private Wire at(EventLoop loop, String event) {
    return Wire.call(() -> rec.add(event + "@" + loop.nanoTime() / 1_000_000));
  }

  @Test
  void then_leftYieldsSuccessor_successorRunsConcurrentlyWithRight() {
    EventLoop loop = virtualLoop();
    Wire successor = Wire.sleep(ofMillis(20)).then(at(loop, "successor"));
    Wire left = ctx -> {
      rec.add("left");
      return Wire.next(successor);
    };
    Wire right = Wire.sleep(ofMillis(10)).then(at(loop, "right"));
    loop.start(left.then(right));
    loop.run();
    // sequentially the successor would finish first; concurrently the shorter right side wins
    assertThat(rec.events()).containsExactly("left", "right@10", "successor@20");
    assertThat(loop.startedTasks()).isEqualTo(2);
  }

  @Test
  void then_leftYieldsNothing_rightFollowsInSameTask() {
    EventLoop loop = virtualLoop();
    loop.start(rec.call("a").then(rec.call("b")).then(rec.call("c")));
    loop.run();
    assertThat(rec.events()).containsExactly("a", "b", "c");
    assertThat(loop.startedTasks()).isEqualTo(1);
  }

  @Test
  void then_rightYieldsSuccessor_sequenceYieldsIt() {
    EventLoop loop = virtualLoop();
    Wire right = ctx -> {
      rec.add("right");
      return Wire.next(rec.call("after-right"));
    };
    loop.start(rec.call("left").then(right));
    loop.run();
    assertThat(rec.events()).containsExactly("left", "right", "after-right");
    assertThat(loop.startedTasks()).as("the successor of the sequence continues the chain").isEqualTo(1);
  }

  @Test
  void sequence_runsInOrder() {
    EventLoop loop = virtualLoop();
    loop.start(Wire.sequence(rec.call("1"), rec.call("2"), rec.call("3")));
    loop.run();
    assertThat(rec.events()).containsExactly("1", "2", "3");
  }

  @Test
  void times_zeroOrNegative_runsNothing() {
    EventLoop loop = virtualLoop();
    loop.start(rec.call("x").times(0));
    loop.start(Wire.repeat(rec.call("y"), -3));
    loop.run();
    assertThat(rec.events()).isEmpty();
  }

  @Test
  void times_one_runsOnce() {
    EventLoop loop = virtualLoop();
    loop.start(rec.call("x").times(1));
    loop.run();
    assertThat(rec.events()).containsExactly("x");
  }

  @Test
  void times_n_runsNTimesInARow() {
    EventLoop loop = virtualLoop();
    AtomicInteger n = new AtomicInteger();
    loop.start(Wire.call(() -> rec.add("x" + n.incrementAndGet())).times(5));
    loop.run();
    assertThat(rec.events()).containsExactly("x1", "x2", "x3", "x4", "x5");
  }

  @Test
  void times_eachRepetitionsSuccessorRunsConcurrently_lastContinuesChain() {
    EventLoop loop = virtualLoop();
    AtomicInteger rep = new AtomicInteger();
    Wire w = ctx -> {
      int i = rep.incrementAndGet();
      return Wire.next(Wire.sleep(ofMillis(10L * (4 - i))).then(at(loop, "succ" + i)));
    };
    loop.start(w.times(3));
    loop.run();
    assertThat(rec.events()).containsExactly("succ3@10", "succ2@20", "succ1@30");
    assertThat(loop.startedTasks()).as("two successors started beside the chain").isEqualTo(3);
  }

  @Test
  void fluentBeeps_fourBeepsSeparatedBySleep() {
    EventLoop loop = virtualLoop();
    loop.start(Wire.sleep(ofMillis(100)).then(at(loop, "beep")).times(4));
    loop.run();
    assertThat(rec.events()).containsExactly("beep@100", "beep@200", "beep@300", "beep@400");
  }

  @Test
  void forever_underTimeout_runsUntilCancelled() {
    EventLoop loop = virtualLoop();
    AtomicInteger ticks = new AtomicInteger();
    Task task = loop.start(Wire.sleep(ofMillis(100)).then(Wire.call(ticks::incrementAndGet)).forever());
    boolean completed = loop.run(Duration.ofSeconds(1));
    assertThat(completed).isFalse();
    assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
    // ticks at 100..900 ms; at 1000 ms the run's deadline, set first, fires before the tenth sleep
    assertThat(ticks).hasValue(9);
    assertThat(loop.nanoTime()).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void forever_successorsStartConcurrently() {
    EventLoop loop = virtualLoop();
    AtomicInteger rounds = new AtomicInteger();
    Wire w = ctx -> rounds.incrementAndGet() <= 3 ? Wire.next(at(loop, "s")) : Mono.error(new IllegalStateException("stop"));
    loop.start(w.forever(), (ctx, e) -> rec.add("stopped: " + e.getMessage()));
    loop.run();
    assertThat(rec.events()).containsExactly("stopped: stop", "s@0", "s@0", "s@0");
  }

  @Test
  void forever_staticForm_isTheSame() {
    EventLoop loop = virtualLoop();
    AtomicInteger n = new AtomicInteger();
    loop.start(Wire.forever(Wire.sleep(ofMillis(1)).then(Wire.call(n::incrementAndGet))));
    loop.run(ofMillis(50));
    assertThat(n.get()).isBetween(49, 50);
  }

  @Test
  void sleep_waitsExactlyOnTheLoopClock() {
    EventLoop loop = virtualLoop();
    loop.start(Wire.sleep(Duration.ofHours(3)).then(at(loop, "woke")));
    loop.run();
    assertThat(rec.events()).containsExactly("woke@" + Duration.ofHours(3).toMillis());
  }

  @Test
  void sleep_zero_yieldsToOthers() {
    EventLoop loop = virtualLoop();
    loop.start(rec.call("a1").then(Wire.sleep(Duration.ZERO)).then(rec.call("a2")));
    loop.start(rec.call("b1"));
    loop.run();
    assertThat(rec.events()).containsExactly("a1", "b1", "a2");
  }

  @Test
  void sleep_negative_failsAtCallSite() {
    assertThatThrownBy(() -> Wire.sleep(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay : PT-1S (expected: >= 0)");
  }

  @Test
  void call_plainFunction_resultIgnored() {
    EventLoop loop = virtualLoop();
    loop.start(Wire.call(() -> 42).then(rec.call("next")));
    loop.run();
    assertThat(rec.events()).containsExactly("next");
  }

  @Test
  void call_monoResult_isAwaitedOnTheLoopClock() {
    EventLoop loop = virtualLoop();
    loop.start(Wire.call(() -> Mono.delay(Duration.ofSeconds(5), loop.scheduler())).then(at(loop, "after")));
    loop.run();
    assertThat(rec.events()).containsExactly("after@5000");
  }

  @Test
  void call_completionStage_isAwaitedAndResumesOnLoopThread() {
    try (EventLoop loop = EventLoop.builder().name("cs").build()) {
      CompletableFuture<String> future = new CompletableFuture<>();
      loop.start(
          Wire.call(() -> future)
              .then(Wire.call(() -> rec.add("after on " + Thread.currentThread().getName()))));
      Thread completer = new Thread(() -> future.complete("x"), "completer");
      completer.start();
      loop.run();
      assertThat(rec.events()).containsExactly("after on cs-0");
    }
  }

  @Test
  void call_failingMono_failsTheTask() {
    EventLoop loop = virtualLoop();
    loop.start(
        Wire.call(() -> Mono.error(new IllegalStateException("async boom"))).then(rec.call("unreached")),
        (ctx, e) -> rec.add("handled " + e.getMessage()));
    loop.run();
    assertThat(rec.events()).containsExactly("handled async boom");
  }

  @Test
  void call_nullArguments_failAtCallSite() {
    assertThatThrownBy(() -> Wire.call((Runnable) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action : null");
    assertThatThrownBy(() -> rec.call("x").then(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next : null");
    assertThatThrownBy(() -> Wire.sleep(ofMillis(1)).then(null)) // the fused sleep-then checks too
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("next : null");
  }

  @Test
  void sleepThen_isOneWire_thatStillReadsAsASleepThenTheNext() {
    Wire next = rec.call("next");
    Wire w = Wire.sleep(ofMillis(5)).then(next);
    assertThat(w.name()).isEqualTo("then");
    assertThat(w.toString()).isEqualTo("sleep(PT0.005S).then(" + next + ")");
    EventLoop loop = virtualLoop();
    loop.start(w.then(at(loop, "after")));
    loop.run();
    assertThat(rec.events()).containsExactly("next", "after@5");
  }

  @Test
  void publicRun_matchesTheFastPath() {
    EventLoop loop = virtualLoop();
    Wire program = Wire.sleep(ofMillis(10)).then(at(loop, "tick")).times(3);
    loop.start(ctx -> program.run(ctx)); // the Reactor rendering, not the runner's fast path
    loop.run();
    assertThat(rec.events()).containsExactly("tick@10", "tick@20", "tick@30");
  }

  @Test
  void named_showsInTaskNameAndErrorPath() {
    EventLoop loop = virtualLoop();
    AtomicInteger calls = new AtomicInteger();
    Wire failOnSecond = Wire.call(() -> {
      if (calls.incrementAndGet() == 2) {
        throw new IllegalStateException("boom");
      }
    });
    Task task = loop.start(rec.call("ok").then(failOnSecond).times(4).named("poll"));
    assertThat(task.name()).isEqualTo("poll#1");
    assertThatThrownBy(loop::run)
        .isInstanceOf(UnhandledWireException.class)
        .hasMessageContaining("'poll#1 > repeat 2/4 > then[1]'")
        .satisfies(e -> assertThat(((WireException) e).path()).isEqualTo("poll#1 > repeat 2/4 > then[1]"));
  }

  @Test
  void sync_wire_runsWithoutMono() {
    EventLoop loop = virtualLoop();
    AtomicInteger n = new AtomicInteger();
    Wire[] count = new Wire[1];
    count[0] = Wire.sync(ctx -> n.incrementAndGet() < 5 ? count[0] : null);
    loop.start(count[0]);
    loop.run();
    assertThat(n).hasValue(5);
  }

  /** A state class: the object is the wire; its fields are the machine's state. */
  private static final class Countdown implements SyncState {
    private final Recorder rec;
    private final EventLoop loop;
    private int left;

    Countdown(Recorder rec, EventLoop loop, int left) {
      this.rec = rec;
      this.loop = loop;
      this.left = left;
    }

    @Override
    public Wire step(WireContext ctx) {
      rec.add(left + "@" + loop.nanoTime() / 1_000_000);
      return --left == 0 ? null : Wire.sleep(ofMillis(10)).then(this);
    }
  }

  @Test
  void syncState_isItsOwnWire_loopsInOneTask_andEndsOnNull() {
    EventLoop loop = virtualLoop();
    Countdown countdown = new Countdown(rec, loop, 3);
    Task task = loop.start(countdown);
    loop.run();
    assertThat(rec.events()).containsExactly("3@0", "2@10", "1@20");
    assertThat(task.state()).isEqualTo(Task.State.DONE);
    assertThat(loop.startedTasks()).isEqualTo(1);
  }

  @Test
  void syncState_reactorForm_matchesTheFastPath() {
    EventLoop loop = virtualLoop();
    Countdown countdown = new Countdown(rec, loop, 2);
    loop.start(ctx -> countdown.run(ctx)); // Wire.run, as code that runs wires by hand calls it
    loop.run();
    assertThat(rec.events()).containsExactly("2@0", "1@10");
  }

  @Test
  void syncState_thatThrows_failsItsTask_withItsPath() {
    EventLoop loop = virtualLoop();
    SyncState broken = ctx -> {
      throw new IllegalStateException("broken state");
    };
    loop.start(rec.call("before").then(broken.named("broken")));
    assertThatThrownBy(loop::run)
        .isInstanceOf(UnhandledWireException.class)
        .hasRootCauseMessage("broken state");
    assertThat(rec.events()).containsExactly("before");
  }
}
