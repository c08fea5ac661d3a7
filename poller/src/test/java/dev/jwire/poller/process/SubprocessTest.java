package dev.jwire.poller.process;

import static dev.jwire.poller.process.ProcessTesting.lines;
import static dev.jwire.poller.process.ProcessTesting.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.Wire;
import dev.jwire.poller.process.ProcessTesting.Outcome;
import dev.jwire.wires.Wires;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running real programs: lines, bytes, stdin, exit codes, stderr, errors. */
class SubprocessTest {

  /** Reads stdout line by line into {@code into} until its end, then continues with {@code after}. */
  static Wire readAll(Subprocess p, List<String> into, Wire after) {
    return p.readLine(line -> line == null ? after : Wire.call(() -> into.add(line)).then(readAll(p, into, after)));
  }

  @Test
  void run_echo_handsEveryLineOverAndSetsTheExitCodeAsResult() {
    List<String> got = lines();

    Outcome o = runToEnd(Subprocess.run(Command.shell("echo one; echo two; printf three"), got::add));

    assertThat(o.error()).isNull();
    assertThat(got).containsExactly("one", "two", "three");
    assertThat(o.result()).isEqualTo(0);
  }

  @Test
  void run_nonzeroExit_isTheResultNotAnError() {
    Outcome o = runToEnd(Subprocess.run(Command.shell("exit 3"), line -> { }));

    assertThat(o.error()).isNull();
    assertThat(o.result()).isEqualTo(3);
  }

  @Test
  void run_checkExitCode_turnsANonzeroExitIntoAnError() {
    Outcome o = runToEnd(Subprocess.run(Command.shell("exit 3").checkExitCode(), line -> { }));

    assertThat(o.error())
        .isInstanceOf(SubprocessExitException.class)
        .hasMessageContaining("'sh -c 'exit 3'' (pid ")
        .hasMessageContaining("exited with code 3");
    assertThat(((SubprocessExitException) o.error()).exitCode()).isEqualTo(3);
    assertThat(((SubprocessExitException) o.error()).argv()).containsExactly("sh", "-c", "exit 3");
  }

  @Test
  void run_withThen_continuesWithTheExitCode() {
    List<String> got = lines();

    Outcome o = runToEnd(Subprocess.run(
        Command.shell("exit 4"), got::add, got::add, code -> Wire.call(() -> got.add("exit " + code))));

    assertThat(got).containsExactly("exit 4");
    assertThat(o.result()).isEqualTo(4);
  }

  @Test
  void stderr_isAStreamOfItsOwn() {
    List<String> out = lines();
    List<String> err = lines();

    runToEnd(Subprocess.run(Command.shell("echo out1; echo err1 >&2; echo out2; echo err2 >&2"), out::add, err::add));

    assertThat(out).containsExactly("out1", "out2");
    assertThat(err).containsExactly("err1", "err2");
  }

  @Test
  void stderr_merged_comesThroughStdoutInTheProgramsOrder() {
    List<String> out = lines();
    List<String> err = lines();

    runToEnd(Subprocess.run(
        Command.shell("echo out1; echo err1 >&2; echo out2").mergeStderr(), out::add, err::add));

    assertThat(out).containsExactly("out1", "err1", "out2");
    assertThat(err).isEmpty();
  }

  @Test
  void stderr_discarded_isNotSeen() {
    List<String> all = lines();

    runToEnd(Subprocess.run(Command.shell("echo out; echo err >&2").discardStderr(), all::add));

    assertThat(all).containsExactly("out");
  }

  @Test
  void stdin_roundTripThroughCat() {
    List<String> got = lines();
    AtomicReference<Integer> code = new AtomicReference<>();

    Outcome o = runToEnd(Subprocess.start(Command.of("cat"), cat ->
        cat.write("hello\n").then(cat.write("wörld\n".getBytes(StandardCharsets.UTF_8))).then(cat.closeStdin())
            .then(readAll(cat, got, cat.awaitExit(c -> Wire.call(() -> code.set(c)))))));

    assertThat(o.error()).isNull();
    assertThat(got).containsExactly("hello", "wörld");
    assertThat(code.get()).isZero();
  }

  @Test
  void input_isFedToStdinWhichIsThenClosed() {
    List<String> got = lines();

    runToEnd(Subprocess.run(Command.of("cat").input("a\nb\n"), got::add));

    assertThat(got).containsExactly("a", "b");
  }

