package dev.jwire.poller.process;

import dev.jwire.engine.internal.Checks;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to run: a program, its arguments, and how to run it. Immutable; each {@code with}-style
 * method returns a copy, so a command can be shared and started any number of times.
 *
 * <pre>{@code
 * Command build = Command.of("make", "-j4")
 *     .directory(Path.of("project"))
 *     .env("CC", "clang")
 *     .mergeStderr()
 *     .timeout(Duration.ofMinutes(5));
 * Command script = Command.shell("seq 1 3; exit 2");   // sh -c '...'
 * }</pre>
 *
 * <p>Defaults: the JVM's working directory and environment, stdin a pipe ({@link
 * Subprocess#write}), stderr a pipe of its own ({@link Subprocess#stderr()}), no timeout, a kill
 * grace period of 2 s, UTF-8, lines up to 64 KiB, 64 KiB of buffered output per stream, any exit
 * code accepted.
 *
 * <p>The program is looked up as {@link ProcessBuilder} does: a name without a slash is searched
 * in the {@code PATH}. No shell is involved unless asked for with {@link #shell(String)}, so
 * arguments need no quoting.
 */
public final class Command {
  /** Where the program's stderr goes. */
  public enum Stderr {
    /** A pipe of its own, read through {@link Subprocess#stderr()} (the default). */
    PIPE,
    /** Into stdout: one stream, lines in the order the program wrote them. */
    MERGE,
    /** Nowhere. */
    DISCARD,
    /** The JVM's own stderr. */
    INHERIT
  }

  /** The default longest line, in bytes: 64 KiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
  /** The default output buffer per stream, in bytes: 64 KiB. */
  public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;
  /** The default time between SIGTERM and SIGKILL: 2 s. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(2);

  private List<String> argv;
  private Path directory;
  private boolean clearEnv;
  private Map<String, Optional<String>> envChanges = Map.of();
  private Stderr stderr = Stderr.PIPE;
  private byte[] input;
  private Duration timeout;
  private Duration killGrace = DEFAULT_KILL_GRACE;
  private Charset charset = StandardCharsets.UTF_8;
  private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
  private int bufferSize = DEFAULT_BUFFER_SIZE;
  private boolean checkExitCode;

  private Command(List<String> argv) {
    this.argv = argv;
  }

  private Command copy() {
    Command c = new Command(argv);
    c.directory = directory;
    c.clearEnv = clearEnv;
    c.envChanges = envChanges;
    c.stderr = stderr;
    c.input = input;
    c.timeout = timeout;
    c.killGrace = killGrace;
    c.charset = charset;
    c.maxLineLength = maxLineLength;
    c.bufferSize = bufferSize;
    c.checkExitCode = checkExitCode;
    return c;
  }

  /**
   * A command that runs {@code program} with {@code args}.
   *
   * @param program the program: a path, or a name looked up in the {@code PATH}; not blank
   * @param args its arguments, passed as they are (no shell, no quoting); none null
   * @return the command
   * @throws IllegalArgumentException if {@code program} is blank or an argument is null
   */
  public static Command of(String program, String... args) {
    List<String> all = new ArrayList<>(1 + Checks.notNull(args, "args").length);
    all.add(program);
    all.addAll(Arrays.asList(args));
    return of(all);
  }

  /**
   * A command from its whole argument vector, the program first.
   *
   * @param argv the program and its arguments; not empty, no null, the program not blank
   * @return the command
   * @throws IllegalArgumentException if {@code argv} breaks a rule
   */
  public static Command of(List<String> argv) {
    Checks.notNull(argv, "argv");
    Checks.argument(!argv.isEmpty(), "argv : [] (expected: the program, then its arguments)");
    for (int i = 0; i < argv.size(); i++) {
      Checks.notNull(argv.get(i), "argv[" + i + "]");
    }
    Checks.notBlank(argv.get(0), "program");
    return new Command(List.copyOf(argv));
  }

  /**
   * {@code sh -c script}: for pipelines, redirections and the like. The script is passed as one
   * argument; quote inside it as for any shell.
   *
   * @param script the shell script; not blank
   * @return the command
   */
  public static Command shell(String script) {
    return of("sh", "-c", Checks.notBlank(script, "script"));
  }

  /**
   * @param dir the working directory of the program; null for the JVM's own
   * @return a copy with this directory
   */
  public Command directory(Path dir) {
    Command c = copy();
    c.directory = dir;
    return c;
  }

  /**
   * Sets an environment variable for the program (on top of the inherited environment, unless
   * {@link #clearEnv()}).
   *
   * @param name the variable; not blank
   * @param value its value; null removes the variable
   * @return a copy with this change
   */
  public Command env(String name, String value) {
    Checks.notBlank(name, "name");
    Checks.argument(name.indexOf('=') < 0, "name : " + Checks.quote(name) + " (expected: no '=')");
    Map<String, Optional<String>> m = new LinkedHashMap<>(envChanges);
    m.put(name, Optional.ofNullable(value));
    Command c = copy();
    c.envChanges = java.util.Collections.unmodifiableMap(m);
    return c;
  }

  /**
   * Sets several environment variables; see {@link #env(String, String)}.
   *
   * @param vars the variables and their values
   * @return a copy with these changes
   */
  public Command env(Map<String, String> vars) {
    Command c = this;
    for (Map.Entry<String, String> e : Checks.notNull(vars, "vars").entrySet()) {
      c = c.env(e.getKey(), e.getValue());
    }
    return c;
  }

  /**
   * Starts the program with an empty environment, plus only what {@link #env} sets.
   *
   * @return a copy with an empty base environment
   */
  public Command clearEnv() {
    Command c = copy();
    c.clearEnv = true;
    return c;
  }

  /**
   * Sends stderr into stdout: {@link Subprocess#stdout()} then carries both, and {@link
   * Subprocess#stderr()} is empty.
   *
   * @return a copy with stderr merged
   */
  public Command mergeStderr() {
    return stderr(Stderr.MERGE);
  }

  /**
   * Throws stderr away; {@link Subprocess#stderr()} is empty.
   *
   * @return a copy with stderr discarded
   */
  public Command discardStderr() {
    return stderr(Stderr.DISCARD);
  }

  /**
   * Sends stderr to the JVM's own stderr; {@link Subprocess#stderr()} is empty.
   *
   * @return a copy with stderr inherited
   */
  public Command inheritStderr() {
    return stderr(Stderr.INHERIT);
  }

  /**
   * @param mode where stderr goes
   * @return a copy with this mode
   */
  public Command stderr(Stderr mode) {
    Command c = copy();
    c.stderr = Checks.notNull(mode, "mode");
    return c;
  }

  /**
   * Feeds {@code data} to the program's stdin as soon as it starts, then closes stdin. Without
   * input, stdin stays open for {@link Subprocess#write} (and {@link Subprocess#run} closes it at
   * once).
   *
   * @param data the bytes; copied
   * @return a copy with this input
   */
  public Command input(byte[] data) {
    Command c = copy();
    c.input = Checks.notNull(data, "data").clone();
    return c;
  }

  /**
   * {@link #input(byte[])} with {@code text} encoded in the {@link #charset(Charset) charset} set
   * so far (set the charset first).
   *
   * @param text the text
   * @return a copy with this input
   */
  public Command input(String text) {
    return input(Checks.notNull(text, "text").getBytes(charset));
  }

  /**
   * Kills the program (and its descendants) if it runs longer than {@code limit}, on the loop's
   * clock from the moment it started. Its wires then fail with a {@link
   * SubprocessTimeoutException}.
   *
   * <p>In a virtual-time loop the limit is virtual too: a loop whose tasks all wait on programs
   * jumps to its next timer after its {@code autoAdvanceGrace} of real time, so a program that
   * is silent that long times out at once. Test timeouts on a loop with the system clock.
   *
   * @param limit more than zero
   * @return a copy with this timeout
   */
  public Command timeout(Duration limit) {
    Command c = copy();
    c.timeout = Checks.positive(limit, "limit");
    return c;
  }

  /**
   * How long a killed program (and each descendant) gets between SIGTERM and SIGKILL. Real time:
   * this is between the process and the operating system.
   *
   * @param grace zero (SIGKILL at once) or more
   * @return a copy with this grace period
   */
  public Command killGrace(Duration grace) {
    Command c = copy();
    c.killGrace = Checks.notNegative(grace, "grace");
    return c;
  }

  /**
   * The charset of the program's output lines and of {@link Subprocess#write(String)}.
   *
   * @param cs a charset that encodes {@code '\n'} and {@code '\r'} as single bytes 0x0A and 0x0D
   *     (UTF-8, ISO-8859-1, US-ASCII...; not UTF-16)
   * @return a copy with this charset
   */
  public Command charset(Charset cs) {
    Checks.notNull(cs, "cs");
    Checks.argument(
        Arrays.equals("\n\r".getBytes(cs), new byte[] {'\n', '\r'}),
        "cs : " + cs + " (expected: a charset that encodes '\\n' as the single byte 0x0A, like UTF-8)");
    Command c = copy();
    c.charset = cs;
    return c;
  }

  /**
   * The longest line a line read accepts, in bytes, without its line terminator. A longer line
   * fails the read with a {@link SubprocessException}, once; the rest of that line is skipped.
   *
   * @param bytes at least 1
   * @return a copy with this limit
   */
  public Command maxLineLength(int bytes) {
    Command c = copy();
    c.maxLineLength = Checks.atLeast(bytes, 1, "bytes");
    return c;
  }

  /**
   * How many bytes of each output stream are buffered, at most, before the reader waits for the
   * wires to take them (and the program, in turn, blocks in its writes). At least {@link
   * #maxLineLength(int)} + 2 is used, so that a whole line always fits.
   *
   * @param bytes at least 1
   * @return a copy with this buffer size
   */
  public Command bufferSize(int bytes) {
    Command c = copy();
    c.bufferSize = Checks.atLeast(bytes, 1, "bytes");
    return c;
  }

  /**
   * Makes a nonzero exit code an error: {@link Subprocess#awaitExit} and {@link Subprocess#run}
   * then fail with a {@link SubprocessExitException} instead of handing the code on.
   *
   * @return a copy that checks the exit code
   */
  public Command checkExitCode() {
    Command c = copy();
    c.checkExitCode = true;
    return c;
  }

  /** @return the program and its arguments */
  public List<String> argv() {
    return argv;
  }

  /** @return the program: the first element of {@link #argv()} */
  public String program() {
    return argv.get(0);
  }

  /** @return the working directory, or null for the JVM's own */
  public Path directory() {
    return directory;
  }

  /** @return whether the environment starts empty */
  public boolean isEnvCleared() {
    return clearEnv;
  }

  /** @return the environment changes in order: a value, or empty for a removed variable */
  public Map<String, Optional<String>> envChanges() {
    return envChanges;
  }

  /** @return where stderr goes */
  public Stderr stderr() {
    return stderr;
  }

  /** @return the bytes fed to stdin at the start (a copy), or null */
  public byte[] input() {
    return input == null ? null : input.clone();
  }

  /** @return the timeout, or null for none */
  public Duration timeout() {
    return timeout;
  }

  /** @return the time between SIGTERM and SIGKILL */
  public Duration killGrace() {
    return killGrace;
  }

  /** @return the charset of lines */
  public Charset charset() {
    return charset;
  }

  /** @return the longest line, in bytes */
  public int maxLineLength() {
    return maxLineLength;
  }

  /** @return the output buffer size per stream, in bytes */
  public int bufferSize() {
    return bufferSize;
  }

  /** @return whether a nonzero exit code is an error */
  public boolean isCheckExitCode() {
    return checkExitCode;
  }

  /** @return the command as a shell would read it, arguments quoted where needed */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (String a : argv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(a.isEmpty() || !a.matches("[A-Za-z0-9_./=:,+@%-]+") ? "'" + a.replace("'", "'\\''") + "'" : a);
    }
    return sb.toString();
  }

  /** @return {@link #toString()}, cut to 80 characters, for messages */
  String shortText() {
    String s = toString();
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  byte[] rawInput() {
    return input;
  }
}
