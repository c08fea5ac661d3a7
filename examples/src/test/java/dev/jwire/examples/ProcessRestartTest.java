package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The supervisor runs real programs; in virtual time the clock moves only through its pauses
 * (the programs run in real time while the loop waits on them), so the stamps are exact.
 */
class ProcessRestartTest {

  /** The lines with each pid replaced by {@code <pid>}. */
  private static List<String> masked(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll("pid \\d+", "pid <pid>")).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void theDefaultWorker_crashesTwice_isRestartedTwice_thenSucceeds(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    int code = ProcessRestart.run(builder.get(), lines::add);

    assertThat(code).isZero();
    assertThat(masked(lines))
        .containsExactly(
            "[0.000s] attempt 1: started, pid <pid>",
            "[0.000s] attempt 1 | worker 1: up",
            "[0.000s] attempt 1 | worker 1: working",
            "[0.000s] attempt 1 | worker 1: crash",
            "[0.000s] attempt 1: crashed with code 1, restarting in 0.1 s",
            "[0.100s] attempt 2: started, pid <pid>",
            "[0.100s] attempt 2 | worker 2: up",
            "[0.100s] attempt 2 | worker 2: working",
            "[0.100s] attempt 2 | worker 2: crash",
            "[0.100s] attempt 2: crashed with code 1, restarting in 0.2 s",
            "[0.300s] attempt 3: started, pid <pid>",
            "[0.300s] attempt 3 | worker 3: up",
            "[0.300s] attempt 3 | worker 3: working",
            "[0.300s] attempt 3 | worker 3: done",
            "[0.300s] attempt 3: exited with code 0, done");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void aWorkerThatAlwaysCrashes_isGivenUpAfterTheRestartLimit(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    int code = ProcessRestart.run(builder.get(), lines::add, "echo \"run $RUN\"; exit 7", 2);

    assertThat(code).isEqualTo(7);
    assertThat(masked(lines))
        .containsExactly(
            "[0.000s] attempt 1: started, pid <pid>",
            "[0.000s] attempt 1 | run 1",
            "[0.000s] attempt 1: crashed with code 7, restarting in 0.1 s",
            "[0.100s] attempt 2: started, pid <pid>",
            "[0.100s] attempt 2 | run 2",
            "[0.100s] attempt 2: crashed with code 7, restarting in 0.2 s",
            "[0.300s] attempt 3: started, pid <pid>",
            "[0.300s] attempt 3 | run 3",
            "[0.300s] attempt 3: exited with code 7, giving up after 2 restarts");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void aWorkerThatSucceedsAtOnce_isNotRestarted(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    int code = ProcessRestart.run(builder.get(), lines::add, "echo fine", 3);

    assertThat(code).isZero();
    assertThat(masked(lines))
        .containsExactly(
            "[0.000s] attempt 1: started, pid <pid>",
            "[0.000s] attempt 1 | fine",
            "[0.000s] attempt 1: exited with code 0, done");
  }
}
