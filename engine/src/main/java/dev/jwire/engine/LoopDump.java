package dev.jwire.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a running loop: the tree of scopes and tasks, each task with its name, current
 * wire, state, time in that state, pending timer and start site ({@link EventLoop#dump()}).
 * Records all the way down, so Jackson (2.12+) writes it as JSON as it is:
 * {@code new ObjectMapper().findAndRegisterModules().writeValueAsString(loop.dump())}.
 *
 * <p>Taken without stopping the loop: each task is read as it is at that moment, so a snapshot of
 * a busy loop is approximate, never blocking.
 *
 * @param loop the loop's name
 * @param at the loop clock's time of the snapshot
 * @param liveTasks tasks started and not ended
 * @param root the root scope
 */
public record LoopDump(String loop, Instant at, long liveTasks, ScopeDump root) {

  /**
   * One scope.
   *
   * @param name its name
   * @param path its path from the root
   * @param cancelled whether it was cancelled
   * @param timedOut whether its timeout passed
   * @param queued wires waiting for a concurrency slot
   * @param tasks its running tasks
   * @param scopes its nested scopes
   */
  public record ScopeDump(
      String name, String path, boolean cancelled, boolean timedOut, int queued, List<TaskDump> tasks,
      List<ScopeDump> scopes) {}

  /**
   * One task.
   *
   * @param id its id
   * @param name its name, e.g. {@code jobs/poll#3}
   * @param path where it is, e.g. {@code jobs/poll#3 > repeat 2/4 > then[0]}
   * @param wire the name of the wire it runs or will run next
   * @param state its state
   * @param inState how long it has been in that state (loop clock; to the millisecond)
   * @param timerDueIn for a sleeping task, how long until its timer fires; else null
   * @param daemon whether it is a daemon
   * @param startSite where it was started, or null when not recorded
   */
  public record TaskDump(
      long id, String name, String path, String wire, Task.State state, Duration inState, Duration timerDueIn,
      boolean daemon, String startSite) {}

  /** @return the snapshot as an indented tree, one line per scope and task */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append("loop '").append(loop).append("' at ").append(at).append(", ").append(liveTasks).append(" live task")
        .append(liveTasks == 1 ? "" : "s").append('\n');
    appendScope(out, root, "", true);
    return out.toString();
  }

  private static void appendScope(StringBuilder out, ScopeDump s, String indent, boolean last) {
    out.append(indent).append(last ? "└─ " : "├─ ").append("scope ").append(s.path().isEmpty() ? "(root)" : s.path());
    if (s.cancelled()) {
      out.append(" [cancelled]");
    }
    if (s.timedOut()) {
      out.append(" [timed out]");
    }
    if (s.queued() > 0) {
      out.append(" queued=").append(s.queued());
    }
    out.append('\n');
    String inner = indent + (last ? "   " : "│  ");
    int n = s.tasks().size() + s.scopes().size();
    int i = 0;
    for (TaskDump t : s.tasks()) {
      out.append(inner).append(++i == n ? "└─ " : "├─ ");
      appendTask(out, t);
    }
    for (ScopeDump c : s.scopes()) {
      appendScope(out, c, inner, ++i == n);
    }
  }

  private static void appendTask(StringBuilder out, TaskDump t) {
    out.append(t.path()).append("  ").append(t.state()).append(' ').append(seconds(t.inState()));
    if (t.timerDueIn() != null) {
      out.append(" (timer in ").append(seconds(t.timerDueIn())).append(')');
    }
    out.append("  wire=").append(t.wire());
    if (t.daemon()) {
      out.append("  daemon");
    }
    if (t.startSite() != null) {
      out.append("  started at ").append(t.startSite());
    }
    out.append('\n');
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.3fs", d.toNanos() / 1e9);
  }
}
