package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.wires.Broadcast.Overflow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Broadcast: every subscriber gets every later message, in one order; slow-subscriber policies. */
class BroadcastTest {
  private final List<Object> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().build();

  private static <T> List<T> drain(ReceiveChannel<T> ch) {
    List<T> out = new ArrayList<>();
    for (T m = ch.tryReceive(); m != null; m = ch.tryReceive()) {
      out.add(m);
    }
    return out;
  }

  @Test
  void everySubscriber_getsEveryMessageSentAfterItSubscribed() {
    Broadcast<Integer> b = Broadcast.create("numbers");
    Broadcast.Subscription<Integer> early = b.subscribe(8, Overflow.WAIT);
    b.trySend(1);
    Broadcast.Subscription<Integer> late = b.subscribe(8, Overflow.WAIT);
    b.trySend(2);
    b.trySend(3);
    assertThat(drain(early)).containsExactly(1, 2, 3);
    assertThat(drain(late)).containsExactly(2, 3);
    assertThat(b.subscribers()).isEqualTo(2);
    assertThat(early.name()).isEqualTo("numbers/1");
  }

  @Test
  void wireSubscribers_receiveEverything_thenTheEndWhenClosed() {
    Broadcast<String> b = Broadcast.create();
    Broadcast.Subscription<String> s1 = b.subscribe(2, Overflow.WAIT);
    Broadcast.Subscription<String> s2 = b.subscribe(2, Overflow.WAIT);
    loop.start(s1.forEach(m -> events.add("1:" + m)).then(Wire.call(() -> events.add("1 end"))));
    loop.start(s2.forEach(m -> events.add("2:" + m)).then(Wire.call(() -> events.add("2 end"))));
    loop.start(b.send("a", b.send("b", b.send("c", Wire.call(() -> b.close())))));
    loop.run();
    assertThat(events).filteredOn(e -> e.toString().startsWith("1")).containsExactly("1:a", "1:b", "1:c", "1 end");
    assertThat(events).filteredOn(e -> e.toString().startsWith("2")).containsExactly("2:a", "2:b", "2:c", "2 end");
  }

  @Test
  void wait_senderWaitsForAFullWaitSubscriber_whileTheOthersHaveTheMessage() {
    Broadcast<String> b = Broadcast.create();
    Broadcast.Subscription<String> slow = b.subscribe(1, Overflow.WAIT);
    Broadcast.Subscription<String> fast = b.subscribe(4, Overflow.WAIT);
    slow.tryReceive();
    Task sender = loop.start(b.send("m1", b.send("m2", Wire.call(() -> events.add("sent both")))));
    loop.runUntilIdle();
    assertThat(sender.state()).isEqualTo(Task.State.WAITING);
    assertThat(fast.size()).as("the fast subscriber is not held back").isEqualTo(2);
    assertThat(slow.statistics().waitingSenders()).as("visible, not silent").isOne();
    assertThat(b.trySend("m3")).as("all or nothing").isFalse();
    assertThat(slow.tryReceive()).isEqualTo("m1");
    loop.runUntilIdle();
    assertThat(events).containsExactly("sent both");
    assertThat(drain(slow)).containsExactly("m2");
    assertThat(drain(fast)).containsExactly("m1", "m2");
  }

  @Test
  void dropOldest_keepsTheNewest_andCountsTheDrops() {
    Broadcast<Integer> b = Broadcast.create();
    Broadcast.Subscription<Integer> lossy = b.subscribe(3, Overflow.DROP_OLDEST);
    Broadcast.Subscription<Integer> full = b.subscribe(10, Overflow.WAIT);
    for (int i = 1; i <= 10; i++) {
      assertThat(b.trySend(i)).isTrue();
    }
    assertThat(drain(lossy)).containsExactly(8, 9, 10);
    assertThat(lossy.statistics().dropped()).isEqualTo(7);
    assertThat(drain(full)).hasSize(10);
    assertThat(lossy.overflow()).isEqualTo(Overflow.DROP_OLDEST);
  }

