package dev.jwire.wires;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Lock, Semaphore, Event and Condition: waiting without threads, FIFO, cancellation, no leaks. */
class SyncTest {
  private final List<Object> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().virtualTime().build();

  private Wire record(Object event) {
    return Wire.call(() -> events.add(event));
  }

  // ---------------------------------------------------------------------------------------------
  // Lock

  @Test
  void lock_waitersGetItFirstComeFirstServed() {
    Lock lock = Lock.create();
    assertThat(lock.tryAcquire()).isTrue();
    for (String name : List.of("a", "b", "c")) {
      loop.start(lock.acquire(record(name).then(Wire.call(lock::release))));
      loop.runUntilIdle();
    }
    assertThat(lock.waiting()).isEqualTo(3);
    assertThat(lock.tryAcquire()).as("a newcomer never jumps the queue").isFalse();
    lock.release();
    loop.runUntilIdle();
    assertThat(events).containsExactly("a", "b", "c");
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void withLock_excludesOthers_andReleasesHoweverTheBodyEnds() {
    Lock lock = Lock.create();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Wire body = Wire.call(() -> most.accumulateAndGet(inside.incrementAndGet(), Math::max))
        .then(Wire.sleep(ofMillis(10)))
        .then(Wire.call(inside::decrementAndGet));
    for (int i = 0; i < 5; i++) {
      loop.start(lock.withLock(body));
    }
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(lock.withLock(Wire.call(() -> {
      throw new IllegalStateException("body failed");
    })), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(most).as("one at a time").hasValue(1);
    assertThat(error.get()).hasMessage("body failed");
    assertThat(lock.isLocked()).as("released after the failure too").isFalse();
    assertThat(loop.nanoTime()).isEqualTo(ofMillis(50).toNanos());
  }

  @Test
  void withLock_cancelledWhileHolding_releases() {
    Lock lock = Lock.create();
    Task holder = loop.start(lock.withLock(Wire.sleep(Duration.ofHours(1))));
    loop.start(Wire.sleep(ofMillis(5)).then(lock.acquire(record("second got it"))));
    loop.advanceTimeBy(ofMillis(10));
    assertThat(lock.isLocked()).isTrue();
    holder.cancel();
    loop.runUntilIdle();
    assertThat(events).containsExactly("second got it");
  }

  @Test
  void lock_cancelledWaiter_leavesTheQueue() {
    Lock lock = Lock.create();
    lock.tryAcquire();
    Task waiter = loop.start(lock.acquire(record("unreached")));
    loop.start(lock.acquire(record("next")));
    loop.runUntilIdle();
    waiter.cancel();
    loop.runUntilIdle();
    assertThat(lock.waiting()).isOne();
    lock.release();
    loop.runUntilIdle();
    assertThat(events).containsExactly("next");
  }

  @Test
  void lockGrantedToATaskCancelledBeforeItRan_passesOn() {
    Lock lock = Lock.create();
    lock.tryAcquire();
    Task first = loop.start(lock.acquire(record("first")));
    loop.start(lock.acquire(record("second")));
    loop.runUntilIdle();
    lock.release(); // granted to `first`, which has not run yet
    first.cancel();
    loop.runUntilIdle();
    assertThat(events).containsExactly("second");
    assertThat(lock.isLocked()).as("second holds it: nothing leaked, nothing doubled").isTrue();
    assertThat(lock.waiting()).isZero();
  }

  @Test
  void lock_isNotReentrant_andSaysSo() {
    Lock lock = Lock.create();
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(lock.acquire(lock.acquire(record("unreached"))), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("not reentrant");
  }

  @Test
  void release_ofAFreeLock_isAnError() {
    assertThatThrownBy(() -> Lock.create().release()).isInstanceOf(IllegalStateException.class)
        .hasMessage("release of a lock that is not held");
  }

  // ---------------------------------------------------------------------------------------------
  // Semaphore

  @Test
  void semaphore_limitsConcurrency_withPermit() {
    Semaphore sem = Semaphore.create(2);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    for (int i = 0; i < 6; i++) {
      loop.start(sem.withPermit(Wire.call(() -> most.accumulateAndGet(inside.incrementAndGet(), Math::max))
          .then(Wire.sleep(ofMillis(10)))
          .then(Wire.call(inside::decrementAndGet))));
    }
    loop.run();
    assertThat(most).hasValue(2);
    assertThat(sem.availablePermits()).isEqualTo(2);
    assertThat(loop.nanoTime()).isEqualTo(ofMillis(30).toNanos());
  }

  @Test
  void semaphore_cancelledHolders_giveBackEveryPermit() {
    Semaphore sem = Semaphore.create(3);
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tasks.add(loop.start(sem.withPermit(Wire.sleep(Duration.ofHours(1)))));
    }
    loop.runUntilIdle();
    assertThat(sem.availablePermits()).isZero();
    assertThat(sem.waiting()).isEqualTo(7);
    tasks.forEach(Task::cancel);
    loop.runUntilIdle();
    assertThat(sem.availablePermits()).isEqualTo(3);
    assertThat(sem.waiting()).isZero();
  }

  @Test
  void semaphore_tryAcquireAndRelease() {
    Semaphore sem = Semaphore.create(1);
    assertThat(sem.tryAcquire()).isTrue();
    assertThat(sem.tryAcquire()).isFalse();
    sem.release();
    sem.release();
    assertThat(sem.availablePermits()).as("release may add permits").isEqualTo(2);
    loop.start(Semaphore.create(0).acquire(record("never")));
    loop.run(Duration.ofSeconds(1));
    assertThat(events).isEmpty();
  }

  /** Grants racing cancellations from another thread: every permit ends up back in the pool. */
  @RepeatedTest(5)
  void semaphore_grantsRacingCancellations_neverLeakAPermit() throws Exception {
    Semaphore sem = Semaphore.create(2);
    try (EventLoop threaded = EventLoop.builder().threads(2).build()) {
      List<Task> tasks = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        tasks.add(threaded.start(sem.withPermit(Wire.sleep(Duration.ofMillis(i % 3)))));
      }
      Thread canceller = new Thread(() -> {
        for (int i = tasks.size() - 1; i >= 0; i -= 2) {
          tasks.get(i).cancel();
        }
      });
      canceller.start();
      canceller.join();
      assertThat(threaded.run(Duration.ofSeconds(20))).isTrue();
    }
    assertThat(sem.availablePermits()).isEqualTo(2);
    assertThat(sem.waiting()).isZero();
  }

  // ---------------------------------------------------------------------------------------------
  // Event

  @Test
  void event_setWakesEveryWaiter_andLaterWaitsPassAtOnce() {
    Event ready = Event.create();
    for (int i = 0; i < 3; i++) {
      loop.start(ready.await(record("woke " + i)));
    }
    loop.runUntilIdle();
    assertThat(ready.waiting()).isEqualTo(3);
    loop.start(Wire.sleep(ofMillis(100)).then(Wire.call(ready::set)));
    loop.run();
    assertThat(events).containsExactlyInAnyOrder("woke 0", "woke 1", "woke 2");
    loop.start(ready.await(record("at once")));
    loop.runUntilIdle();
    assertThat(events).endsWith("at once");
    ready.clear();
    Task t = loop.start(ready.await(record("after clear")));
    loop.runUntilIdle();
    assertThat(t.state()).isEqualTo(Task.State.WAITING);
    t.cancel();
    loop.runUntilIdle();
    assertThat(ready.waiting()).as("a cancelled waiter leaves").isZero();
    assertThat(ready.toString()).isEqualTo("Event[clear, 0 waiting]");
  }

  // ---------------------------------------------------------------------------------------------
  // Condition

  @Test
  void condition_boundedBuffer_producersAndConsumersWaitForEachOther() {
    Lock lock = Lock.create();
    Condition notEmpty = lock.newCondition();
    Condition notFull = lock.newCondition();
    Deque<Integer> items = new ArrayDeque<>();
    List<Integer> consumed = new CopyOnWriteArrayList<>();
    for (int c = 0; c < 3; c++) {
      loop.start(consumer(lock, notEmpty, notFull, items, consumed, 10));
    }
    for (int p = 0; p < 3; p++) {
      loop.start(producer(lock, notEmpty, notFull, items, p * 100, 10));
    }
    loop.run();
    assertThat(consumed).hasSize(30).doesNotHaveDuplicates();
    assertThat(lock.isLocked()).isFalse();
  }

  private static Wire producer(Lock lock, Condition notEmpty, Condition notFull, Deque<Integer> items, int next, int left) {
    if (left == 0) {
      return Wire.nothing();
    }
    return lock.withLock(notFull.awaitUntil(() -> items.size() < 2, Wire.call(() -> {
      items.add(next);
      notEmpty.signal();
    }))).then(Wire.defer(ctx -> producer(lock, notEmpty, notFull, items, next + 1, left - 1)));
  }

  private static Wire consumer(Lock lock, Condition notEmpty, Condition notFull, Deque<Integer> items, List<Integer> out, int left) {
    if (left == 0) {
      return Wire.nothing();
    }
    return lock.withLock(notEmpty.awaitUntil(() -> !items.isEmpty(), Wire.call(() -> {
      out.add(items.poll());
      notFull.signal();
    }))).then(Wire.defer(ctx -> consumer(lock, notEmpty, notFull, items, out, left - 1)));
  }

  @Test
  void condition_awaitWithoutTheLock_isRefused() {
    Lock lock = Lock.create();
    Condition c = lock.newCondition();
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(c.await(record("unreached")), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("needs the lock held by this task");
  }

  @Test
  void condition_cancelledWhileWaiting_leavesWithoutTheLock() {
    Lock lock = Lock.create();
    Condition c = lock.newCondition();
    Task waiter = loop.start(lock.withLock(c.await(record("unreached"))));
    loop.runUntilIdle();
    assertThat(c.waiting()).isOne();
    assertThat(lock.isLocked()).as("await gave the lock up").isFalse();
    waiter.cancel();
    loop.runUntilIdle();
    assertThat(c.waiting()).isZero();
    assertThat(lock.isLocked()).isFalse();
    loop.start(lock.withLock(record("others can lock")));
    loop.run();
    assertThat(events).containsExactly("others can lock");
  }

  @Test
  void condition_signalAll_wakesEveryone_oneLockHolderAtATime() {
    Lock lock = Lock.create();
    Condition go = lock.newCondition();
    for (int i = 0; i < 4; i++) {
      int n = i;
      loop.start(lock.withLock(go.await(Wire.call(() -> {
        assertThat(lock.owner()).isNotNull();
        events.add("woke " + n);
      }))));
    }
    loop.runUntilIdle();
    assertThat(go.waiting()).isEqualTo(4);
    go.signalAll();
    loop.run();
    assertThat(events).containsExactly("woke 0", "woke 1", "woke 2", "woke 3");
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void badArguments_areRefusedAtTheCallSite() {
    assertThatThrownBy(() -> Semaphore.create(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits : -1 (expected: >= 0)");
    assertThatThrownBy(() -> Lock.create().withLock(null)).hasMessage("body : null (expected: non-null)");
    assertThatThrownBy(() -> Semaphore.create(1).withPermit(null)).hasMessage("body : null (expected: non-null)");
    assertThatThrownBy(() -> Event.create().await(null)).hasMessage("next : null (expected: non-null)");
    assertThatThrownBy(() -> Lock.create().newCondition().awaitUntil(null, Wire.nothing()))
        .hasMessage("predicate : null (expected: non-null)");
  }
}
