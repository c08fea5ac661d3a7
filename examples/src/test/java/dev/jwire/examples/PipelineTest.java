package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PipelineTest {

  /**
   * Jobs take 200, 300, 100, 200, 100 and 800 ms. The producer fills the two-slot channel and waits
   * (jobs 3 and 4 are queued while both workers are busy, job 5 only when w1 takes job 3); each
   * worker takes the next job when it is free; the collector prints "idle" after each 250 ms without
   * a result, and ends when both workers have ended.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void jobsFlowThroughTheWorkersToTheCollector(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    List<String> results = Pipeline.run(builder.get(), lines::add);

    assertThat(results).containsExactly(
        "job 1 by w1", "job 2 by w2", "job 3 by w1", "job 5 by w1", "job 4 by w2", "job 6 by w1");
    assertThat(lines).containsExactly(PLAN.toArray(new String[0]));
  }

  static final List<String> PLAN = List.of(
      "[0.000s] producer: queued job 1",
      "[0.000s] producer: queued job 2",
      "[0.000s] w1: working on job 1",
      "[0.000s] w2: working on job 2",
      "[0.000s] producer: queued job 3",
      "[0.000s] producer: queued job 4",
      "[0.200s] w1: working on job 3",
      "[0.200s] collector: job 1 by w1",
      "[0.200s] producer: queued job 5",
      "[0.300s] w2: working on job 4",
      "[0.300s] w1: working on job 5",
      "[0.300s] collector: job 2 by w2",
      "[0.300s] collector: job 3 by w1",
      "[0.300s] producer: queued job 6",
      "[0.300s] producer: no more jobs",
      "[0.400s] w1: working on job 6",
      "[0.400s] collector: job 5 by w1",
      "[0.500s] collector: job 4 by w2",
      "[0.750s] collector: idle",
      "[1.000s] collector: idle",
      "[1.200s] collector: job 6 by w1",
      "[1.200s] collector: all results in");
}
