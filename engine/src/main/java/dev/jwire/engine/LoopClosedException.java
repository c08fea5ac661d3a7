package dev.jwire.engine;

/** Thrown when a closed {@link EventLoop} is asked to start or run wires. */
public final class LoopClosedException extends IllegalStateException {
  /** @param message what was refused */
  public LoopClosedException(String message) {
    super(message);
  }
}
