package dev.jwire.poller.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Command}: defaults, copies, and arguments refused at the call site. */
class CommandTest {

  @Test
  void defaults() {
    Command c = Command.of("ls", "-l");

    assertThat(c.argv()).containsExactly("ls", "-l");
    assertThat(c.program()).isEqualTo("ls");
    assertThat(c.directory()).isNull();
    assertThat(c.isEnvCleared()).isFalse();
    assertThat(c.envChanges()).isEmpty();
    assertThat(c.stderr()).isEqualTo(Command.Stderr.PIPE);
    assertThat(c.input()).isNull();
    assertThat(c.timeout()).isNull();
    assertThat(c.killGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(c.maxLineLength()).isEqualTo(64 * 1024);
    assertThat(c.bufferSize()).isEqualTo(64 * 1024);
    assertThat(c.isCheckExitCode()).isFalse();
  }

  @Test
  void everySetting_returnsACopy_andLeavesTheOriginalAlone() {
    Command base = Command.of("make");
    Command c = base.directory(Path.of("/tmp")).env("A", "1").env("B", null).clearEnv().mergeStderr()
        .input("x").timeout(Duration.ofSeconds(5)).killGrace(Duration.ZERO).charset(StandardCharsets.ISO_8859_1)
        .maxLineLength(10).bufferSize(20).checkExitCode();

    assertThat(base).usingRecursiveComparison().isEqualTo(Command.of("make"));
    assertThat(c.directory()).isEqualTo(Path.of("/tmp"));
    assertThat(c.envChanges()).containsExactly(
        java.util.Map.entry("A", Optional.of("1")), java.util.Map.entry("B", Optional.empty()));
    assertThat(c.isEnvCleared()).isTrue();
    assertThat(c.stderr()).isEqualTo(Command.Stderr.MERGE);
    assertThat(c.input()).containsExactly('x');
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.killGrace()).isZero();
    assertThat(c.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
    assertThat(c.maxLineLength()).isEqualTo(10);
    assertThat(c.bufferSize()).isEqualTo(20);
    assertThat(c.isCheckExitCode()).isTrue();
    assertThat(c.discardStderr().stderr()).isEqualTo(Command.Stderr.DISCARD);
    assertThat(c.inheritStderr().stderr()).isEqualTo(Command.Stderr.INHERIT);
  }

  @Test
  void input_isCopiedInAndOut() {
    byte[] data = {1, 2};
    Command c = Command.of("cat").input(data);
    data[0] = 9;
    c.input()[1] = 9;

    assertThat(c.input()).containsExactly(1, 2);
  }

  @Test
  void toString_quotesLikeAShell() {
    assertThat(Command.shell("echo 'hi' there").toString()).isEqualTo("sh -c 'echo '\\''hi'\\'' there'");
    assertThat(Command.of("ls", "-l", "/tmp", "").toString()).isEqualTo("ls -l /tmp ''");
    assertThat(Command.of(List.of("a=b", "x,y")).toString()).isEqualTo("a=b x,y");
  }

  @Test
  void badArguments_failAtOnce_namingTheArgumentTheValueAndTheRule() {
    assertThatThrownBy(() -> Command.of(" ")).hasMessage("program : \" \" (expected: not blank)");
    assertThatThrownBy(() -> Command.of("ls", (String) null)).hasMessage("argv[1] : null (expected: non-null)");
    assertThatThrownBy(() -> Command.of(List.of())).hasMessage("argv : [] (expected: the program, then its arguments)");
    assertThatThrownBy(() -> Command.shell("")).hasMessage("script : \"\" (expected: not blank)");
    assertThatThrownBy(() -> Command.of("ls").timeout(Duration.ZERO)).hasMessage("limit : PT0S (expected: > 0)");
    assertThatThrownBy(() -> Command.of("ls").killGrace(Duration.ofSeconds(-1)))
        .hasMessage("grace : PT-1S (expected: >= 0)");
    assertThatThrownBy(() -> Command.of("ls").maxLineLength(0)).hasMessage("bytes : 0 (expected: >= 1)");
    assertThatThrownBy(() -> Command.of("ls").bufferSize(-5)).hasMessage("bytes : -5 (expected: >= 1)");
    assertThatThrownBy(() -> Command.of("ls").env("A=B", "c")).hasMessage("name : \"A=B\" (expected: no '=')");
    assertThatThrownBy(() -> Command.of("ls").charset(StandardCharsets.UTF_16))
        .hasMessage("cs : UTF-16 (expected: a charset that encodes '\\n' as the single byte 0x0A, like UTF-8)");
    assertThat(List.of(
            catchIae(() -> Command.of("ls").stderr(null)),
            catchIae(() -> Command.of("ls").input((byte[]) null)),
            catchIae(() -> Subprocess.start(null, p -> null)),
            catchIae(() -> Subprocess.start(Command.of("ls"), null)),
            catchIae(() -> Subprocess.run(Command.of("ls"), null))))
        .allSatisfy(m -> assertThat(m).endsWith(" : null (expected: non-null)"));
  }

  private static String catchIae(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("no IllegalArgumentException");
  }
}
