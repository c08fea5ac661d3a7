package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HotSwapJobsTest {

  /**
   * The database is down until 2.5 s: the client is restarted after 0.2, 0.4, 0.8 and 1.6 s and
   * connects at 3 s. The job loop takes a job a second; the upgrade at 4.5 s lets the step in
   * flight finish under v1 (job-5 at 5 s); v2 takes two jobs a step from 6 s, its state migrated
   * (5 done, 0 batches).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void restartsTheClientWithBackoff_andUpgradesTheJobLoopInPlace(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    List<String> done = HotSwapJobs.run(builder.get(), lines::add);

    assertThat(done).containsExactly(
        "v1 job-1", "v1 job-2", "v1 job-3", "v1 job-4", "v1 job-5", "v2 job-6", "v2 job-7", "v2 job-8");
    assertThat(lines).containsExactly(
        "[0.000s] db-client: connecting... refused",
        "[0.000s] supervisor: db-client failed (connection refused), restart 1 in 0.2 s",
        "[0.200s] db-client: connecting... refused",
        "[0.200s] supervisor: db-client failed (connection refused), restart 2 in 0.4 s",
        "[0.600s] db-client: connecting... refused",
        "[0.600s] supervisor: db-client failed (connection refused), restart 3 in 0.8 s",
        "[1.000s] jobs v1: job-1 done (1 in all)",
        "[1.400s] db-client: connecting... refused",
        "[1.400s] supervisor: db-client failed (connection refused), restart 4 in 1.6 s",
        "[2.000s] jobs v1: job-2 done (2 in all)",
        "[3.000s] jobs v1: job-3 done (3 in all)",
        "[3.000s] db-client: connected",
        "[4.000s] jobs v1: job-4 done (4 in all)",
        "[4.000s] db-client: query ok",
        "[4.500s] operator: upgrade jobs to v2 (two jobs a step), while it runs",
        "[5.000s] jobs v1: job-5 done (5 in all)",
        "[5.000s] db-client: query ok",
        "[6.000s] jobs v2: job-6, job-7 done (7 in all, batch 1)",
        "[7.000s] jobs v2: job-8 done (8 in all, batch 2)",
        "[8.000s] jobs v2: queue empty, done after 2 batches",
        "restart log: [db-client #1 after ConnectException, db-client #2 after ConnectException,"
            + " db-client #3 after ConnectException, db-client #4 after ConnectException]");
  }
}
