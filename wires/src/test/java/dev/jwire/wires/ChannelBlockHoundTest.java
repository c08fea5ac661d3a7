package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.core.publisher.Flux;

/**
 * Loop threads never block while wires wait on channels, selects, broadcasts and locks, while
 * plain threads block on the same channels, and while tasks are cancelled mid-wait. Runs in the
 * BlockHound surefire execution.
 */
class ChannelBlockHoundTest {
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void installBlockHound() {
    BlockHound.install();
  }

  @Test
  void channelsSelectsBroadcastsAndLocks_neverBlockTheLoopThreads() throws Exception {
    Channel<Integer> a = Channel.bounded(2);
    Channel<Integer> b = Channel.rendezvous();
    Broadcast<Integer> news = Broadcast.create();
    Broadcast.Subscription<Integer> reader = news.subscribe(4, Broadcast.Overflow.WAIT);
    Lock lock = Lock.create();
    Semaphore permits = Semaphore.create(2);
    AtomicLong sum = new AtomicLong();
    AtomicInteger locked = new AtomicInteger();
    int n = 2_000;
    try (EventLoop loop = EventLoop.builder().name("bh-channels").threads(2).build()) {
      Wire[] produce = new Wire[1];
      int[] next = {0};
      produce[0] = Wire.defer(ctx -> next[0] == n
          ? Wire.call(() -> a.close())
          : Select.select(a.onSend(next[0], Wire.nothing()), b.onSend(next[0], Wire.nothing()))
              .then(news.send(next[0]++, produce[0])));
      loop.start(produce[0], (ctx, e) -> errors.add(e));
      loop.start(a.forEach(v -> sum.addAndGet(v)).then(Wire.call(() -> news.close())), (ctx, e) -> errors.add(e));
      loop.start(reader.forEach(v -> { }), (ctx, e) -> errors.add(e));
      for (int i = 0; i < 20; i++) {
        loop.start(lock.withLock(permits.withPermit(Wire.sleep(Duration.ofMillis(1)).then(Wire.call(locked::incrementAndGet)))),
            (ctx, e) -> errors.add(e));
      }
      Task cancelled = loop.start(Channel.<Integer>bounded(1).receive(v -> Wire.nothing()));
      cancelled.cancel();
      Thread plain = new Thread(() -> {
        try {
          for (Integer v = b.take(); v != null; v = b.poll(Duration.ofMillis(200))) {
            sum.addAndGet(v);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      plain.start();
      loop.run(Duration.ofSeconds(60));
      b.close();
      plain.join();
      Channel<Integer> fed = Channel.from(Flux.range(0, 1_000), 8);
      loop.start(fed.forEach(v -> { }), (ctx, e) -> errors.add(e));
      loop.run(Duration.ofSeconds(60));
    }
    assertThat(errors).isEmpty();
    assertThat(sum).hasValue((long) n * (n - 1) / 2);
    assertThat(locked).hasValue(20);
  }
}
