package dev.jwire.poller.process;

import static dev.jwire.poller.process.ProcessTesting.LIMIT;
import static dev.jwire.poller.process.ProcessTesting.lines;
import static dev.jwire.poller.process.ProcessTesting.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Subprocesses" section, run: the snippets with their output collected. */
class SubprocessReadmeTest {

  @Test
  void readmeSnippets_runAsWritten() {
    List<String> out = lines();
    Task ls;
    try (EventLoop loop = EventLoop.create()) {
      ls = loop.start(Subprocess.run(Command.of("ls", "-l", "/"), out::add));

      Wire echo = Subprocess.start(Command.of("cat"), cat ->
          cat.write("hello\n").then(cat.closeStdin())
              .then(cat.readLine(line -> Wire.call(() -> out.add("cat said " + line)))));
      loop.start(echo);
      assertThat(loop.run(LIMIT)).isTrue();
    }
    assertThat(ls.result()).isEqualTo(0);
    assertThat(out).contains("cat said hello").anyMatch(l -> l.endsWith(" tmp"));
  }

  @Test
  void readmeErrorMessage_forAMissingProgram() {
    Throwable e = runToEnd(Subprocess.run(Command.of("nope"), l -> { })).error();

    assertThat(e)
        .hasMessageStartingWith("cannot start 'nope': not found on the PATH (")
        .hasMessageContaining("No such file or directory"); // the JDK's words: they differ from 17 to 25
  }
}
