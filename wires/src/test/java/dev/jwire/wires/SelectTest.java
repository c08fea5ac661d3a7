package dev.jwire.wires;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Select over channels, timers, wires and custom cases: who wins, what the losers keep, fairness. */
class SelectTest {
  private final List<Object> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().virtualTime().build();

  private Wire record(Object event) {
    return Wire.call(() -> events.add(event));
  }

  private long nowMillis() {
    return loop.nanoTime() / 1_000_000;
  }

  @Test
  void readyChannel_wins_andTheOtherKeepsItsMessages() {
    Channel<String> a = Channel.bounded(2);
    Channel<String> b = Channel.bounded(2);
    b.trySend("b1");
    loop.start(Select.select(a.onReceive(m -> record("a:" + m)), b.onReceive(m -> record("b:" + m))));
    loop.run();
    assertThat(events).containsExactly("b:b1");
    assertThat(a.statistics().waitingReceivers()).as("the loser left a's queue").isZero();
  }

  @Test
  void waitingSelect_resumesWithTheFirstChannelToGetAMessage() {
    Channel<String> a = Channel.bounded(2);
    Channel<String> b = Channel.bounded(2);
    Task t = loop.start(Select.select(a.onReceive(m -> record("a:" + m)), b.onReceive(m -> record("b:" + m))));
    loop.runUntilIdle();
    assertThat(t.state()).isEqualTo(Task.State.WAITING);
    assertThat(a.statistics().waitingReceivers()).isOne();
    assertThat(b.statistics().waitingReceivers()).isOne();
    a.trySend("a1");
    assertThat(b.trySend("b1")).isTrue();
    loop.runUntilIdle();
    assertThat(events).containsExactly("a:a1");
    assertThat(b.tryReceive()).as("a losing case takes nothing").isEqualTo("b1");
    assertThat(a.statistics().waitingReceivers()).isZero();
    assertThat(b.statistics().waitingReceivers()).isZero();
  }

  @Test
  void onSend_sendsOnlyIfItWins() {
    Channel<String> out = Channel.bounded(1);
    Channel<String> in = Channel.bounded(1);
    out.trySend("full");
    in.trySend("incoming");
    loop.start(Select.select(out.onSend("mine", record("sent")), in.onReceive(m -> record("got " + m))));
    loop.run();
    assertThat(events).containsExactly("got incoming");
    assertThat(out.tryReceive()).isEqualTo("full");
    assertThat(out.tryReceive()).as("the losing send sent nothing").isNull();
  }

  @Test
  void onSend_waitingSelect_winsWhenRoomFrees() {
    Channel<String> out = Channel.bounded(1);
    out.trySend("full");
    loop.start(Select.select(out.onSend("mine", record("sent")), Select.onTimeout(Duration.ofHours(1), record("timeout"))));
    loop.runUntilIdle();
    assertThat(out.tryReceive()).isEqualTo("full");
    loop.runUntilIdle();
    assertThat(events).containsExactly("sent");
    assertThat(out.tryReceive()).isEqualTo("mine");
  }

  @Test
  void onTimeout_winsOnTheLoopClock_whenNothingElseIsReady() {
    Channel<String> a = Channel.bounded(1);
    loop.start(Select.select(a.onReceive(m -> record("a:" + m)), Select.onTimeout(ofMillis(250), Wire.defer(ctx -> record("timeout@" + nowMillis())))));
    loop.run();
    assertThat(events).containsExactly("timeout@250");
    assertThat(a.statistics().waitingReceivers()).isZero();
  }

