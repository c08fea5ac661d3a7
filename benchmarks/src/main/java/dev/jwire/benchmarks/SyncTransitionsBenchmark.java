package dev.jwire.benchmarks;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Synchronous transitions per second of <em>one</em> task: the raw cost of the step runner.
 *
 * <p>Every variant runs the same two-state machine, {@code ping → pong → ping → ...}, sharing one
 * counter: each step decrements it and yields the other state, or ends the machine when the
 * counter reaches zero. One invocation makes {@link #K} steps ("transitions"; the last one is the
 * step that ends the machine), so the JMH score, thanks to {@code @OperationsPerInvocation(K)}, is
 * in transitions per second.
 *
 * <ul>
 *   <li>{@code plainLambdas}: the floor. Plain Java: an interface {@code Step { Step next(); }},
 *       two lambdas returning each other, driven by a {@code while} loop. No framework at all.
 *   <li>{@code reactorRepeat}: Reactor's own form of "run a step K times":
 *       {@code Mono.fromSupplier(step).repeat(K - 1).blockLast()}. Synchronous; runs on the
 *       benchmark thread.
 *   <li>{@code jwireSyncManual} / {@code jwireSyncThreaded}: the machine as {@code Wire.sync}
 *       states (no {@code Mono} per step), one task, on a loop built once per trial. {@code
 *       start(wire); run();} per invocation. The manual loop runs the task on the benchmark
 *       thread; the threaded loop ({@code EventLoop.create()}) runs it on its own thread, so each
 *       invocation also pays one hand-off there and one wake-up back (amortized over K).
 *   <li>{@code jwireMonoManual} / {@code jwireMonoThreaded}: the machine as plain lambda wires
 *       returning {@code Mono.just(next)} (and {@code Mono.empty()} at the end): the runner takes
 *       these synchronously without subscribing, but one {@code Mono} is allocated per step.
 * </ul>
 *
 * <p>Run (about 2 minutes; one fork per benchmark method, one benchmark thread):
 *
 * <pre>{@code
 * cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar SyncTransitionsBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SyncTransitionsBenchmark.K)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Thread)
public class SyncTransitionsBenchmark {
  /** Transitions per invocation. */
  public static final int K = 1_000_000;

  // ---------------------------------------------------------------------------------------------
  // (a) plain Java

  /** One state of the plain-Java machine: returns the next state, or null when done. */
  interface Step {
    Step next();
  }

  /** ping ⇄ pong as plain lambdas over one counter. */
  static final class PlainMachine {
    int left;
    final Step ping = () -> --this.left > 0 ? this.pong() : null;
    final Step pong = () -> --this.left > 0 ? this.ping() : null;

    Step ping() {
      return ping;
    }

    Step pong() {
      return pong;
    }
  }

  // (c) jwire, Wire.sync

  /** ping ⇄ pong as {@code Wire.sync} states. */
  static final class SyncWireMachine {
    int left;
    final Wire ping;
    final Wire pong;

    SyncWireMachine() {
      Wire[] states = new Wire[2];
      ping = Wire.sync(ctx -> --left > 0 ? states[1] : null);
      pong = Wire.sync(ctx -> --left > 0 ? states[0] : null);
      states[0] = ping;
      states[1] = pong;
    }
  }

  // (d) jwire, plain lambdas returning Mono.just(next)

  /** ping ⇄ pong as plain {@code Wire} lambdas returning {@code Mono.just(next)}. */
  static final class MonoWireMachine {
    int left;
    final Wire ping;
    final Wire pong;

    MonoWireMachine() {
      Wire[] states = new Wire[2];
      ping = ctx -> --left > 0 ? Mono.just(states[1]) : Mono.empty();
      pong = ctx -> --left > 0 ? Mono.just(states[0]) : Mono.empty();
      states[0] = ping;
      states[1] = pong;
    }
  }

  private PlainMachine plain;
  private PlainMachine reactorMachine;
  private Step reactorCurrent;
  private Flux<Step> reactorFlux;
  private SyncWireMachine syncMachine;
  private MonoWireMachine monoMachine;
  private EventLoop manualLoop;
  private EventLoop threadedLoop;

  @Setup(Level.Trial)
  public void setUp() {
    plain = new PlainMachine();
    reactorMachine = new PlainMachine();
    Supplier<Step> oneStep = () -> reactorCurrent = reactorCurrent.next();
    reactorFlux = Mono.fromSupplier(oneStep).repeat(K - 1);
    syncMachine = new SyncWireMachine();
    monoMachine = new MonoWireMachine();
    manualLoop = EventLoop.builder().name("bench-manual").manual().build();
    threadedLoop = EventLoop.builder().name("bench-threaded").build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manualLoop.close();
    threadedLoop.close();
  }

  // ---------------------------------------------------------------------------------------------

  /** (a) The floor: plain Java lambdas in a loop. */
  @Benchmark
  public void plainLambdas(Blackhole bh) {
    PlainMachine m = plain;
    m.left = K;
    Step s = m.ping;
    int steps = 0;
    while (s != null) {
      s = s.next();
      steps++;
    }
    bh.consume(steps);
  }

  /** (b) Reactor: {@code Mono.fromSupplier(step).repeat(K - 1)}, K subscriptions, blocked on. */
  @Benchmark
  public void reactorRepeat(Blackhole bh) {
    reactorMachine.left = K;
    reactorCurrent = reactorMachine.ping;
    bh.consume(reactorFlux.blockLast());
    check(reactorMachine.left);
  }

  /** (c) jwire, {@code Wire.sync} states, on a manual loop driven by the benchmark thread. */
  @Benchmark
  public void jwireSyncManual(Blackhole bh) {
    syncMachine.left = K;
    bh.consume(manualLoop.start(syncMachine.ping));
    manualLoop.run();
    check(syncMachine.left);
  }

  /** (c) jwire, {@code Wire.sync} states, on a loop with one thread of its own. */
  @Benchmark
  public void jwireSyncThreaded(Blackhole bh) {
    syncMachine.left = K;
    bh.consume(threadedLoop.start(syncMachine.ping));
    threadedLoop.run();
    check(syncMachine.left);
  }

  /** (d) jwire, lambdas returning {@code Mono.just(next)}, on a manual loop. */
  @Benchmark
  public void jwireMonoManual(Blackhole bh) {
    monoMachine.left = K;
    bh.consume(manualLoop.start(monoMachine.ping));
    manualLoop.run();
    check(monoMachine.left);
  }

  /** (d) jwire, lambdas returning {@code Mono.just(next)}, on a loop with one thread of its own. */
  @Benchmark
  public void jwireMonoThreaded(Blackhole bh) {
    monoMachine.left = K;
    bh.consume(threadedLoop.start(monoMachine.ping));
    threadedLoop.run();
    check(monoMachine.left);
  }

  /** Fails the run loudly if a variant did not make all its K transitions. */
  private static void check(int left) {
    if (left != 0) {
      throw new IllegalStateException("machine stopped with " + left + " transitions left (expected 0)");
    }
  }
}
