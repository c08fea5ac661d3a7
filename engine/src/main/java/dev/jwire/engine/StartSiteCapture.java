package dev.jwire.engine;

/**
 * How much of the call site of {@code start} a loop records, for the stack trace of an {@link
 * UnhandledWireException}. Tasks started with an error handler never need it and record nothing.
 */
public enum StartSiteCapture {
  /** Record nothing: cheapest; unhandled errors then carry no start site. */
  OFF,
  /**
   * The default. {@link EventLoop#start} records its caller's frame (the first frame outside
   * jwire), interned per call site: about 2 µs per start, no memory per task. A task started from
   * a step ({@link WireContext#start}) or as a successor shares its starter's site, so starting
   * from the loop costs nothing extra.
   */
  CALLER,
  /**
   * Record the whole stack of every start, including starts from steps: for debugging; costs
   * several microseconds and about a kilobyte per task.
   */
  FULL
}
