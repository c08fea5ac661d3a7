package dev.jwire.poller.process;

import java.util.List;

/**
 * A subprocess exited with a nonzero code although its command asked for {@link
 * Command#checkExitCode()}. Without that, an exit code is a result, never an error.
 */
public final class SubprocessExitException extends SubprocessException {
  /** The nonzero exit code. */
  private final int exitCode;

  /**
   * @param path where the failing wire ran
   * @param argv the command's program and arguments
   * @param pid the process id
   * @param message what happened
   * @param exitCode the nonzero exit code
   */
  public SubprocessExitException(String path, List<String> argv, long pid, String message, int exitCode) {
    super(path, argv, pid, message, null);
    this.exitCode = exitCode;
  }

  /** @return the exit code: nonzero; 128 + n for a process killed by signal n */
  public int exitCode() {
    return exitCode;
  }
}
