package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.poller.process.Command;
import dev.jwire.poller.process.Subprocess;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A process state machine: start a program, watch its output, restart it when it crashes, up to
 * a limit, with a growing pause between attempts.
 *
 * <pre>
 *  starting(n) ── started ──▶ watching(n) ── a line: print it ──▶ watching(n)
 *                                  │ end of output
 *                                  ▼
 *                              exited(n) ── code 0 ──▶ done
 *                                  │ code ≠ 0, n ≤ limit: sleep n × 100 ms ──▶ starting(n + 1)
 *                                  └ code ≠ 0, n > limit: give up
 * </pre>
 *
 * <p>The default worker is a shell script that crashes (exit code 1) on its first two runs and
 * finishes on the third. The supervisor is one task: each program it starts belongs to it, so
 * cancelling it (or the loop's end) kills whatever runs at that moment.
 */
public final class ProcessRestart {
  /** The default worker: crashes while {@code $RUN} is below 3. stderr is merged into stdout. */
  public static final String WORKER =
      "echo \"worker $RUN: up\"; echo \"worker $RUN: working\"; "
          + "if [ \"$RUN\" -lt 3 ]; then echo \"worker $RUN: crash\" >&2; exit 1; fi; "
          + "echo \"worker $RUN: done\"";

  /** How often the supervisor restarts a crashed worker before it gives up. */
  public static final int MAX_RESTARTS = 3;

  static final Duration BACKOFF = Duration.ofMillis(100);

  private final String script;
  private final int maxRestarts;
  private final LoopLog log;

  private ProcessRestart(String script, int maxRestarts, LoopLog log) {
    this.script = script;
    this.maxRestarts = maxRestarts;
    this.log = log;
  }

  /** Starts the worker's {@code attempt}-th run; {@code RUN} tells the script which one it is. */
  Wire starting(int attempt) {
    Command cmd = Command.shell(script).env("RUN", Integer.toString(attempt)).mergeStderr();
    return Subprocess.start(cmd, p -> {
      log.println("attempt " + attempt + ": started, pid " + p.pid());
      return watching(p, attempt);
    }).named("starting");
  }

  /** Prints each line of the worker's output; at its end, waits for the exit code. */
  Wire watching(Subprocess p, int attempt) {
    return p.readLine(line -> line == null
        ? p.awaitExit(code -> exited(attempt, code))
        : Wire.call(() -> log.println("attempt " + attempt + " | " + line)).then(watching(p, attempt)));
  }

  /** Done on success; otherwise restarts after a pause, or gives up past the limit. */
  Wire exited(int attempt, int code) {
    return Wire.sync(ctx -> {
      ctx.setResult(code);
      if (code == 0) {
        log.println("attempt " + attempt + ": exited with code 0, done");
        return null;
      }
      if (attempt > maxRestarts) {
        log.println("attempt " + attempt + ": exited with code " + code + ", giving up after "
            + maxRestarts + " restarts");
        return null;
      }
      Duration pause = BACKOFF.multipliedBy(attempt);
      log.println("attempt " + attempt + ": crashed with code " + code + ", restarting in "
          + JobMachine.seconds(pause) + " s");
      return Wire.sleep(pause).then(starting(attempt + 1));
    }).named("exited");
  }

  /**
   * Supervises the default worker until it succeeds or the restart limit is reached.
   *
   * @param builder the loop's settings
   * @param out receives the stamped lines
   * @return the worker's last exit code
   */
  public static int run(EventLoop.Builder builder, Consumer<String> out) {
    return run(builder, out, WORKER, MAX_RESTARTS);
  }

  /**
   * Supervises {@code script} (run with {@code sh -c}, its run number in {@code $RUN}).
   *
   * @param builder the loop's settings
   * @param out receives the stamped lines
   * @param script the worker
   * @param maxRestarts how often to restart it after a crash; 0 or more
   * @return the worker's last exit code
   */
  public static int run(EventLoop.Builder builder, Consumer<String> out, String script, int maxRestarts) {
    Task supervisor;
    try (EventLoop loop = builder.build()) {
      ProcessRestart machine = new ProcessRestart(script, maxRestarts, new LoopLog(loop, out));
      supervisor = loop.start(machine.starting(1).named("supervisor"));
    }
    return (Integer) supervisor.result();
  }
}
