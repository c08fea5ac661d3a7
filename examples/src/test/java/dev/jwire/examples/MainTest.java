package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String... args) {
    try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
      return Main.run(args, out, err);
    }
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listPrintsEveryExampleWithItsSummary() {
    assertThat(run("list")).isZero();
    List<String> lines = out().lines().toList();
    assertThat(lines).hasSize(Example.ALL.size());
    for (int i = 0; i < lines.size(); i++) {
      Example e = Example.ALL.get(i);
      assertThat(lines.get(i)).startsWith(e.name() + " ").endsWith(e.summary());
    }
    assertThat(lines.subList(0, 5))
        .satisfiesExactly(
            l -> assertThat(l).startsWith("show-events ").contains("aiowire"),
            l -> assertThat(l).startsWith("beeps ").contains("100 ms"),
            l -> assertThat(l).startsWith("job-machine ").contains("ready/working"),
            l -> assertThat(l).startsWith("traffic-light ").contains("three cycles"),
            l -> assertThat(l).startsWith("task-tree ").contains("loop.dump()"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("hot-swap ").contains("backoff").contains("upgraded"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("tls-echo ").contains("TLS echo server"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("process-restart ").contains("restart it when it crashes"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("pipeline ").contains("selects a result or a timeout"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("connection-protocol ").contains("postponed"));
    assertThat(err()).isEmpty();
  }

  @Test
  void readmeExamplesTable_listsEveryExample_inOrder() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("\n## Examples\n"), readme.indexOf("\n## Status\n"));
    List<String> names = section.lines().filter(l -> l.startsWith("| `"))
        .map(l -> l.substring(3, l.indexOf('`', 3))).toList();
    assertThat(names).containsExactlyElementsOf(Example.ALL.stream().map(Example::name).toList());
  }

  @Test
  void unknownNameIsAUsageErrorListingTheValidNames() {
    assertThat(run("nope")).isEqualTo(2);
    assertThat(err()).contains("unknown example 'nope'")
        .contains(Example.names());
    assertThat(out()).isEmpty();
  }

  @Test
  void unknownOptionAndExtraArgumentsAreUsageErrors() {
    assertThat(run("--nope")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--nope'").contains("usage: jwire");
    errBytes.reset();
    assertThat(run("beeps", "beeps")).isEqualTo(2);
    assertThat(err()).contains("at most one example");
  }

  @Test
  void helpPrintsUsage() {
    assertThat(run("--help")).isZero();
    assertThat(out()).startsWith("usage: jwire").contains("list")
        .contains(Example.names());
    assertThat(run("-h")).isZero();
  }

  @Test
  void runsOneExampleByName() {
    assertThat(run("--virtual-time", "beeps")).isZero();
    assertThat(out().lines())
        .containsExactly("[0.100s] beep", "[0.200s] beep", "[0.300s] beep", "[0.400s] beep");
    assertThat(err()).isEmpty();
  }

  @Test
  void withoutArgumentsRunsEveryExampleUnderAHeading() {
    assertThat(run("--virtual-time")).isZero();
    assertThat(out().lines().filter(l -> l.startsWith("== ")).map(l -> l.substring(3, l.indexOf(':'))))
        .containsExactlyElementsOf(Example.ALL.stream().map(Example::name).toList());
    assertThat(out())
        .contains("[0.900s] Event 5")
        .contains("[0.400s] beep")
        .contains("[5.000s] ready: queue closed and empty, machine done")
        .contains(" 2900 ms  yellow")
        .contains("[6.000s] jobs v2: job-6, job-7 done (7 in all, batch 1)")
        .contains("client 3: sent 'hello from client 3', got it back over TLSv1.3")
        .contains("[0.300s] attempt 3: exited with code 0, done")
        .contains("[1.200s] collector: all results in")
        .contains("[0.700s] conn: connected after 2 attempt(s)");
    assertThat(err()).isEmpty();
  }

  @Test
  void aFailingExampleIsReportedWithExitCodeOne() {
    Example boom =
        new Example(
            "boom",
            "fails",
            (builder, lines) -> {
              try (EventLoop loop = builder.build()) {
                loop.start(
                    Wire.sync(
                            ctx -> {
                              throw new IllegalStateException("kaput");
                            })
                        .named("boom"));
              }
            });
    try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
      assertThat(Main.runOne(boom, true, out, err)).isFalse();
    }
    assertThat(err()).startsWith("jwire: example 'boom' failed: ").contains("kaput");
  }
}
