package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** {@link Wire#suspend}: resuming from anywhere, failing, cancelling, and no value lost in races. */
class SuspendTest {

  /** A one-slot mailbox built on the primitive, recording what its callbacks saw. */
  static final class Slot extends Suspender<String> {
    final AtomicReference<Suspension<String>> waiter = new AtomicReference<>();
    final List<String> got = new CopyOnWriteArrayList<>();
    final List<String> returned = new CopyOnWriteArrayList<>();
    final AtomicInteger cancelled = new AtomicInteger();
    volatile String ready;

    @Override
    public void suspend(WireContext ctx, Suspension<String> s) {
      if (ready != null) {
        s.resume(ready); // available now: no wait
        return;
      }
      waiter.set(s);
    }

    @Override
    public Wire resumed(WireContext ctx, String value) {
      got.add(value);
      return null;
    }

    @Override
    public void cancelled(Suspension<String> s) {
      assertThat(s).isSameAs(waiter.get());
      cancelled.incrementAndGet();
    }

    @Override
    public void undelivered(String value) {
      returned.add(value);
    }
  }

  @Test
  void resumeFromAnotherThread_continuesOnTheTaskThreadWithTheValue() throws Exception {
    Slot slot = new Slot();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    try (EventLoop loop = EventLoop.create()) {
      Task t = loop.start(Wire.suspend(slot).then(Wire.call(() -> ranOn.set(Thread.currentThread()))));
      await().until(() -> slot.waiter.get() != null);
      assertThat(t.state()).isEqualTo(Task.State.WAITING);
      Thread producer = new Thread(() -> assertThat(slot.waiter.get().resume("hello")).isTrue());
      producer.start();
      producer.join();
      assertThat(loop.run(Duration.ofSeconds(10))).isTrue();
      assertThat(slot.got).containsExactly("hello");
      assertThat(ranOn.get()).isNotEqualTo(producer).isNotEqualTo(Thread.currentThread());
      assertThat(slot.waiter.get().resume("again")).as("a second resume is refused").isFalse();
      assertThat(slot.waiter.get().isPending()).isFalse();
    }
  }

  @Test
  void resumeDuringSuspend_continuesWithoutWaiting() {
    Slot slot = new Slot();
    slot.ready = "now";
    try (EventLoop loop = EventLoop.builder().manual().build()) {
      loop.start(Wire.suspend(slot));
      loop.runOneStep();
      assertThat(slot.got).containsExactly("now");
    }
  }

  @Test
  void fail_failsTheStepWithTheError() {
    Slot slot = new Slot();
    AtomicReference<Throwable> error = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().manual().build()) {
      loop.start(Wire.suspend(slot), (ctx, e) -> error.set(e));
      loop.runUntilIdle();
      assertThat(slot.waiter.get().fail(new IllegalStateException("broken"))).isTrue();
      assertThat(slot.waiter.get().resume("late")).isFalse();
      loop.runUntilIdle();
      assertThat(error.get()).isInstanceOf(IllegalStateException.class).hasMessage("broken");
      assertThat(slot.got).isEmpty();
    }
  }

  @Test
  void throwingSuspend_failsTheStep() {
    AtomicReference<Throwable> error = new AtomicReference<>();
    try (EventLoop loop = EventLoop.builder().manual().build()) {
      loop.start(
          Wire.suspend((ctx, s) -> {
            throw new IllegalArgumentException("cannot wait");
          }, v -> null),
          (ctx, e) -> error.set(e));
      loop.runUntilIdle();
      assertThat(error.get()).hasMessage("cannot wait");
    }
  }

  @Test
  void cancelWhileWaiting_callsCancelledAndRefusesLaterResumes() {
    Slot slot = new Slot();
    try (EventLoop loop = EventLoop.builder().manual().build()) {
      Task t = loop.start(Wire.suspend(slot));
      loop.runUntilIdle();
      Suspension<String> s = slot.waiter.get();
      t.cancel();
      loop.runUntilIdle();
      assertThat(t.state()).isEqualTo(Task.State.CANCELLED);
      assertThat(slot.cancelled).hasValue(1);
      assertThat(s.resume("too late")).isFalse();
      assertThat(slot.got).isEmpty();
    }
  }

  @Test
  void resumeAcceptedThenCancelled_valueGoesToUndelivered() {
    Slot slot = new Slot();
    try (EventLoop loop = EventLoop.builder().manual().build()) {
      Task t = loop.start(Wire.suspend(slot));
      loop.runUntilIdle();
      assertThat(slot.waiter.get().resume("kept")).isTrue(); // queued, not yet taken
      t.cancel();
      loop.runUntilIdle();
      assertThat(t.state()).isEqualTo(Task.State.CANCELLED);
      assertThat(slot.got).isEmpty();
      assertThat(slot.returned).containsExactly("kept");
      assertThat(slot.cancelled).as("the wait had ended: nothing to unregister").hasValue(0);
    }
  }

  /** Resume and cancel race from two threads: each value is taken or returned, exactly once. */
  @RepeatedTest(20)
  void resumeRacingCancel_neverLosesTheValue() throws Exception {
    int n = 200;
    List<Slot> slots = new ArrayList<>();
    List<Task> tasks = new ArrayList<>();
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      for (int i = 0; i < n; i++) {
        Slot slot = new Slot();
        slots.add(slot);
        tasks.add(loop.start(Wire.suspend(slot)));
      }
      await().until(() -> slots.stream().allMatch(s -> s.waiter.get() != null));
      CountDownLatch go = new CountDownLatch(1);
      ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
      Thread resumer = new Thread(() -> {
        awaitLatch(go);
        for (int i = 0; i < n; i++) {
          if (slots.get(i).waiter.get().resume("v" + i)) {
            accepted.add("v" + i);
          }
        }
      });
      Thread canceller = new Thread(() -> {
        awaitLatch(go);
        for (int i = n - 1; i >= 0; i--) {
          tasks.get(i).cancel();
        }
      });
      resumer.start();
      canceller.start();
      go.countDown();
      resumer.join();
      canceller.join();
      assertThat(loop.run(Duration.ofSeconds(10))).isTrue();
      List<String> seen = new ArrayList<>();
      for (Slot s : slots) {
        seen.addAll(s.got);
        seen.addAll(s.returned);
        assertThat(s.got.size() + s.returned.size() + s.cancelled.get()).isEqualTo(1);
      }
      assertThat(seen).containsExactlyInAnyOrderElementsOf(accepted);
    }
  }

  @Test
  void lambdaForm_mapsTheValueToTheSuccessor() {
    List<Integer> seen = new ArrayList<>();
    try (EventLoop loop = EventLoop.builder().manual().build()) {
      loop.start(Wire.<Integer>suspend((ctx, s) -> s.resume(41), v -> Wire.call(() -> seen.add(v + 1))));
      loop.runUntilIdle();
      assertThat(seen).containsExactly(42);
    }
  }

  @Test
  void reactorRendering_runsTheSameProtocol() {
    Slot slot = new Slot();
    slot.ready = "via run";
    Wire w = Wire.suspend(slot);
    assertThat(w.run(null).block(Duration.ofSeconds(5))).isNull();
    assertThat(slot.got).containsExactly("via run");
    assertThat(w.name()).isEqualTo("suspend");
  }

  @Test
  void nullArguments_areRefusedAtTheCallSite() {
    assertThatThrownBy(() -> Wire.suspend(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("suspender : null (expected: non-null)");
    assertThatThrownBy(() -> Wire.suspend((ctx, s) -> {}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("then : null (expected: non-null)");
  }

  private static void awaitLatch(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