  @Test
  void fail_closesTheSlowSubscriberWithAnError_andTheOthersGoOn() {
    Broadcast<Integer> b = Broadcast.create("feed");
    Broadcast.Subscription<Integer> strict = b.subscribe(2, Overflow.FAIL);
    Broadcast.Subscription<Integer> other = b.subscribe(8, Overflow.WAIT);
    for (int i = 1; i <= 4; i++) {
      b.trySend(i);
    }
    assertThat(b.subscribers()).isOne();
    assertThat(strict.tryReceive()).isEqualTo(1);
    assertThat(strict.tryReceive()).isEqualTo(2);
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(strict.receive(m -> Wire.nothing()), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(ChannelClosedException.class)
        .cause().isInstanceOf(BroadcastOverflowException.class).hasMessageContaining("of broadcast 'feed' fell behind");
    assertThat(drain(other)).containsExactly(1, 2, 3, 4);
  }

  @Test
  void unsubscribing_releasesAWaitingSender_andEndsAfterTheBufferedMessages() {
    Broadcast<String> b = Broadcast.create();
    Broadcast.Subscription<String> s = b.subscribe(1, Overflow.WAIT);
    b.trySend("buffered");
    Task sender = loop.start(b.send("waits"));
    loop.runUntilIdle();
    assertThat(sender.state()).isEqualTo(Task.State.WAITING);
    s.close();
    loop.runUntilIdle();
    assertThat(sender.isDone()).isTrue();
    assertThat(b.subscribers()).isZero();
    assertThat(s.tryReceive()).isEqualTo("buffered");
    assertThat(s.tryReceive()).isNull();
    assertThat(s.isEnded()).isTrue();
  }

  @Test
  void cancelledSender_withdrawsFromTheSubscribersThatDidNotTakeIt() {
    Broadcast<String> b = Broadcast.create();
    Broadcast.Subscription<String> s = b.subscribe(1, Overflow.WAIT);
    b.trySend("first");
    Task sender = loop.start(b.send("withdrawn"));
    loop.runUntilIdle();
    sender.cancel();
    loop.runUntilIdle();
    assertThat(s.statistics().waitingSenders()).isZero();
    assertThat(drain(s)).containsExactly("first");
  }

  @Test
  void closed_refusesSends_andNewSubscriptionsAreEnded() {
    Broadcast<String> b = Broadcast.create();
    assertThat(b.close()).isTrue();
    assertThat(b.close()).isFalse();
    assertThat(b.isOpen()).isFalse();
    assertThat(b.trySend("x")).isFalse();
    assertThatThrownBy(() -> b.put("x")).isInstanceOf(ChannelClosedException.class);
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(b.send("x"), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(ChannelClosedException.class).hasMessageContaining("is closed");
    assertThat(b.subscribe(1, Overflow.WAIT).isEnded()).isTrue();
  }

  @Test
  void concurrentSenders_everySubscriberSeesTheSameOrder() throws Exception {
    Broadcast<Integer> b = Broadcast.create();
    List<Broadcast.Subscription<Integer>> subs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      subs.add(b.subscribe(64, i == 0 ? Overflow.WAIT : i == 1 ? Overflow.DROP_OLDEST : Overflow.WAIT));
    }
    List<List<Integer>> seen = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (Broadcast.Subscription<Integer> s : subs) {
      List<Integer> mine = new ArrayList<>();
      seen.add(mine);
      threads.add(new Thread(() -> {
        try {
          for (Integer m = s.take(); m != null; m = s.take()) {
            mine.add(m);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (int p = 0; p < 4; p++) {
      int base = p * 10_000;
      threads.add(new Thread(() -> {
        try {
          for (int i = 0; i < 2_000; i++) {
            b.put(base + i);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    threads.forEach(Thread::start);
    for (int i = 3; i < threads.size(); i++) {
      threads.get(i).join();
    }
    b.close();
    for (int i = 0; i < 3; i++) {
      threads.get(i).join();
    }
    assertThat(seen.get(0)).hasSize(8_000);
    assertThat(seen.get(2)).isEqualTo(seen.get(0));
    assertThat(seen.get(0)).containsSubsequence(seen.get(1)); // the lossy one: a subsequence of the same order
  }

  @Test
  void badArguments_areRefusedAtTheCallSite() {
    Broadcast<String> b = Broadcast.create();
    assertThatThrownBy(() -> b.subscribe(0, Overflow.WAIT)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity : 0 (expected: >= 1)");
    assertThatThrownBy(() -> b.subscribe(1, null)).hasMessage("overflow : null (expected: non-null)");
    assertThatThrownBy(() -> b.trySend(null)).hasMessage("value : null (expected: non-null)");
    assertThatThrownBy(() -> b.send(null)).hasMessage("value : null (expected: non-null)");
    assertThatThrownBy(() -> Broadcast.create("")).hasMessage("name : \"\" (expected: not blank)");
  }
}