  @Test
  void zeroTimeout_isGosDefault_itLosesToAReadyChannel() {
    for (int i = 0; i < 50; i++) {
      Channel<String> a = Channel.bounded(1);
      a.trySend("ready");
      loop.start(Select.select(Select.onTimeout(Duration.ZERO, record("default")), a.onReceive(m -> record(m))));
      loop.runUntilIdle();
    }
    assertThat(events).hasSize(50).containsOnly("ready");
    Channel<String> empty = Channel.bounded(1);
    loop.start(Select.select(empty.onReceive(m -> record(m)), Select.onTimeout(Duration.ZERO, record("default"))));
    loop.runUntilIdle();
    assertThat(events).endsWith("default");
  }

  @Test
  void timerThatLost_isStopped() {
    Channel<String> a = Channel.bounded(1);
    loop.start(Select.select(a.onReceive(m -> record(m)), Select.onTimeout(Duration.ofDays(1), record("timeout"))));
    loop.runUntilIdle();
    a.trySend("first");
    loop.run();
    assertThat(events).containsExactly("first");
    assertThat(nowMillis()).as("run() did not wait a day for a dead timer").isZero();
  }

  @Test
  void onDone_winsWhenTheWireFinishes_andLosersAreCancelled() {
    AtomicInteger slowSteps = new AtomicInteger();
    Wire quick = Wire.sleep(ofMillis(10)).then(record("quick ran"));
    Wire slow = Wire.sleep(ofMillis(100)).then(Wire.call(slowSteps::incrementAndGet));
    loop.start(Select.select(Select.onDone(slow, record("slow won")), Select.onDone(quick, Wire.defer(ctx -> record("quick won@" + nowMillis())))));
    loop.run();
    assertThat(events).containsExactly("quick ran", "quick won@10");
    assertThat(slowSteps).as("the losing wire was cancelled").hasValue(0);
  }

