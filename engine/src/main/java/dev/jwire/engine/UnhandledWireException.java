package dev.jwire.engine;

/**
 * A task without an error handler failed (or its handler threw). Thrown by {@link EventLoop#run()}
 * and {@link EventLoop#close()}; its cause is the original error, its stack trace is where the
 * task was {@code start}ed, and its message names the wire's path.
 */
public final class UnhandledWireException extends WireException {
  private final StackTraceElement[] startSite;

  /**
   * @param path the failed wire's path
   * @param message the message
   * @param cause the original error
   * @param startSite where the task was started (may be empty when start sites are off)
   */
  public UnhandledWireException(
      String path, String message, Throwable cause, StackTraceElement[] startSite) {
    super(path, message, cause);
    this.startSite = startSite.clone();
    setStackTrace(startSite);
  }

  /** @return where the failed task was started, outermost jwire frames removed */
  public StackTraceElement[] startSite() {
    return startSite.clone();
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // the stack that matters is the start site, set in the constructor
  }
}
