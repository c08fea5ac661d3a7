package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.examples.JobMachine.Job;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobMachineTest {

  /**
   * Jobs arrive at 0.2, 2.2 and 4.2 s. {@code ready} looks at 0, 1, 2... s when idle; {@code
   * working} checks its job every 0.5 s from its start, so a job ends at the first check at least
   * its duration after the start.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void runsTheDefaultJobsThroughReadyAndWorking(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    List<String> done = JobMachine.run(builder.get(), lines::add);

    assertThat(done).containsExactly("build", "test", "deploy");
    assertThat(lines)
        .containsExactly(
            "[0.000s] ready: queue empty, sleep 1 s",
            "[0.200s] producer: queued build (1.5 s)",
            "[1.000s] ready -> working: start build",
            "[2.200s] producer: queued test (1 s)",
            "[2.500s] working -> ready: build done",
            "[2.500s] ready -> working: start test",
            "[3.500s] working -> ready: test done",
            "[3.500s] ready: queue empty, sleep 1 s",
            "[4.200s] producer: queued deploy (0.5 s)",
            "[4.200s] producer: no more jobs",
            "[4.500s] ready -> working: start deploy",
            "[5.000s] working -> ready: deploy done",
            "[5.000s] ready: queue closed and empty, machine done");
  }

  /** Jobs of 3 s arriving every 2 s pile up in the queue; they are still done one by one, in order. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void drainsABacklogInOrder(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();
    List<Job> jobs =
        List.of("a", "b", "c", "d", "e").stream().map(n -> new Job(n, Duration.ofSeconds(3))).toList();

    List<String> done = JobMachine.run(builder.get(), lines::add, jobs);

    assertThat(done).containsExactly("a", "b", "c", "d", "e");
    List<String> transitions =
        lines.stream()
            .map(l -> l.substring(l.indexOf(']') + 2))
            .filter(l -> l.contains("->"))
            .toList();
    assertThat(transitions)
        .containsExactly(
            "ready -> working: start a",
            "working -> ready: a done",
            "ready -> working: start b",
            "working -> ready: b done",
            "ready -> working: start c",
            "working -> ready: c done",
            "ready -> working: start d",
            "working -> ready: d done",
            "ready -> working: start e",
            "working -> ready: e done");
    // a starts at 1 s (first idle poll after its arrival at 0.2 s), then each job takes 3 s
    assertThat(lines).endsWith("[16.000s] ready: queue closed and empty, machine done");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void stopsAtOnceWithoutJobs(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    List<String> done = JobMachine.run(builder.get(), lines::add, List.of());

    assertThat(done).isEmpty();
    assertThat(lines)
        .containsExactly(
            "[0.000s] ready: queue empty, sleep 1 s",
            "[0.200s] producer: no more jobs",
            "[1.000s] ready: queue closed and empty, machine done");
  }
}
