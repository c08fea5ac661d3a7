package dev.jwire.engine;

import java.time.Duration;
import java.util.List;

/**
 * A step held a loop thread longer than the loop's {@linkplain EventLoop.Builder#stallThreshold
 * stall threshold}: everything else on that thread waited meanwhile.
 *
 * @param loop the loop's name
 * @param thread the loop thread's name
 * @param wire the path of the task whose step was running, or a description of the job
 * @param heldFor how long the step had held the thread when it was reported (real time)
 * @param stack the loop thread's stack at that moment
 */
public record StallReport(String loop, String thread, String wire, Duration heldFor, List<StackTraceElement> stack) {

  /** @return a message with the wire, the time and the stack, for logs */
  public String describe() {
    StringBuilder b = new StringBuilder()
        .append("loop '").append(loop).append("': a step of '").append(wire).append("' has held thread ")
        .append(thread).append(" for ").append(heldFor.toMillis()).append(" ms; its stack:");
    for (StackTraceElement e : stack) {
      b.append("\n\tat ").append(e);
    }
    return b.toString();
  }
}
