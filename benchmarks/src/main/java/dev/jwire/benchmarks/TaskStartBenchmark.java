package dev.jwire.benchmarks;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.StartSiteCapture;
import dev.jwire.engine.Wire;
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

/**
 * Average time to start and finish one trivial task, by {@link StartSiteCapture} mode: {@link #N}
 * {@code loop.start(Wire.nothing())} calls from the benchmark thread, then one {@code
 * runUntilIdle()} on a manual loop that runs them all. The score is nanoseconds per task; the
 * difference between modes is the cost of recording the start site.
 *
 * <p>Run (about 1 minute):
 *
 * <pre>{@code
 * cd /work/main && mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TaskStartBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -t 1
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(TaskStartBenchmark.N)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Thread)
public class TaskStartBenchmark {
  /** Tasks per invocation. */
  public static final int N = 1_000;

  @Param({"OFF", "CALLER"})
  public StartSiteCapture startSites;

  private EventLoop loop;
  private final Wire wire = Wire.nothing();

  @Setup(Level.Trial)
  public void setUp() {
    loop = EventLoop.builder().name("bench-start").manual().startSites(startSites).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    loop.close();
  }

  /** N starts, then one drive of the loop that runs (and ends) all N tasks. */
  @Benchmark
  public int startAndRun() {
    for (int i = 0; i < N; i++) {
      loop.start(wire);
    }
    return loop.runUntilIdle();
  }
}
