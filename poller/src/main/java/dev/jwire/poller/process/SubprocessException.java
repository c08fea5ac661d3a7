package dev.jwire.poller.process;

import dev.jwire.engine.WireException;
import java.util.List;

/**
 * A subprocess failed a wire: it could not start, a line was too long, its stdin or output broke.
 * The message names the command and, once started, its pid. Subclasses: {@link
 * SubprocessTimeoutException}, {@link SubprocessExitException}.
 */
public class SubprocessException extends WireException {
  /** The command's program and arguments. */
  private final List<String> argv;
  /** The process id, or -1. */
  private final long pid;

  /**
   * @param path where the failing wire ran, e.g. {@code build#3 > then[1]}
   * @param argv the command's program and arguments
   * @param pid the process id, or -1 if the process did not start
   * @param message what happened and what to do
   * @param cause the underlying error, or null
   */
  public SubprocessException(String path, List<String> argv, long pid, String message, Throwable cause) {
    super(path, message, cause);
    this.argv = List.copyOf(argv);
    this.pid = pid;
  }

  /** @return the command's program and arguments */
  public List<String> argv() {
    return argv;
  }

  /** @return the process id, or -1 if the process did not start */
  public long pid() {
    return pid;
  }
}
