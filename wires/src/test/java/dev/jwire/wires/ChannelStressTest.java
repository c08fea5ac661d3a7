package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Eight producers and eight consumers on two channels, from mixed threads: wires on a two-thread
 * loop (plain sends, selects over both channels, selects with timers) and plain threads ({@code
 * put}, {@code offer}, {@code take}, {@code poll}), plus a {@code Flux} subscriber; in half the runs
 * a canceller cancels consumer tasks at random (and starts replacements) while messages flow. Every
 * message must be received exactly once; without cancellations, each consumer must see each
 * producer's messages on a channel in the order they were sent.
 *
 * <p>Seeded: a failure names its seed; rerun one with {@code -Djwire.seed=<seed>}. Scale with
 * {@code -Djwire.stress.factor=N}.
 */
class ChannelStressTest {
  private static final int FACTOR = Integer.getInteger("jwire.stress.factor", 1);
  private static final int PRODUCERS = 8;
  private static final int CONSUMERS = 8;

  static Stream<Long> seeds() {
    String fixed = System.getProperty("jwire.seed");
    if (fixed != null) {
      return Stream.of(Long.parseLong(fixed));
    }
    long base = new Random().nextLong();
    return LongStream.range(0, 8L * FACTOR).mapToObj(i -> base + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mixedProducersAndConsumers_noMessageLostOrDuplicated(long seed) throws Exception {
    new Run(seed).check();
  }

  /** One seeded run. */
  private static final class Run {
    final long seed;
    final Random random;
    final int perProducer;
    final boolean cancelling;
    final Channel<Integer> a;
    final Channel<Integer> b;
    final AtomicIntegerArray seen;
    final List<List<int[]>> orders = new CopyOnWriteArrayList<>();
    final List<Task> consumerTasks = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new ArrayList<>();
    final CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
    final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    final String why;
    volatile int cancellations;

    Run(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      this.perProducer = (500 + random.nextInt(1500)) * FACTOR;
      this.cancelling = random.nextBoolean();
      this.a = channel(random.nextInt(5));
      this.b = channel(random.nextInt(5));
      this.seen = new AtomicIntegerArray(PRODUCERS * perProducer);
      this.why = "seed " + seed + " (rerun with -Djwire.seed=" + seed + "), capacities " + a.capacity() + "/"
          + b.capacity() + ", " + perProducer + " per producer, cancelling " + cancelling;
    }

    static Channel<Integer> channel(int kind) {
      switch (kind) {
        case 0:
          return Channel.rendezvous();
        case 1:
          return Channel.bounded(1);
        case 2:
          return Channel.bounded(3);
        case 3:
          return Channel.bounded(64);
        default:
          return Channel.unbounded();
      }
    }

    void check() throws Exception {
      Disposable flux;
      CountDownLatch fluxDone = new CountDownLatch(1);
      try (EventLoop loop = EventLoop.builder().threads(2).build()) {
        for (int p = 0; p < PRODUCERS; p++) {
          startProducer(loop, p, p % 2 == 0 ? random.nextInt(2) : 2 + random.nextInt(2));
        }
        for (int c = 0; c < CONSUMERS - 1; c++) {
          startConsumer(loop, c % 2 == 0 ? random.nextInt(3) : 3 + random.nextInt(2));
        }
        List<int[]> fluxOrder = order();
        flux = Flux.merge(a.asFlux().map(v -> new int[] {0, v}), b.asFlux().map(v -> new int[] {1, v}))
            .limitRate(1 + random.nextInt(8))
            .doOnTerminate(fluxDone::countDown)
            .subscribe(m -> got(fluxOrder, m[0], m[1]), errors::add);
        Thread canceller = cancelling ? canceller(loop, new Random(random.nextLong())) : null;
        threads.forEach(Thread::start);
        assertThat(producersDone.await(60, TimeUnit.SECONDS)).as(why + ": producers finished").isTrue();
        a.close();
        b.close();
        if (canceller != null) {
          canceller.interrupt();
          canceller.join();
        }
        for (Thread t : threads) {
          t.join(TimeUnit.SECONDS.toMillis(60));
          assertThat(t.isAlive()).as(why + ": " + t.getName() + " ended").isFalse();
        }
        assertThat(loop.run(Duration.ofSeconds(60))).as(why + ": every wire ended").isTrue();
        assertThat(fluxDone.await(60, TimeUnit.SECONDS)).as(why + ": the flux completed").isTrue();
      }
      flux.dispose();
      assertThat(errors).as(why + ": no errors").isEmpty();
      for (int i = 0; i < seen.length(); i++) {
        assertThat(seen.get(i)).as(why + ", " + cancellations + " cancellations: message " + i + " received exactly once")
            .isOne();
      }
      if (!cancelling) {
        for (List<int[]> order : orders) {
          checkFifo(order);
        }
      }
    }

    /** Per consumer, per producer and channel: sequence numbers increase. */
    void checkFifo(List<int[]> order) {
      int[] last = new int[2 * PRODUCERS];
      java.util.Arrays.fill(last, -1);
      for (int[] m : order) {
        int producer = m[1] / perProducer;
        int seq = m[1] % perProducer;
        int key = m[0] * PRODUCERS + producer;
        assertThat(seq).as(why + ": FIFO from producer " + producer + " on channel " + m[0]).isGreaterThan(last[key]);
        last[key] = seq;
      }
    }

    List<int[]> order() {
      List<int[]> o = java.util.Collections.synchronizedList(new ArrayList<>());
      orders.add(o);
      return o;
    }

    void got(List<int[]> order, int channel, int value) {
      seen.incrementAndGet(value);
      received.incrementAndGet();
      order.add(new int[] {channel, value});
    }

    Channel<Integer> pick(Random r) {
      return r.nextBoolean() ? a : b;
    }

    // ---------------------------------------------------------------------------------------------
    // Producers: 0 wire send, 1 wire select(onSend a, onSend b), 2 thread put, 3 thread offer

    void startProducer(EventLoop loop, int p, int kind) {
      Random r = new Random(random.nextLong());
      int base = p * perProducer;
      if (kind >= 2) {
        threads.add(new Thread(() -> {
          try {
            for (int i = 0; i < perProducer; i++) {
              Channel<Integer> ch = pick(r);
              if (kind == 2) {
                ch.put(base + i);
              } else {
                while (!ch.offer(base + i, Duration.ofMillis(1))) {
                  Thread.onSpinWait();
                }
              }
            }
          } catch (Throwable e) {
            errors.add(e);
          } finally {
            producersDone.countDown();
          }
        }, "producer-" + p));
        return;
      }
      int[] next = {0};
      Wire[] self = new Wire[1];
      Wire done = Wire.call(producersDone::countDown);
      self[0] = Wire.defer(ctx -> {
        if (next[0] == perProducer) {
          return done;
        }
        int v = base + next[0]++;
        return kind == 0 ? pick(r).send(v, self[0]) : Select.select(a.onSend(v, self[0]), b.onSend(v, self[0]));
      });
      loop.start(self[0], (ctx, e) -> {
        errors.add(e);
        producersDone.countDown();
      });
    }

    // ---------------------------------------------------------------------------------------------
    // Consumers: 0 wire receive, 1 wire select(a, b), 2 wire select(a, b, timer), 3 thread take,
    // 4 thread poll

    void startConsumer(EventLoop loop, int kind) {
      List<int[]> order = order();
      if (kind >= 3) {
        Channel<Integer> ch = threads.size() % 2 == 0 ? a : b;
        int channel = ch == a ? 0 : 1;
        threads.add(new Thread(() -> {
          try {
            if (kind == 3) {
              for (Integer v = ch.take(); v != null; v = ch.take()) {
                got(order, channel, v);
              }
            } else {
              while (!ch.isEnded()) {
                Integer v = ch.poll(Duration.ofMillis(1));
                if (v != null) {
                  got(order, channel, v);
                }
              }
            }
          } catch (Throwable e) {
            errors.add(e);
          }
        }, "consumer-" + threads.size()));
        return;
      }
      consumerTasks.add(loop.start(consumerWire(kind, order), (ctx, e) -> errors.add(e)));
    }

    Wire consumerWire(int kind, List<int[]> order) {
      Wire[] self = new Wire[1];
      Wire again = Wire.defer(ctx -> self[0]);
      Wire fromA = a.receive(v -> {
        got(order, 0, v);
        return self[0];
      }, again);
      Wire fromB = b.receive(v -> {
        got(order, 1, v);
        return self[0];
      }, again);
      SelectCase<?> onA = a.onReceive(v -> {
        got(order, 0, v);
        return self[0];
      }, again);
      SelectCase<?> onB = b.onReceive(v -> {
        got(order, 1, v);
        return self[0];
      }, again);
      Wire both = kind == 1 ? Select.select(onA, onB) : Select.select(onA, onB, Select.onTimeout(Duration.ofMillis(1), again));
      boolean homeA = random.nextBoolean();
      self[0] = Wire.defer(ctx -> {
        boolean endedA = a.isEnded();
        boolean endedB = b.isEnded();
        if (endedA && endedB) {
          return Wire.nothing();
        }
        if (endedA || endedB) {
          return endedA ? fromB : fromA;
        }
        return kind == 0 ? (homeA ? fromA : fromB) : both;
      });
      return self[0];
    }

    /** Cancels a random consumer task, and starts a replacement, each time a few messages have passed. */
    Thread canceller(EventLoop loop, Random r) {
      Thread t = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          Task victim = consumerTasks.get(r.nextInt(consumerTasks.size()));
          victim.cancel();
          cancellations++;
          consumerTasks.remove(victim);
          consumerTasks.add(loop.start(consumerWire(r.nextInt(3), order()), (ctx, e) -> errors.add(e)));
          long target = received.get() + 1 + r.nextInt(40);
          while (received.get() < target && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(50_000); // polls the condition "target messages received"
          }
        }
      }, "canceller");
      t.start();
      return t;
    }
  }
}
