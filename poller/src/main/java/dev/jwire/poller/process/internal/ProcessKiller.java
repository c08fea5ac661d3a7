package dev.jwire.poller.process.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Kills a process and its descendants: SIGTERM to all of them, then SIGKILL to whatever is still
 * alive when the grace period has passed.
 *
 * <p>The descendants are listed <em>before</em> the process is signalled: once it dies, its
 * children are re-parented and no longer show up as its descendants. The process is signalled
 * first, so that a shell cannot start new children in place of the ones that die. A process that
 * detached itself (a daemon's double fork, {@code setsid}) before the kill is out of reach: that
 * takes cgroups or a subreaper, which the JDK does not offer.
 *
 * <p>Everything runs on one shared daemon thread ({@code jwire-process-killer}), which ends after
 * a second without work: listing descendants reads {@code /proc}, which no loop thread should
 * wait for. Progress is checked by polling (10 ms, doubling up to 200 ms) rather than with {@code
 * ProcessHandle.onExit()}, which costs a thread per process that is not our child. Only {@link
 * ProcessHandle} signals are used, never {@code Process.destroy()}: that also closes the pipes,
 * and closing a stdin that a writer thread is blocked on would block the killer too.
 */
public final class ProcessKiller {
  private static final ScheduledThreadPoolExecutor EXECUTOR = executor();

  private ProcessKiller() {}

  /**
   * Starts killing {@code process} and its descendants; returns at once. Idempotence is the
   * caller's business; a second call only signals again.
   *
   * @param process the process; may have exited already
   * @param grace how long the processes get to exit after SIGTERM; zero for SIGKILL at once
   */
  public static void kill(ProcessHandle process, Duration grace) {
    long graceNanos = grace.toNanos();
    EXECUTOR.execute(logged(process, () -> terminate(process, graceNanos)));
  }

  /** The executor would keep a task's exception in a future nobody reads: log it instead. */
  private static Runnable logged(ProcessHandle process, Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        ProcessThreads.logUncaught("cannot kill process " + process.pid(), e);
      }
    };
  }

  private static void terminate(ProcessHandle process, long graceNanos) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process);
    process.descendants().forEach(tree::add); // before the signal: afterwards they are orphans
    if (graceNanos == 0) {
      tree.forEach(ProcessHandle::destroyForcibly);
      return;
    }
    tree.forEach(ProcessHandle::destroy);
    check(tree, System.nanoTime() + graceNanos, 10);
  }

  private static void check(List<ProcessHandle> tree, long deadline, long delayMillis) {
    tree.removeIf(h -> !isRunning(h));
    if (tree.isEmpty()) {
      return;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      forcibly(tree);
      return;
    }
    long next = Math.min(delayMillis * 2, 200);
    EXECUTOR.schedule(
        logged(tree.get(0), () -> check(tree, deadline, next)),
        Math.min(TimeUnit.MILLISECONDS.toNanos(delayMillis), left),
        TimeUnit.NANOSECONDS);
  }

  /**
   * Whether {@code h} still runs. {@link ProcessHandle#isAlive()} counts a zombie (exited, not yet
   * reaped by its parent) as alive; a zombie is dead for our purpose, and orphans are reaped by
   * the system's init, which may take its time. On Linux, {@code /proc/<pid>/stat} tells.
   *
   * @param h the process
   * @return whether it exists and is not a zombie
   */
  public static boolean isRunning(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      int end = stat.lastIndexOf(')'); // the command name, in parentheses, may hold anything
      return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return h.isAlive(); // no procfs (not Linux), or the process is gone
    }
  }

  /** SIGKILL to the survivors and whatever they started meanwhile. */
  private static void forcibly(List<ProcessHandle> survivors) {
    List<ProcessHandle> all = new ArrayList<>(survivors);
    for (ProcessHandle h : survivors) {
      h.descendants().forEach(all::add);
    }
    all.forEach(ProcessHandle::destroyForcibly);
  }

  private static ScheduledThreadPoolExecutor executor() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(null, r, ProcessThreads.PREFIX + "killer", 256 * 1024);
              t.setDaemon(true);
              return t;
            });
    e.setKeepAliveTime(1, TimeUnit.SECONDS);
    e.allowCoreThreadTimeOut(true);
    e.setRemoveOnCancelPolicy(true);
    return e;
  }
}
