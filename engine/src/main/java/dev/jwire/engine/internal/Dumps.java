package dev.jwire.engine.internal;

import dev.jwire.engine.LoopDump;
import dev.jwire.engine.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link LoopDump}s from the live scope tree. */
final class Dumps {
  private Dumps() {}

  static LoopDump of(LoopCore core) {
    return new LoopDump(core.name, core.clock.instant(), core.liveTasks(), scope(core, core.root()));
  }

  private static LoopDump.ScopeDump scope(LoopCore core, ScopeImpl s) {
    List<LoopDump.TaskDump> tasks = new ArrayList<>();
    for (TaskImpl t : s.membersSnapshot()) {
      tasks.add(task(core, t));
    }
    tasks.sort((a, b) -> Long.compare(a.id(), b.id()));
    List<LoopDump.ScopeDump> scopes = new ArrayList<>();
    for (ScopeImpl c : s.childrenSnapshot()) {
      scopes.add(scope(core, c));
    }
    return new LoopDump.ScopeDump(
        s.name(), s.path(), s.isCancelled(), s.timedOut(), s.statistics().queued(), List.copyOf(tasks), List.copyOf(scopes));
  }

  private static LoopDump.TaskDump task(LoopCore core, TaskImpl t) {
    long now = core.clock.nanoTime();
    Task.State state = t.state();
    Duration inState = Duration.ofMillis(Math.max(0, core.millisSinceStart(now) - t.stateSinceMillis()));
    Duration dueIn = state == Task.State.SLEEPING ? Duration.ofNanos(Math.max(0, t.timerDeadline() - now)) : null;
    StackTraceElement[] site = StartSites.toStackTrace(t.startSite());
    return new LoopDump.TaskDump(
        t.id(), t.name(), t.path(), t.currentWireName(), state, inState, dueIn, t.daemon,
        site.length == 0 ? null : site[0].toString());
  }
}
