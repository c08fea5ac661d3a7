package dev.jwire.benchmarks;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.StartSiteCapture;
import dev.jwire.engine.Wire;
import dev.jwire.wires.Channel;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Messages per second through jwire channels, beside Reactor sinks and a {@code java.util.concurrent}
 * queue, in the same run. Every invocation moves {@link #K} messages ({@code @OperationsPerInvocation}),
 * so scores are messages/s.
 *
 * <p><b>Ping-pong</b> (latency-bound: one message in flight): two parties bounce one message; each
 * bounce is one message, so a round trip counts two.
 *
 * <ul>
 *   <li>{@code pingPongJwire}: two wires over two {@code Channel.bounded(1)}: ping {@code send}s then
 *       {@code receive}s, pong the reverse; the wires are built once per invocation and allocate no
 *       wire per message. {@code loopThreads = 1}: both on one loop thread (each message is a
 *       suspend and resume on the same thread); {@code 2}: one wire per loop thread (each message
 *       wakes the other thread).
 *   <li>{@code pingPongReactorSinks}: two {@code Sinks.unsafe().many().unicast()} sinks whose
 *       subscribers emit into each other, on the benchmark thread (Reactor's drain loops trampoline
 *       the recursion). The same-thread counterpart of {@code loopThreads = 1}. (Serialized sinks
 *       refuse a re-entrant emission: {@code FAIL_NON_SERIALIZED}.)
 *   <li>{@code pingPongBlockingQueues}: the benchmark thread and a second thread bounce the message
 *       through two {@code ArrayBlockingQueue(1)}s with {@code put}/{@code take}: the cross-thread
 *       counterpart of {@code loopThreads = 2}.
 * </ul>
 *
 * <p><b>One producer, one consumer</b> (throughput-bound: many messages in flight):
 *
 * <ul>
 *   <li>{@code spscJwire}: a producer wire {@code send}s K integers into a {@code
 *       Channel.bounded(1024)}, a consumer wire takes them with {@code forEach}; on one or two loop
 *       threads.
 *   <li>{@code spscReactorUnicast}, {@code spscReactorMulticast}: the benchmark thread emits K
 *       integers into {@code Sinks.many().unicast().onBackpressureBuffer()} (resp. {@code
 *       multicast()}) whose one subscriber counts them on the emitting thread.
 *   <li>{@code spscReactorUnicastPublishOn}: the same unicast sink, consumed through {@code
 *       publishOn(Schedulers.single())}: a hand-off to another thread, like {@code loopThreads = 2}.
 *   <li>{@code spscArrayBlockingQueue}: the benchmark thread {@code put}s K integers into an {@code
 *       ArrayBlockingQueue(1024)} that a second thread {@code take}s from.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ChannelBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class ChannelBenchmark {
  /** Messages per invocation. */
  public static final int K = 100_000;

  private static final Integer BALL = 42;

  /** A jwire loop with one or two threads, built once per trial. */
  @State(Scope.Thread)
  public static class Loop {
    @Param({"1", "2"})
    public int loopThreads;

    EventLoop loop;

    @Setup(Level.Trial)
    public void setUp() {
      loop = EventLoop.builder().threads(loopThreads).startSites(StartSiteCapture.OFF).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      loop.close();
    }
  }

  /** A second plain thread running a loop body until the trial ends. */
  @State(Scope.Thread)
  public static class Peer {
    final ArrayBlockingQueue<Integer> ping = new ArrayBlockingQueue<>(1);
    final ArrayBlockingQueue<Integer> pong = new ArrayBlockingQueue<>(1);
    final ArrayBlockingQueue<Integer> spsc = new ArrayBlockingQueue<>(1024);
    final AtomicLong consumed = new AtomicLong();
    Thread ponger;
    Thread consumer;

    @Setup(Level.Trial)
    public void setUp() {
      ponger = daemon("ponger", () -> {
        for (;;) {
          pong.put(ping.take());
        }
      });
      consumer = daemon("consumer", () -> {
        for (;;) {
          spsc.take();
          consumed.incrementAndGet();
        }
      });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      ponger.interrupt();
      consumer.interrupt();
      ponger.join();
      consumer.join();
    }

    interface Body {
      void run() throws InterruptedException;
    }

    private static Thread daemon(String name, Body body) {
      Thread t = new Thread(() -> {
        try {
          body.run();
        } catch (InterruptedException e) {
          // the trial is over
        }
      }, name);
      t.setDaemon(true);
      t.start();
      return t;
    }
  }

  /** Reactor's single-thread scheduler for the publishOn variant. */
  @State(Scope.Thread)
  public static class ReactorThread {
    Scheduler single;

    @Setup(Level.Trial)
    public void setUp() {
      single = Schedulers.newSingle("reactor-consumer");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      single.dispose();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ping-pong

  @Benchmark
  @OperationsPerInvocation(K)
  public long pingPongJwire(Loop s) {
    Channel<Integer> toPong = Channel.bounded(1);
    Channel<Integer> toPing = Channel.bounded(1);
    long[] rounds = {K / 2};
    Wire[] ping = new Wire[1];
    Wire awaitPong = toPing.receive(v -> ping[0]);
    Wire serve = toPong.send(BALL, awaitPong);
    Wire stop = Wire.call(() -> toPong.close());
    ping[0] = Wire.sync(ctx -> --rounds[0] >= 0 ? serve : stop);
    Wire[] pong = new Wire[1];
    Wire answer = toPing.send(BALL, Wire.defer(ctx -> pong[0]));
    pong[0] = toPong.receive(v -> answer);
    s.loop.start(pong[0]);
    s.loop.start(ping[0]);
    s.loop.run(Duration.ofMinutes(1));
    return rounds[0];
  }

  @Benchmark
  @OperationsPerInvocation(K)
  public long pingPongReactorSinks() {
    Sinks.Many<Integer> toPong = Sinks.unsafe().many().unicast().onBackpressureBuffer();
    Sinks.Many<Integer> toPing = Sinks.unsafe().many().unicast().onBackpressureBuffer();
    long[] rounds = {K / 2};
    toPong.asFlux().subscribe(v -> toPing.tryEmitNext(v));
    toPing.asFlux().subscribe(v -> {
      if (--rounds[0] > 0) {
        toPong.tryEmitNext(v);
      }
    });
    toPong.tryEmitNext(BALL);
    return rounds[0];
  }

  @Benchmark
  @OperationsPerInvocation(K)
  public int pingPongBlockingQueues(Peer p) throws InterruptedException {
    int sum = 0;
    for (int i = 0; i < K / 2; i++) {
      p.ping.put(BALL);
      sum += p.pong.take();
    }
    return sum;
  }

  // ---------------------------------------------------------------------------------------------
  // One producer, one consumer

  @Benchmark
  @OperationsPerInvocation(K)
  public long spscJwire(Loop s) {
    Channel<Integer> ch = Channel.bounded(1024);
    long[] sum = {0};
    int[] next = {0};
    Wire[] produce = new Wire[1];
    Wire close = Wire.call(() -> ch.close());
    produce[0] = Wire.sync(ctx -> next[0] < K ? ch.send(next[0]++, produce[0]) : close);
    s.loop.start(ch.forEach(v -> sum[0] += v));
    s.loop.start(produce[0]);
    s.loop.run(Duration.ofMinutes(1));
    return sum[0];
  }

  @Benchmark
  @OperationsPerInvocation(K)
  public long spscReactorUnicast() {
    Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
    long[] sum = {0};
    sink.asFlux().subscribe(v -> sum[0] += v);
    for (int i = 0; i < K; i++) {
      sink.tryEmitNext(i);
    }
    sink.tryEmitComplete();
    return sum[0];
  }

  @Benchmark
  @OperationsPerInvocation(K)
  public long spscReactorMulticast() {
    Sinks.Many<Integer> sink = Sinks.many().multicast().onBackpressureBuffer();
    long[] sum = {0};
    sink.asFlux().subscribe(v -> sum[0] += v);
    for (int i = 0; i < K; i++) {
      sink.tryEmitNext(i);
    }
    sink.tryEmitComplete();
    return sum[0];
  }

  @Benchmark
  @OperationsPerInvocation(K)
  public long spscReactorUnicastPublishOn(ReactorThread r) throws InterruptedException {
    Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
    long[] sum = {0};
    CountDownLatch done = new CountDownLatch(1);
    sink.asFlux().publishOn(r.single).subscribe(v -> sum[0] += v, e -> done.countDown(), done::countDown);
    for (int i = 0; i < K; i++) {
      sink.tryEmitNext(i);
    }
    sink.tryEmitComplete();
    done.await();
    return sum[0];
  }

  @Benchmark
  @OperationsPerInvocation(K)
  public long spscArrayBlockingQueue(Peer p) throws InterruptedException {
    long target = p.consumed.get() + K;
    for (int i = 0; i < K; i++) {
      p.spsc.put(i);
    }
    while (p.consumed.get() < target) {
      Thread.onSpinWait();
    }
    return target;
  }
}
