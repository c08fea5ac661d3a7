package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.time.Duration;
import static org.awaitility.Awaitility.await;

/** Program.runMain in a real child JVM, stopped by real signals. */
@Timeout(120) // guards against a hung child; measures nothing
class ProgramTest {

  /** A child JVM running {@link ProgramFixture}, its stdout collected line by line. */
  private static final class Child {
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Thread reader;

    Child(String mode) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ProgramFixture.class.getName(), mode)
          .redirectErrorStream(true)
          .start();
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // the child is gone
        }
      });
      reader.start();
    }

    void awaitLine(String line) {
      await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains(line) || !process.isAlive());
      assertThat(lines).as("child printed '" + line + "'").contains(line);
    }

    void signal(String name) throws IOException, InterruptedException {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    int exitCode() throws InterruptedException {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child exited; output " + lines).isTrue();
      reader.join(10_000);
      return process.exitValue();
    }
  }

  @Test
  void mainFinishes_exitZero_hooksInOrder() throws Exception {
    Child c = new Child("finish");
    assertThat(c.exitCode()).isZero();
    assertThat(c.lines).containsSubsequence("starting", "main done", "stopping", "stopped");
    assertThat(c.lines).contains("started");
  }

  @Test
  void mainFails_exitOne_errorPrinted() throws Exception {
    Child c = new Child("fail");
    assertThat(c.exitCode()).isOne();
    assertThat(String.join("\n", c.lines)).contains("main failed on purpose");
  }

  @Test
  void sigterm_cancelsMainGracefully_cleanupRuns_exit143() throws Exception {
    Child c = new Child("serve");
    c.awaitLine("ready");
    c.signal("TERM");
    assertThat(c.exitCode()).isEqualTo(143);
    assertThat(c.lines).containsSubsequence("ready", "stopping", "cleanup", "stopped");
  }

  @Test
  void sigint_exit130() throws Exception {
    Child c = new Child("serve");
    c.awaitLine("ready");
    c.signal("INT");
    assertThat(c.exitCode()).isEqualTo(130);
    assertThat(c.lines).contains("cleanup");
  }

  @Test
  void stuckCleanup_secondSignalForcesExit() throws Exception {
    Child c = new Child("stuck");
    c.awaitLine("ready");
    c.signal("TERM");
    c.awaitLine("cleanup hangs");
    c.signal("TERM");
    assertThat(c.exitCode()).isEqualTo(143);
    assertThat(c.lines).doesNotContain("stopped");
  }

  @Test
  void stuckCleanup_graceDeadlineForcesExit() throws Exception {
    Child c = new Child("stuck");
    c.awaitLine("ready");
    c.signal("TERM");
    assertThat(c.exitCode()).isEqualTo(143); // the fixture's grace is 500 ms; cleanup would take 60 s
    assertThat(c.lines).contains("cleanup hangs").doesNotContain("stopped");
  }
}
