package dev.jwire.engine;

/**
 * How much of the call site of {@code start} a loop records, for the stack trace of an {@link
 * UnhandledWireException}. Wires started by other wires inherit their starter's site.
 */
public enum StartSiteCapture {
  /** Record nothing: cheapest; unhandled errors then carry no start site. */
  OFF,
  /**
   * Record the caller's frame (the first frame outside jwire), shared between all starts from the
   * same line. The default: a few hundred nanoseconds per start, no memory per task.
   */
  CALLER,
  /** Record the whole stack of each start: for debugging; costs microseconds and ~1 KB per task. */
  FULL
}
