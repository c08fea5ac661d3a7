package dev.jwire.poller.process;

import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.poller.process.internal.OutputPump;
import dev.jwire.poller.process.internal.ProcessKiller;
import dev.jwire.poller.process.internal.StdinWriter;
import dev.jwire.poller.process.internal.TaskProcesses;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A running program, started by a wire (aiowire's {@code create_subprocess_exec}): its output as
 * lines or bytes, its stdin, its exit code, all as wires that suspend their task without holding
 * a loop thread.
 *
 * <pre>{@code
 * // the simple form: every line to a callback, the exit code as the task's result
 * Task t = loop.start(Subprocess.run(Command.of("git", "status", "--short"), line -> show(line)));
 *
 * // the handle: a state machine over the program's life
 * Wire echo = Subprocess.start(Command.of("cat"), cat ->
 *     cat.write("hello\n").then(cat.closeStdin()).then(
 *         cat.readLine(line -> Wire.call(() -> System.out.println("cat said " + line)))));
 * }</pre>
 *
 * <pre>
 *  start ──▶ running ──(exits)──▶ exited: exit code; output readable to its end
 *               │ task ends / cancel / scope end ──▶ killed with its descendants
 *               │ timeout ──▶ killed; wires fail with SubprocessTimeoutException
 * </pre>
 *
 * <p><b>Ownership.</b> The task that runs {@link #start} owns the process: when that task ends,
 * however it ends (done, failed, cancelled, its scope ending, the loop's timeout), the process and
 * its descendants are killed, unless it has exited already. Nothing outlives the scope that
 * started it. To let a program finish, wait for it ({@link #awaitExit}) before the task ends.
 *
 * <p><b>Threading.</b> The program's output is read by a thread per stream into a bounded buffer
 * ({@link Command#bufferSize(int)}); when the buffer is full the reader waits, the pipe fills up
 * and the program blocks: memory stays bounded whatever the program writes. Writes to stdin run
 * on a thread that exists only while there is something to write. Every wire continues on its
 * task's own loop thread, so the callbacks need no locks. The handle's methods may be called from
 * any thread.
 *
 * <p><b>Cancellation.</b> A cancelled wire stops waiting at once; what it was waiting for stays
 * in the buffer for the next reader. Killing sends SIGTERM to the process and every descendant
 * (listed before the signal), then SIGKILL to the survivors after {@link
 * Command#killGrace(java.time.Duration)}.
 *
 * <p><b>Errors.</b> A program that cannot start fails the wire with a {@link SubprocessException}
 * that names it. A nonzero exit code is a result, not an error, unless the command asks for
 * {@link Command#checkExitCode()}. A timeout fails the wires that read from the process or wait
 * for it with a {@link SubprocessTimeoutException}. Bad arguments fail at once with {@link
 * IllegalArgumentException}.
 *
 * <p><b>Pitfalls.</b>
 *
 * <ul>
 *   <li>{@code a.then(b)} starts {@code a}'s <em>successor</em> as a new task. So in {@code
 *       Subprocess.start(cmd, p -> watch(p)).then(other)}, {@code watch(p)} runs beside {@code
 *       other}, and the process dies when the task that started it ends, after {@code other}.
 *       Continue inside the {@code then} function instead: {@code start(cmd, p ->
 *       watch(p).then(other))}.
 *   <li>Read stderr too, or merge or discard it: a program whose stderr nobody reads blocks once
 *       the buffer and the pipe are full.
 *   <li>A program that leaves a child running in the background after it exits (a {@code &} in a
 *       shell script) keeps stdout open through that child: reading to the end then waits for the
 *       child, and the child, re-parented, is no longer a descendant that a kill can reach.
 * </ul>
 */
public final class Subprocess implements AutoCloseable {
  private final Command command;
  private final Process process;
  private final long pid;
  private final ProcessOutput stdout;
  private final ProcessOutput stderr;
  private final StdinWriter stdin;
  private final ConcurrentLinkedQueue<Suspension<Void>> exitWaiters = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean killed = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean exited;
  private volatile int exitCode;
  private volatile boolean timedOut;
  private volatile Disposable timer;
  private volatile TaskProcesses owner;

  private Subprocess(Command command, Process process) {
    this.command = command;
    this.process = process;
    this.pid = process.pid();
    String name = "'" + command.shortText() + "' (pid " + pid + ")";
    this.stdout = new ProcessOutput(this, "stdout", pump("stdout of " + name, process.getInputStream()));
    this.stderr =
        new ProcessOutput(
            this,
            "stderr",
            command.stderr() == Command.Stderr.PIPE ? pump("stderr of " + name, process.getErrorStream()) : null);
    this.stdin = new StdinWriter(process.getOutputStream(), pid + "-stdin", "stdin of " + name);
  }

  private OutputPump pump(String label, java.io.InputStream in) {
    return new OutputPump(label, in, command.charset(), command.maxLineLength(), command.bufferSize());
  }

  // ---------------------------------------------------------------------------------------------
  // Wires that start a process

  /**
   * A wire that starts {@code command} and continues with {@code then.apply(process)}. The
   * program starts on a helper thread (forking is a blocking call); the task waits without
   * holding its loop thread. The task owns the process: see the class comment.
   *
   * <p><b>Timing.</b> The command's timeout counts on the loop's clock from the moment the
   * program started.
   *
   * <p><b>Cancellation.</b> Cancelled while the program is starting, the wire kills it as soon as
   * it has started.
   *
   * <p><b>Errors.</b> A program that cannot start (not found, not executable, a bad directory)
   * fails the wire with a {@link SubprocessException} naming the program and the reason.
   *
   * @param command what to run
   * @param then gets the running process; returns the next state, or null to finish (which
   *     kills the process if it still runs); runs on the task's thread
   * @return the wire
   * @throws IllegalArgumentException if an argument is null
   */
  public static Wire start(Command command, Function<? super Subprocess, ? extends Wire> then) {
    return start(command, false, then);
  }

  /**
   * A wire that runs {@code command} to its end and sets the task's result ({@code
   * ctx.setResult}) to its exit code: every line of stdout and stderr goes to {@code onLine} on
   * the task's thread. stdin is closed at once (or fed {@link Command#input(byte[])}).
   *
   * <pre>{@code Wire ls = Subprocess.run(Command.of("ls", "-l"), line -> files.add(line));}</pre>
   *
   * <p>Lines of one stream arrive in order; how stdout and stderr lines interleave is not
   * defined (use {@link Command#mergeStderr()} to keep the program's own order).
   *
   * <p><b>Errors.</b> See {@link #start}; with {@link Command#checkExitCode()}, a nonzero exit
   * fails the wire with a {@link SubprocessExitException}; a timeout with a {@link
   * SubprocessTimeoutException}; what {@code onLine} throws fails it too.
   *
   * @param command what to run
   * @param onLine gets each line, without its terminator
   * @return the wire
   */
  public static Wire run(Command command, Consumer<? super String> onLine) {
    Checks.notNull(onLine, "onLine");
    return run(command, onLine, onLine, code -> null);
  }

  /**
   * {@link #run(Command, Consumer)} with stdout and stderr lines apart.
   *
   * @param command what to run
   * @param onStdout gets each line of stdout
   * @param onStderr gets each line of stderr (none if the command merges or discards it)
   * @return the wire
   */
  public static Wire run(Command command, Consumer<? super String> onStdout, Consumer<? super String> onStderr) {
    return run(command, onStdout, onStderr, code -> null);
  }

  /**
   * {@link #run(Command, Consumer, Consumer)}, then continues with {@code then.apply(exitCode)}
   * (the task's result is set to the exit code first).
   *
   * <pre>{@code
   * Wire test = Subprocess.run(Command.of("make", "test"), log::info, log::warn,
   *     code -> code == 0 ? deploy : Wire.call(() -> alert("tests failed: " + code)));
   * }</pre>
   *
   * @param command what to run
   * @param onStdout gets each line of stdout
   * @param onStderr gets each line of stderr
   * @param then gets the exit code; returns the next state, or null to finish
   * @return the wire
   */
  public static Wire run(
      Command command,
      Consumer<? super String> onStdout,
      Consumer<? super String> onStderr,
      IntFunction<? extends Wire> then) {
    Checks.notNull(onStdout, "onStdout");
    Checks.notNull(onStderr, "onStderr");
    Checks.notNull(then, "then");
    return start(
            command,
            true,
            p -> p.forEachLine(onStdout, onStderr)
                .then(p.awaitExit(code -> Wire.sync(ctx -> {
                  ctx.setResult(code);
                  return then.apply(code);
                }))))
        .named("run " + command.program());
  }

  private static Wire start(Command command, boolean closeStdin, Function<? super Subprocess, ? extends Wire> then) {
    Checks.notNull(command, "command");
    Checks.notNull(then, "then");
    return Wire.defer(ctx -> Wire.suspend(new StartSuspender(command, closeStdin, then)));
  }

  /** Starts the program; on a helper thread. */
  static Subprocess launch(Command command, boolean closeStdin) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command.argv());
    if (command.directory() != null) {
      pb.directory(command.directory().toFile());
    }
    Map<String, String> env = pb.environment();
    if (command.isEnvCleared()) {
      env.clear();
    }
    command.envChanges().forEach((k, v) -> {
      if (v.isPresent()) {
        env.put(k, v.get());
      } else {
        env.remove(k);
      }
    });
    switch (command.stderr()) {
      case MERGE -> pb.redirectErrorStream(true);
      case DISCARD -> pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      case INHERIT -> pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      default -> { }
    }
    Subprocess p = new Subprocess(command, pb.start());
    p.begin(closeStdin);
    return p;
  }

  private void begin(boolean closeStdin) {
    stdout.startPump(pid + "-stdout");
    stderr.startPump(pid + "-stderr");
    process.onExit().whenComplete((x, error) -> exited());
    byte[] input = command.rawInput();
    if (input != null) {
      stdin.write(input, e -> { });
    }
    if (input != null || closeStdin) {
      stdin.close(e -> { });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Wires on a running process

  /**
   * {@code stdout().readLine(then)}: see {@link ProcessOutput#readLine}.
   *
   * @param then gets the next line of stdout, or null at its end
   * @return the wire
   */
  public Wire readLine(Function<? super String, ? extends Wire> then) {
    return stdout.readLine(then);
  }

  /**
   * A wire that reads stdout and stderr at the same time, line by line, to their ends, handing
   * each line to its callback on the task's thread; then it is done. The simplest way to consume
   * both streams without one blocking the program while the other is read.
   *
   * @param onStdout gets each line of stdout
   * @param onStderr gets each line of stderr (none if the command merges or discards it)
   * @return the wire
   */
  public Wire forEachLine(Consumer<? super String> onStdout, Consumer<? super String> onStderr) {
    return LinesSuspender.wire(
        stdout, Checks.notNull(onStdout, "onStdout"), stderr, Checks.notNull(onStderr, "onStderr"));
  }

  /**
   * A wire that writes {@code data} to the program's stdin and is done when it is written (and
   * flushed). Writes happen in order, on a writer thread; the task waits without holding its
   * thread, however long the program takes to read.
   *
   * <p><b>Errors.</b> A program that exited or closed its stdin fails the wire with a {@link
   * SubprocessException} ("Broken pipe"); so does writing after {@link #closeStdin()}.
   *
   * @param data the bytes; not copied: do not change them until the wire is done
   * @return the wire
   */
  public Wire write(byte[] data) {
    Checks.notNull(data, "data");
    return Wire.defer(ctx -> Wire.suspend(new WriteSuspender(this, data)));
  }

  /**
   * {@link #write(byte[])} with {@code text} in the command's charset.
   *
   * @param text the text; add the {@code "\n"} yourself
   * @return the wire
   */
  public Wire write(String text) {
    return write(Checks.notNull(text, "text").getBytes(command.charset()));
  }

  /**
   * A wire that closes the program's stdin after the writes before it, so that it sees the end
   * of its input; done when closed.
   *
   * @return the wire
   */
  public Wire closeStdin() {
    return Wire.defer(ctx -> Wire.suspend(new WriteSuspender(this, null)));
  }

  /**
   * A wire that waits until the program exits and continues with {@code then.apply(exitCode)}.
   * The exit code is 128 + n for a program killed by signal n (143 for SIGTERM). The output may
   * still hold lines: they stay readable.
   *
   * <p><b>Errors.</b> A {@link SubprocessTimeoutException} if the timeout passes first (at once,
   * not when the killed program is gone); with {@link Command#checkExitCode()}, a {@link
   * SubprocessExitException} for a nonzero code.
   *
   * @param then gets the exit code; returns the next state, or null to finish
   * @return the wire
   */
  public Wire awaitExit(IntFunction<? extends Wire> then) {
    return Wire.suspend(new ExitSuspender(this, Checks.notNull(then, "then")));
  }

  // ---------------------------------------------------------------------------------------------
  // The handle

  /** @return the process id */
  public long pid() {
    return pid;
  }

  /** @return the command that started the process */
  public Command command() {
    return command;
  }

  /** @return the program's stdout (with stderr in it if the command merges it) */
  public ProcessOutput stdout() {
    return stdout;
  }

  /** @return the program's stderr; an empty stream if the command merges, discards or inherits it */
  public ProcessOutput stderr() {
    return stderr;
  }

  /** @return the operating system's handle: descendants, command line, CPU time */
  public ProcessHandle toHandle() {
    return process.toHandle();
  }

  /** @return whether the program is still running */
  public boolean isAlive() {
    return !exited && process.isAlive();
  }

  /** @return the exit code once the program has exited, else empty */
  public OptionalInt exitCode() {
    return exited ? OptionalInt.of(exitCode) : OptionalInt.empty();
  }

  /** @return whether the command's timeout passed and killed the program */
  public boolean timedOut() {
    return timedOut;
  }

  /**
   * Kills the program and its descendants: SIGTERM now, SIGKILL after the command's {@link
   * Command#killGrace(java.time.Duration) grace period} to whatever is left. Returns at once; the
   * output stays readable to its end and {@link #awaitExit} sees the exit code (143 after a
   * SIGTERM). Does nothing if the program has exited or was killed already. Any thread.
   */
  public void kill() {
    if (!exited && process.isAlive() && killed.compareAndSet(false, true)) {
      ProcessKiller.kill(process.toHandle(), command.killGrace());
    }
  }

  /**
   * Kills the program if it still runs (see {@link #kill()}) and stops reading its output: its
   * reader threads end. Called when the owning task ends; idempotent; any thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    disposeTimer();
    kill();
    stdout.close();
    stderr.close();
    TaskProcesses o = owner;
    if (o != null) {
      o.remove(this);
    }
  }

  /** @return for example {@code Subprocess[pid 4242: sh -c 'exit 3', exited 3]} */
  @Override
  public String toString() {
    String state = exited ? "exited " + exitCode : timedOut ? "timed out" : killed.get() ? "killed" : "running";
    return "Subprocess[pid " + pid + ": " + command.shortText() + ", " + state + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // For the wires of this package

  /** The start wire took the process: it belongs to {@code group}; arms the timeout. */
  void owned(TaskProcesses group, Scheduler scheduler) {
    owner = group;
    if (command.timeout() != null) {
      timer = scheduler.schedule(this::expire, command.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    if (exited) {
      group.remove(this);
      disposeTimer();
    }
  }

  private void expire() {
    if (exited || !process.isAlive()) {
      return;
    }
    timedOut = true;
    stdout.close();
    stderr.close();
    wakeExitWaiters();
    kill();
  }

  private void exited() {
    exitCode = process.exitValue();
    exited = true;
    disposeTimer();
    TaskProcesses o = owner;
    if (o != null) {
      o.remove(this);
    }
    wakeExitWaiters();
  }

  private void disposeTimer() {
    Disposable t = timer;
    if (t != null) {
      t.dispose();
    }
  }

  /** Registers {@code s} for the exit; returns true (unregistered) if it is known already. */
  boolean awaitExit(Suspension<Void> s) {
    if (exited || timedOut) {
      return true;
    }
    exitWaiters.add(s);
    if (exited || timedOut) {
      exitWaiters.remove(s);
      return true;
    }
    return false;
  }

  void forgetExitWaiter(Suspension<Void> s) {
    exitWaiters.remove(s);
  }

  private void wakeExitWaiters() {
    for (Suspension<Void> s; (s = exitWaiters.poll()) != null; ) {
      s.resume(null);
    }
  }

  /** @return the exit code, or -1 if not exited yet; throws on a timeout or a checked nonzero code */
  int exitResult(String path) {
    if (timedOut) {
      throw timeoutError(path);
    }
    if (!exited) {
      return -1;
    }
    if (command.isCheckExitCode() && exitCode != 0) {
      throw new SubprocessExitException(
          path, command.argv(), pid, name() + " exited with code " + exitCode + " (Command.checkExitCode)", exitCode);
    }
    return exitCode;
  }

  StdinWriter stdin() {
    return stdin;
  }

  SubprocessTimeoutException timeoutError(String path) {
    return new SubprocessTimeoutException(
        path, command.argv(), pid,
        name() + " did not exit within " + command.timeout() + ": it and its descendants were killed",
        command.timeout());
  }

  SubprocessException failure(String path, String message, Throwable cause) {
    return new SubprocessException(path, command.argv(), pid, message, cause);
  }

  /** @return {@code 'command' (pid n)}, for messages */
  String name() {
    return "'" + command.shortText() + "' (pid " + pid + ")";
  }

  /**
   * The error for a program that did not start: what jwire can tell (a missing directory, a
   * program not on the {@code PATH} or not executable), then the system's own words, which differ
   * between JDKs. On the starting thread: it looks at the file system.
   */
  static SubprocessException startFailure(String path, Command command, Exception e) {
    Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
    String reason = String.valueOf(cause.getMessage()).trim();
    String diagnosis = StartDiagnosis.of(command);
    String where = command.directory() == null ? "" : " in directory " + command.directory();
    return new SubprocessException(
        path, command.argv(), -1,
        "cannot start '" + command.program() + "'" + where + ": "
            + (diagnosis == null ? reason : diagnosis + " (" + reason + ")"),
        e);
  }
}