  @Test
  void onDone_failingWire_failsTheSelect() {
    AtomicReference<Throwable> error = new AtomicReference<>();
    Wire failing = Wire.sleep(ofMillis(5)).then(Wire.call(() -> {
      throw new IllegalStateException("broken");
    }));
    loop.start(Select.select(Select.onDone(failing, record("unreached")), Select.onTimeout(ofMillis(50), record("timeout"))),
        (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).hasMessage("broken");
    assertThat(events).isEmpty();
  }

  @Test
  void receiveCase_atTheEnd_isDoneOrRunsOnEnd() {
    Channel<String> closed = Channel.bounded(1);
    closed.close();
    Channel<String> idle = Channel.bounded(1);
    loop.start(Select.select(closed.onReceive(m -> record(m)), idle.onReceive(m -> record(m))).then(record("done")));
    loop.start(Select.select(closed.onReceive(m -> record(m), record("ended")), idle.onReceive(m -> record(m))));
    loop.run();
    assertThat(events).containsExactlyInAnyOrder("done", "ended");
  }

  @Test
  void sendCase_onAClosedChannel_failsTheSelect() {
    Channel<String> closed = Channel.bounded(1);
    closed.close();
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(Select.select(closed.onSend("x", record("sent"))), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void cancelledSelect_leavesEveryQueue_andTakesNothing() {
    Channel<String> a = Channel.bounded(1);
    Channel<String> b = Channel.rendezvous();
    Task t = loop.start(Select.select(a.onReceive(m -> record(m)), b.onSend("never", record("sent"))));
    loop.runUntilIdle();
    assertThat(b.statistics().waitingSenders()).isOne();
    t.cancel();
    loop.runUntilIdle();
    assertThat(a.statistics().waitingReceivers()).isZero();
    assertThat(b.statistics().waitingSenders()).isZero();
    assertThat(a.trySend("kept")).isTrue();
    assertThat(a.tryReceive()).isEqualTo("kept");
  }

  @Test
  void selectCancelledAfterWinning_givesTheMessageBack() {
    Channel<String> a = Channel.bounded(2);
    Task t = loop.start(Select.select(a.onReceive(m -> record(m))));
    loop.runUntilIdle();
    a.trySend("one"); // handed to the select: its task is resumed but has not run
    a.trySend("two");
    t.cancel();
    loop.runUntilIdle();
    assertThat(events).isEmpty();
    assertThat(a.tryReceive()).isEqualTo("one");
    assertThat(a.tryReceive()).isEqualTo("two");
  }

  @Test
  void twoSelects_meetOnARendezvousChannel() {
    Channel<String> ch = Channel.rendezvous();
    Channel<String> never = Channel.bounded(1);
    loop.start(Select.select(ch.onSend("hi", record("sent")), never.onReceive(m -> record(m))));
    loop.runUntilIdle();
    loop.start(Select.select(never.onReceive(m -> record(m)), ch.onReceive(m -> record("got " + m))));
    loop.runUntilIdle();
    assertThat(events).containsExactlyInAnyOrder("sent", "got hi");
  }

  @Test
  void selectWithSendAndReceiveOnTheSameChannel_doesNotMeetItself() {
    Channel<String> ch = Channel.rendezvous();
    Task t = loop.start(Select.select(ch.onSend("x", record("sent")), ch.onReceive(m -> record("got " + m))));
    loop.runUntilIdle();
    assertThat(t.state()).isEqualTo(Task.State.WAITING);
    assertThat(events).isEmpty();
    assertThat(ch.tryReceive()).isEqualTo("x");
    loop.runUntilIdle();
    assertThat(events).containsExactly("sent");
  }

  /**
   * A virtual-time loop jumps to the next timer only when nothing waits on the outside world. A
   * channel that a plain thread has used counts as the outside: while a select waits on it, the
   * hour-long timers do not fire; once the thread's message is in, time jumps.
   */
  @Test
  void virtualTime_givesAChannelFedByAThreadRealTime_beforeJumpingAhead() throws Exception {
    Channel<String> internal = Channel.bounded(1);
    Channel<String> fed = Channel.bounded(1);
    assertThat(fed.tryReceive()).as("a plain thread used it: waits on it wait on the outside").isNull();
    try (EventLoop virtual = EventLoop.builder().virtualTime().autoAdvanceGrace(Duration.ofMinutes(5)).build()) {
      virtual.start(Select.select(internal.onReceive(m -> record(m)), Select.onTimeout(Duration.ofHours(1), record("timeout"))));
      Task waits = virtual.start(Select.select(fed.onReceive(m -> record(m)), Select.onTimeout(Duration.ofHours(1), record("fed timeout"))));
      Thread feeder = new Thread(() -> {
        org.awaitility.Awaitility.await().until(() -> waits.state() == Task.State.WAITING);
        fed.trySend("from a thread");
      });
      feeder.start();
      virtual.run();
      feeder.join();
      assertThat(events).containsExactly("from a thread", "timeout");
      assertThat(virtual.nanoTime()).isEqualTo(Duration.ofHours(1).toNanos());
    }
  }

  /** Two channels that always have messages: each case must win about half the time. */
  @RepeatedTest(3)
  void fairness_noReadyChannelIsStarved() {
    Channel<Integer> a = Channel.unbounded();
    Channel<Integer> b = Channel.unbounded();
    Channel<Integer> c = Channel.unbounded();
    int rounds = 3_000;
    for (int i = 0; i < rounds; i++) {
      a.trySend(i);
      b.trySend(i);
      c.trySend(i);
    }
    int[] wins = new int[3];
    Wire[] selectOnce = new Wire[1];
    AtomicInteger left = new AtomicInteger(rounds);
    Wire again = Wire.defer(ctx -> left.decrementAndGet() > 0 ? selectOnce[0] : Wire.nothing());
    selectOnce[0] = Select.select(
        a.onReceive(m -> Wire.call(() -> wins[0]++).then(again)),
        b.onReceive(m -> Wire.call(() -> wins[1]++).then(again)),
        c.onReceive(m -> Wire.call(() -> wins[2]++).then(again)));
    loop.start(selectOnce[0]);
    loop.run();
    assertThat(wins[0] + wins[1] + wins[2]).isEqualTo(rounds);
    for (int w : wins) {
      assertThat(w).as("wins %s of %d", java.util.Arrays.toString(wins), rounds).isBetween(rounds / 3 - 300, rounds / 3 + 300);
    }
    assertThat(a.size() + b.size() + c.size()).as("exactly one message taken per select").isEqualTo(2 * rounds);
  }

  /** A new kind of case through the SPI: wins when a CompletableFuture completes. */
  static final class OnFuture<V> extends SelectCase<V> {
    final CompletableFuture<V> future;
    final java.util.function.Function<V, Wire> then;
    final AtomicInteger cancels = new AtomicInteger();

    OnFuture(CompletableFuture<V> future, java.util.function.Function<V, Wire> then) {
      this.future = future;
      this.then = then;
    }

    @Override
    public Registration register(Selection<V> s) {
      future.thenAccept(s::trySelect);
      return cancels::incrementAndGet;
    }

    @Override
    public Wire selected(WireContext ctx, V value) {
      return then.apply(value);
    }
  }

  @Test
  void customCase_takesPartThroughTheSpi() throws Exception {
    CompletableFuture<String> future = new CompletableFuture<>();
    OnFuture<String> onFuture = new OnFuture<>(future, v -> record("future " + v));
    Channel<String> ch = Channel.bounded(1);
    try (EventLoop threaded = EventLoop.create()) {
      threaded.start(Select.select(ch.onReceive(m -> record(m)), onFuture));
      new Thread(() -> future.complete("done")).start();
      assertThat(threaded.run(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(events).containsExactly("future done");
    assertThat(onFuture.cancels).as("every registration is cancelled, the winner's too").hasValue(1);
  }

  @Test
  void customCase_thatThrowsInRegister_failsTheSelect_andUndoesTheOthers() {
    Channel<String> ch = Channel.bounded(1);
    SelectCase<Object> broken = new SelectCase<>() {
      @Override
      public Registration register(Selection<Object> s) {
        throw new IllegalStateException("cannot register");
      }

      @Override
      public Wire selected(WireContext ctx, Object value) {
        return null;
      }
    };
    AtomicReference<Throwable> error = new AtomicReference<>();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tasks.add(loop.start(Select.select(ch.onReceive(m -> record(m)), broken), (ctx, e) -> error.set(e)));
    }
    loop.run();
    assertThat(error.get()).hasMessage("cannot register");
    assertThat(ch.statistics().waitingReceivers()).isZero();
  }

  @Test
  void completeWithoutClaim_isRefused() {
    AtomicReference<Throwable> error = new AtomicReference<>();
    SelectCase<String> rude = new SelectCase<>() {
      @Override
      public Registration register(Selection<String> s) {
        s.complete("no claim");
        return null;
      }

      @Override
      public Wire selected(WireContext ctx, String value) {
        return null;
      }
    };
    loop.start(Select.select(rude), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("without a successful tryClaim");
  }

  @Test
  void badArguments_areRefusedAtTheCallSite() {
    assertThatThrownBy(() -> Select.select()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cases : [] (expected: at least one case)");
    assertThatThrownBy(() -> Select.select((SelectCase<?>[]) null)).hasMessage("cases : null (expected: non-null)");
    assertThatThrownBy(() -> Select.select(Select.onTimeout(Duration.ZERO, Wire.nothing()), null))
        .hasMessage("cases[1] : null (expected: non-null)");
    assertThatThrownBy(() -> Select.onTimeout(Duration.ofMillis(-1), Wire.nothing())).hasMessage("after : PT-0.001S (expected: >= 0)");
    assertThatThrownBy(() -> Select.onDone(null, Wire.nothing())).hasMessage("wire : null (expected: non-null)");
    assertThatThrownBy(() -> Channel.bounded(1).onReceive(null)).hasMessage("then : null (expected: non-null)");
  }
}
