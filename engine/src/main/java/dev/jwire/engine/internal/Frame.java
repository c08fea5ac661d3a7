package dev.jwire.engine.internal;

import dev.jwire.engine.Wire;

/**
 * A continuation on a task's frame stack: what a combinator does with the result of the wire it
 * descended into. Frames are per task and mutable; the stack's depth is bounded by the nesting of
 * combinators, never by the number of steps.
 */
public abstract class Frame {
  Frame below;

  /**
   * Receives the result of the wire this frame waits on.
   *
   * @param task the task
   * @param result the successor that wire yielded, or null
   * @return {@link TaskImpl#CONTINUE} after {@link TaskImpl#descend}ing again, or, having called
   *     {@link TaskImpl#pop}, the result to hand to the frame below
   * @throws Throwable to fail the task
   */
  public abstract Wire resume(TaskImpl task, Wire result) throws Throwable;

  /** @return this frame's part of an error path, e.g. {@code then[1]} or {@code repeat 2/4} */
  public abstract String describe();
}
