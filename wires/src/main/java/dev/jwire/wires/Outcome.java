package dev.jwire.wires;

import dev.jwire.engine.Task;
import dev.jwire.engine.internal.Checks;

/**
 * How a task ended: done with its result, failed with its error, or cancelled. What {@link Monitor}
 * reports and what a {@link Supervisor} records for each restart.
 *
 * <pre>{@code
 * switch (outcome.state()) {
 *   case DONE -> log("result " + outcome.result());
 *   case FAILED -> log("failed: " + outcome.error());
 *   default -> log("cancelled");
 * }
 * }</pre>
 *
 * @param task the task that ended
 * @param state how it ended: {@link Task.State#DONE}, {@link Task.State#FAILED} or {@link
 *     Task.State#CANCELLED}
 * @param result the task's {@linkplain Task#result() result}: what it set with {@code
 *     ctx.setResult}; may be null (always null unless done)
 * @param error the error that ended it; non-null exactly when {@code state} is {@code FAILED}
 */
public record Outcome(Task task, Task.State state, Object result, Throwable error) {

  /**
   * @param task the task that ended
   * @param state how it ended: DONE, FAILED or CANCELLED
   * @param result its result; null unless DONE
   * @param error its error; non-null exactly when FAILED
   * @throws IllegalArgumentException if {@code task} or {@code state} is null, {@code state} is not
   *     terminal, or {@code error} or {@code result} do not fit {@code state}
   */
  public Outcome {
    Checks.notNull(task, "task");
    Checks.notNull(state, "state");
    Checks.argument(state.isTerminal(), "state : " + state + " (expected: DONE, FAILED or CANCELLED)");
    Checks.argument(
        (error != null) == (state == Task.State.FAILED),
        "error : " + error + " (expected: an error exactly when the state is FAILED, here " + state + ")");
    Checks.argument(state == Task.State.DONE || result == null, "result : " + result + " (expected: null unless DONE)");
  }

  /**
   * The outcome of a task that has ended.
   *
   * @param task an ended task
   * @return how it ended
   * @throws IllegalArgumentException if the task has not ended
   */
  public static Outcome of(Task task) {
    Task.State s = Checks.notNull(task, "task").state();
    Checks.argument(s.isTerminal(), "task : " + task + " (expected: an ended task)");
    Object result = s == Task.State.DONE ? task.result() : null;
    return new Outcome(task, s, result, s == Task.State.FAILED ? task.error() : null);
  }

  /** @return whether the task finished normally: its last wire yielded nothing */
  public boolean isDone() {
    return state == Task.State.DONE;
  }

  /** @return whether an error ended the task ({@link #error()} says which) */
  public boolean isFailed() {
    return state == Task.State.FAILED;
  }

  /** @return whether the task was cancelled */
  public boolean isCancelled() {
    return state == Task.State.CANCELLED;
  }

  /** @return e.g. {@code worker#3 DONE (result 42)}, {@code worker#3 FAILED (java.io.IOException: gone)} */
  @Override
  public String toString() {
    String detail = isFailed() ? " (" + error + ")" : isDone() && result != null ? " (result " + result + ")" : "";
    return task.name() + " " + state + detail;
  }
}
