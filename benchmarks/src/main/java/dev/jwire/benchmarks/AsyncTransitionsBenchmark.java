package dev.jwire.benchmarks;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Asynchronous transitions per second: every step's result completes on <em>another</em> thread,
 * so every transition is a round trip: a hop from the task's thread to a "ping" thread and a hop
 * back to the task's thread, where the next step runs.
 *
 * <p>The machine is the same {@code ping → pong → ...} pair as in {@link SyncTransitionsBenchmark}:
 * each step decrements its counter <em>on the task's thread</em> and returns {@code
 * Mono.fromCallable(() -> next).subscribeOn(pingScheduler)}, where {@code pingScheduler} is a
 * {@code Schedulers.newSingle("ping")} built once per trial. The last step's callable returns
 * null (an empty {@code Mono}), which ends the task. One invocation is {@link #K} transitions in
 * all, split equally over {@link #tasks} independent machines (1 or 64) running side by side.
 *
 * <ul>
 *   <li>{@code jwireThreaded}: the tasks on {@code EventLoop.create()}; the benchmark thread only
 *       waits in {@code run()}. Per transition: loop thread → ping thread → loop thread.
 *   <li>{@code jwireManual}: the tasks on a manual loop: the benchmark thread is the loop thread
 *       (it parks in {@code run()} while nothing is runnable). Same two hops.
 *   <li>{@code reactorPublishOn}: Reactor's nearest equivalent, with a {@code
 *       Schedulers.newSingle("reactor-loop")} standing for the loop thread; per machine
 *       <pre>{@code
 * Mono.defer(() -> { step logic; return Mono.fromCallable(() -> next).subscribeOn(ping); })
 *     .publishOn(reactorLoop)
 *     .repeat(K / tasks - 1)
 * }</pre>
 *       and {@code Flux.merge} of the machines, {@code blockLast()}-ed. The step logic and each
 *       re-subscription run on the {@code reactor-loop} thread (after the first, which runs on
 *       the benchmark thread), the callable on {@code ping}: the same two hops per transition.
 *       Unlike jwire it has no task objects, cancellation registry or per-task error routing; it
 *       is what "do this in plain Reactor" costs.
 * </ul>
 *
 * <p>With one task, each hop parks and unparks a thread: on this 2-core VM the score is mostly
 * thread wake-up latency and all variants land close together (and move a lot with the load on
 * the machine: busy CPUs wake faster). With 64 tasks the threads rarely park, so the score shows
 * each library's own per-transition cost.
 *
 * <p>Run (about 2 minutes):
 *
 * <pre>{@code
 * cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar AsyncTransitionsBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(AsyncTransitionsBenchmark.K)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Thread)
public class AsyncTransitionsBenchmark {
  /** Transitions per invocation. */
  public static final int K = 12_800;

  /** ping ⇄ pong as wires whose results complete on the ping scheduler's thread. */
  static final class AsyncWireMachine {
    int left;
    final Wire ping;
    final Wire pong;

    AsyncWireMachine(Scheduler pingScheduler) {
      Wire[] states = new Wire[2];
      ping = ctx -> hop(--left > 0 ? states[1] : null, pingScheduler);
      pong = ctx -> hop(--left > 0 ? states[0] : null, pingScheduler);
      states[0] = ping;
      states[1] = pong;
    }

    private static Mono<Wire> hop(Wire next, Scheduler on) {
      return Mono.fromCallable(() -> next).subscribeOn(on);
    }
  }

  /** The Reactor rendering: the same counter and states, as values. */
  static final class ReactorMachine {
    int left;
    final Object ping = "ping";
    final Object pong = "pong";
    Object current;

    /** One step; runs on the thread that (re-)subscribes. */
    Mono<Object> step(Scheduler pingScheduler) {
      Object next = --left > 0 ? (current == ping ? pong : ping) : null;
      current = next;
      return Mono.fromCallable(() -> next).subscribeOn(pingScheduler);
    }
  }

  /**
   * Tasks (Reactor: chains) running side by side on the one loop thread, sharing the {@link #K}
   * transitions of an invocation equally. With 1 the result is the round-trip latency of a lone
   * task, that is mostly thread wake-up time; with 64 the loop and ping threads always have work
   * queued, so the score shows the per-transition overhead of each library instead.
   */
  @Param({"1", "64"})
  public int tasks;

  private Scheduler pingScheduler;
  private Scheduler reactorLoop;
  private AsyncWireMachine[] wireMachines;
  private ReactorMachine[] reactorMachines;
  private Flux<Object> reactorFlux;
  private EventLoop threadedLoop;
  private EventLoop manualLoop;

  @Setup(Level.Trial)
  public void setUp() {
    if (K % tasks != 0) {
      throw new IllegalArgumentException("tasks : " + tasks + " (expected: a divisor of " + K + ")");
    }
    pingScheduler = Schedulers.newSingle("ping");
    reactorLoop = Schedulers.newSingle("reactor-loop");
    wireMachines = new AsyncWireMachine[tasks];
    reactorMachines = new ReactorMachine[tasks];
    List<Flux<Object>> chains = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      wireMachines[i] = new AsyncWireMachine(pingScheduler);
      ReactorMachine m = new ReactorMachine();
      reactorMachines[i] = m;
      chains.add(Mono.defer(() -> m.step(pingScheduler)).publishOn(reactorLoop).repeat(K / tasks - 1));
    }
    reactorFlux = tasks == 1 ? chains.get(0) : Flux.merge(chains);
    threadedLoop = EventLoop.builder().name("bench-threaded").build();
    manualLoop = EventLoop.builder().name("bench-manual").manual().build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    threadedLoop.close();
    manualLoop.close();
    reactorLoop.dispose();
    pingScheduler.dispose();
  }

  /** jwire, {@link #tasks} tasks on a loop with its own thread. */
  @Benchmark
  public void jwireThreaded(Blackhole bh) {
    runJwire(threadedLoop, bh);
  }

  /** jwire, {@link #tasks} tasks on a manual loop driven by the benchmark thread. */
  @Benchmark
  public void jwireManual(Blackhole bh) {
    runJwire(manualLoop, bh);
  }

  private void runJwire(EventLoop loop, Blackhole bh) {
    for (AsyncWireMachine m : wireMachines) {
      m.left = K / tasks;
      bh.consume(loop.start(m.ping));
    }
    loop.run();
    for (AsyncWireMachine m : wireMachines) {
      check(m.left);
    }
  }

  /**
   * Reactor: defer + subscribeOn(ping) + publishOn(loop-like single thread), repeated; {@code
   * Flux.merge} of {@link #tasks} such chains.
   */
  @Benchmark
  public void reactorPublishOn(Blackhole bh) {
    for (ReactorMachine m : reactorMachines) {
      m.left = K / tasks;
      m.current = m.ping;
    }
    bh.consume(reactorFlux.blockLast());
    for (ReactorMachine m : reactorMachines) {
      check(m.left);
    }
  }

  private static void check(int left) {
    if (left != 0) {
      throw new IllegalStateException("machine stopped with " + left + " transitions left (expected 0)");
    }
  }
}
