package dev.jwire.poller.process.internal;

import dev.jwire.engine.Task;
import dev.jwire.engine.WireContext;
import dev.jwire.poller.process.Subprocess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes a task owns, closed (killed) when the task ends however it ends. One group is
 * bound to a task, on its first process, so that a task that starts a thousand processes in turn
 * (a supervisor restarting a crashing program) binds one resource rather than a thousand: each
 * process leaves the group when it exits.
 */
public final class TaskProcesses implements AutoCloseable {
  private static final ConcurrentHashMap<Task, TaskProcesses> GROUPS = new ConcurrentHashMap<>();

  private final Task task;
  private final Set<Subprocess> members = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private TaskProcesses(Task task) {
    this.task = task;
  }

  /**
   * The group of the running task, bound to it on first use. On the task's thread.
   *
   * @param ctx the running task
   * @return its group
   */
  public static TaskProcesses of(WireContext ctx) {
    Task t = ctx.task();
    TaskProcesses g = GROUPS.get(t);
    if (g == null) {
      g = new TaskProcesses(t);
      ctx.bind(g); // throws if the task has ended: nothing is registered then
      GROUPS.put(t, g);
    }
    return g;
  }

  /**
   * Adds {@code process}; it is closed when the task ends unless it {@link #remove leaves} first.
   *
   * @param process a process the task started
   * @return false if the task has ended already: the caller must close the process itself
   */
  public boolean add(Subprocess process) {
    members.add(process);
    if (closed) {
      members.remove(process);
      return false;
    }
    return true;
  }

  /**
   * Takes a process out of the group (it has exited). Any thread.
   *
   * @param process the process
   */
  public void remove(Subprocess process) {
    members.remove(process);
  }

  /** @return the number of processes in the group now */
  public int size() {
    return members.size();
  }

  /** Closes (kills) every process still in the group; called when the task ends. */
  @Override
  public void close() {
    closed = true;
    GROUPS.remove(task, this);
    for (Subprocess p : members) {
      p.close();
    }
    members.clear();
  }
}