  @Test
  void run_closesStdin_soAProgramReadingItEnds() {
    List<String> got = lines();

    Outcome o = runToEnd(Subprocess.run(Command.of("cat"), got::add));

    assertThat(got).isEmpty();
    assertThat(o.result()).isEqualTo(0);
  }

  @Test
  void lines_crlfAndALastLineWithoutNewline() {
    List<String> got = lines();

    runToEnd(Subprocess.run(Command.shell("printf 'a\\r\\nh\\303\\251\\n\\nlast'"), got::add));

    assertThat(got).containsExactly("a", "hé", "", "last");
  }

  @Test
  void lines_decodedWithTheCommandsCharset() {
    List<String> got = lines();

    runToEnd(Subprocess.run(Command.shell("printf '\\351t\\351\\n'").charset(StandardCharsets.ISO_8859_1), got::add));

    assertThat(got).containsExactly("été");
  }

  @Test
  void lineTooLong_failsThatReadOnce_andTheNextReadGoesOnAfterIt() {
    List<String> got = lines();
    List<Throwable> errors = new ArrayList<>();
    Command cmd = Command.shell("printf '%0200d\\nok\\n' 0").maxLineLength(100);

    Outcome o = runToEnd(Subprocess.start(cmd, p ->
        Wires.recover(p.readLine(l -> Wire.call(() -> got.add(l))), e -> Wire.call(() -> errors.add(e)))
            .then(readAll(p, got, null))));

    assertThat(o.error()).isNull();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .isInstanceOf(SubprocessException.class)
        .hasMessageContaining("a line of stdout of 'sh -c")
        .hasMessageContaining("is longer than 100 bytes");
    assertThat(got).containsExactly("ok");
  }

  @Test
  void readBytes_tenMegabytes_allArrive_andTheBufferStaysWithinItsBound() {
    long[] total = {0};
    boolean[] allZero = {true};
    AtomicReference<ProcessOutput.Statistics> stats = new AtomicReference<>();
    Command cmd = Command.of("head", "-c", "10000000", "/dev/zero").bufferSize(32 * 1024).maxLineLength(1024);

    Outcome o = runToEnd(Subprocess.start(cmd, p -> readBytes(p, total, allZero, stats)));

    assertThat(o.error()).isNull();
    assertThat(total[0]).isEqualTo(10_000_000L);
    assertThat(allZero[0]).isTrue();
    assertThat(stats.get().bytesRead()).isEqualTo(10_000_000L);
    assertThat(stats.get().capacity()).isEqualTo(32 * 1024);
    assertThat(stats.get().maxBuffered()).isBetween(1, 32 * 1024);
    assertThat(stats.get().finished()).isTrue();
  }

  private static Wire readBytes(
      Subprocess p, long[] total, boolean[] allZero, AtomicReference<ProcessOutput.Statistics> stats) {
    return p.stdout().readBytes(5000, bytes -> {
      if (bytes == null) {
        stats.set(p.stdout().statistics());
        return null;
      }
      assertThat(bytes.length).isBetween(1, 5000);
      total[0] += bytes.length;
      for (byte b : bytes) {
        allZero[0] &= b == 0;
      }
      return readBytes(p, total, allZero, stats);
    });
  }

  @Test
  void forEachLine_onOneStream_readsToItsEnd() {
    List<String> got = lines();

    runToEnd(Subprocess.start(Command.shell("seq 1 5; echo e >&2"), p -> p.stdout().forEachLine(got::add)
        .then(p.stderr().forEachLine(l -> got.add("err " + l)))));

    assertThat(got).containsExactly("1", "2", "3", "4", "5", "err e");
  }

  @Test
  void exitCode_andState_onTheHandle() {
    AtomicReference<Subprocess> proc = new AtomicReference<>();

    runToEnd(Subprocess.start(Command.shell("exit 7"), p -> {
      proc.set(p);
      return p.awaitExit(code -> null);
    }));

    Subprocess p = proc.get();
    assertThat(p.exitCode()).hasValue(7);
    assertThat(p.isAlive()).isFalse();
    assertThat(p.timedOut()).isFalse();
    assertThat(p.toString()).startsWith("Subprocess[pid " + p.pid() + ": sh -c 'exit 7', exited 7");
    assertThat(p.stderr().statistics().finished()).isTrue();
  }

