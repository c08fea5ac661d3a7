package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TaskTreeTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void run_crawlsWithinTheLimitTimesOutTheSlowPageAndDumpsTheTree(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();
    TaskTree.run(builder.get(), lines::add);
    assertThat(lines).containsSubsequence(
        "[0.500s] heartbeat",
        "[0.650s] dump:",
        "[0.800s] fetched index",
        "[0.800s] fetched about",
        "[1.500s] fetched blog",
        "[1.500s] fetched shop",
        "[2.500s] slow-page timed out: using the cached copy",
        "[2.500s] crawl done");
    assertThat(lines).as("the daemon heartbeat stops with the program").doesNotContain("[3.000s] heartbeat");
    String dump = String.join("\n", lines);
    assertThat(dump).contains("' at 1970-01-01T00:00:00.650Z, 13 live tasks")
        .contains("└─ scope crawl queued=3")
        .contains("crawl/orElse/timeout/index#")
        .contains("SLEEPING 0.650s (timer in 0.150s)  wire=sleep PT0.8S")
        .contains("daemon  started at dev.jwire.examples.TaskTree.run(TaskTree.java:");
  }
}