  @Test
  void kill_sendsSigtermAndTheExitCodeSaysSo() {
    AtomicReference<Integer> code = new AtomicReference<>();

    runToEnd(Subprocess.start(Command.of("sleep", "1000"), p -> {
      p.kill();
      return p.awaitExit(c -> Wire.call(() -> code.set(c)));
    }));

    assertThat(code.get()).isEqualTo(143);
  }

  @Test
  void environmentAndDirectory(@TempDir Path dir) throws Exception {
    List<String> got = lines();
    Path real = dir.toRealPath();

    runToEnd(Subprocess.run(
        Command.shell("echo \"$FOO\"; echo \"${HOME-unset}\"; pwd").env("FOO", "bar").env("HOME", null).directory(real),
        got::add));

    assertThat(got).containsExactly("bar", "unset", real.toString());
  }

  @Test
  void clearEnv_startsFromNothing() {
    List<String> got = lines();

    runToEnd(Subprocess.run(Command.of("/usr/bin/env").clearEnv().env("ONLY", "1"), got::add));

    assertThat(got).containsExactly("ONLY=1");
  }

  @Test
  void programNotFound_failsWithAnErrorNamingIt() {
    Outcome o = runToEnd(Subprocess.run(Command.of("no-such-program-jwire", "--x"), line -> { }));

    assertThat(o.error())
        .isInstanceOf(SubprocessException.class)
        .hasMessageStartingWith("cannot start 'no-such-program-jwire': not found on the PATH (")
        .hasMessageContaining("No such file or directory");
    assertThat(((SubprocessException) o.error()).pid()).isEqualTo(-1);
    assertThat(((SubprocessException) o.error()).path()).contains("run no-such-program-jwire");
  }

  @Test
  void missingDirectory_failsWithAnErrorNamingIt() {
    Outcome o = runToEnd(Subprocess.run(Command.of("true").directory(Path.of("/no/such/dir")), line -> { }));

    assertThat(o.error())
        .isInstanceOf(SubprocessException.class)
        .hasMessageStartingWith("cannot start 'true' in directory /no/such/dir: the directory does not exist (");
  }

  @Test
  void aFileThatIsNotExecutable_failsWithAnErrorSayingSo(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("script.sh"), "echo hi\n");

    Outcome o = runToEnd(Subprocess.run(Command.of(script.toString()), line -> { }));

    assertThat(o.error())
        .isInstanceOf(SubprocessException.class)
        .hasMessageStartingWith("cannot start '" + script + "': not an executable file (");
  }

  @Test
  void write_afterCloseStdin_fails() {
    Outcome o = runToEnd(Subprocess.start(Command.of("cat"), p -> p.closeStdin().then(p.write("late\n"))));

    assertThat(o.error())
        .isInstanceOf(SubprocessException.class)
        .hasMessageContaining("cannot write to the stdin of 'cat' (pid ")
        .hasMessageContaining("is closed");
  }

  @Test
  void write_afterTheProgramExited_fails() {
    Outcome o = runToEnd(Subprocess.start(Command.of("true"), p -> p.awaitExit(code -> p.write("late\n"))));

    assertThat(o.error())
        .isInstanceOf(SubprocessException.class)
        .hasMessageContaining("cannot write to the stdin of 'true' (pid ");
  }

  @Test
  void readLine_cancelled_leavesTheLineForTheNextRead() {
    List<String> got = lines();

    Outcome o = runToEnd(Subprocess.start(Command.of("cat"), p ->
        Wires.race(p.readLine(l -> Wire.call(() -> got.add("lost " + l))), Wire.nothing())
            .then(p.write("kept\n"))
            .then(p.readLine(l -> Wire.call(() -> got.add(l))))));

    assertThat(o.error()).isNull();
    assertThat(got).containsExactly("kept");
  }

  @Test
  void twoWiresWaitingOnOneStream_theSecondFails() {
    AtomicReference<Throwable> second = new AtomicReference<>();

    Outcome o = runToEnd(Subprocess.start(Command.of("cat"), p ->
        Wire.sync(ctx -> {
          ctx.start(p.readLine(l -> null));
          return Wires.recover(p.readLine(l -> null), e -> Wire.call(() -> second.set(e)));
        })));

    assertThat(o.error()).isNull();
    assertThat(second.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stdout of 'cat' (pid ")
        .hasMessageContaining("already has a waiting reader");
  }
}
