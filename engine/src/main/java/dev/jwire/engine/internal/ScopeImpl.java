package dev.jwire.engine.internal;

import dev.jwire.engine.LoopClosedException;
import dev.jwire.engine.Scope;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Task;
import dev.jwire.engine.UnhandledWireException;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireErrorHandler;
import dev.jwire.engine.WireException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A scope: its members (started, unended tasks, in an intrusive list), its queue of wires waiting
 * for a concurrency slot, its nested scopes, its resources.
 *
 * <h2>Ending</h2>
 *
 * <p>A scope's <em>work</em> is done when it is sealed (its opener will start nothing more), no
 * non-daemon task is live or queued and no nested scope is open. It then cancels its daemons and
 * <em>ends</em> when its last member has ended: so when a scope ends, none of its tasks can run
 * another step. Ending closes the bound resources (reverse order), stops the timeout, tells the
 * listeners (the waiting opener) and the parent. The root scope is never sealed and never ends:
 * its work being done is the loop's quiescence, which ends a run.
 *
 * <p>State is guarded by the scope's monitor; tasks are started, cancelled and told about the
 * end outside it.
 */
public final class ScopeImpl implements Scope {
  final LoopCore core;
  private final ScopeImpl parent;
  private final ScopeOptions options;
  private final String path;
  private final boolean root;
  private final boolean openedByCode;

  private TaskImpl members;
  private int memberCount;
  private int live; // non-daemon tasks, started or queued, not ended
  private int active; // non-daemon members (for maxConcurrency)
  /**
   * Tasks waiting for a concurrency slot, oldest first, linked through their {@code prevLive} /
   * {@code nextLive} fields (free until a task becomes a member): no per-task node, and a queued
   * task is cancelled in O(1) even among a million.
   */
  private TaskImpl queuedFirst;

  private TaskImpl queuedLast;
  private int queuedCount;
  private final List<ScopeImpl> children = new ArrayList<>(0);
  /** Open children opened from plain code: they hold this scope open. A wire's nested scope is held by its task. */
  private int codeChildren;
  private boolean sealed;
  private boolean cancelled;
  private boolean timedOut;
  private boolean draining;
  private boolean ended;
  /** Set once cleanup has run: what {@link #isDone()} reports. */
  private volatile boolean finished;
  private long started;
  private Throwable failure;
  private ArrayList<TaskImpl> resultTasks;
  private ArrayList<AutoCloseable> resources;
  private ArrayList<Runnable> endListeners;
  private LoopDeadline deadline;

  private ScopeImpl(LoopCore core, ScopeImpl parent, ScopeOptions options, boolean openedByCode) {
    this.core = core;
    this.parent = parent;
    this.options = options;
    this.root = parent == null;
    this.openedByCode = openedByCode;
    this.path = root ? "" : parent.root ? options.name() : parent.path + "/" + options.name();
    if (options.collectsResults()) {
      resultTasks = new ArrayList<>();
    }
  }

  static ScopeImpl root(LoopCore core, ScopeOptions options) {
    return new ScopeImpl(core, null, options, false);
  }

  /** Opens a nested scope; {@code home} runs its timeout. */
  ScopeImpl openChild(ScopeOptions childOptions, boolean byCode, LoopWorker childHome) {
    ScopeImpl child = new ScopeImpl(core, this, childOptions, byCode);
    boolean cancelNow;
    synchronized (this) {
      checkNotEnded("open a nested scope in");
      children.add(child);
      if (byCode) {
        codeChildren++;
      }
      cancelNow = cancelled;
    }
    if (childOptions.timeout() != null) {
      child.deadline = LoopDeadline.arm(childHome, Checks.toNanosSaturated(childOptions.timeout()), child::timeoutPassed);
    }
    if (cancelNow) {
      child.cancel();
    }
    return child;
  }

  // ---------------------------------------------------------------------------------------------
  // Tasks

  /** Adds {@code task} to the scope and queues it to run, or to wait for a concurrency slot. */
  void launch(TaskImpl task) {
    boolean run;
    synchronized (this) {
      if (ended || (sealed && live == 0 && !root && codeChildren == 0 && memberCount == 0)) {
        throw new IllegalStateException(
            "scope '" + describe() + "' has ended: start wires in an open scope");
      }
      started++;
      if (resultTasks != null) {
        resultTasks.add(task);
      }
      if (cancelled || draining) {
        task.endUnstarted(); // a cancelled or finishing scope starts nothing new
        core.taskCounted(-1);
        return;
      }
      if (!task.daemon) {
        live++;
      }
      run = task.daemon || active < options.maxConcurrency();
      if (run) {
        addMember(task);
      } else {
        enqueue(task);
      }
    }
    if (run) {
      task.worker.execute(task);
    }
  }

  private void addMember(TaskImpl task) {
    task.launched = true;
    task.nextLive = members;
    if (members != null) {
      members.prevLive = task;
    }
    members = task;
    memberCount++;
    if (!task.daemon) {
      active++;
    }
  }

  private void enqueue(TaskImpl task) {
    task.prevLive = queuedLast;
    task.nextLive = null;
    if (queuedLast == null) {
      queuedFirst = task;
    } else {
      queuedLast.nextLive = task;
    }
    queuedLast = task;
    queuedCount++;
  }

  /** Whether {@code task} waits in this scope's queue; under the lock. */
  private boolean isQueued(TaskImpl task) {
    return !task.launched && (task.prevLive != null || queuedFirst == task);
  }

  private void unqueue(TaskImpl task) {
    TaskImpl p = task.prevLive;
    TaskImpl n = task.nextLive;
    if (p == null) {
      queuedFirst = n;
    } else {
      p.nextLive = n;
    }
    if (n == null) {
      queuedLast = p;
    } else {
      n.prevLive = p;
    }
    task.prevLive = null;
    task.nextLive = null;
    queuedCount--;
  }

  private void removeMember(TaskImpl task) {
    TaskImpl p = task.prevLive;
    TaskImpl n = task.nextLive;
    if (p != null) {
      p.nextLive = n;
    } else {
      members = n;
    }
    if (n != null) {
      n.prevLive = p;
    }
    task.prevLive = null;
    task.nextLive = null;
    memberCount--;
    if (!task.daemon) {
      active--;
      live--;
    }
  }

  /** A member ended (on its own thread). */
  void taskEnded(TaskImpl task) {
    TaskImpl next = null;
    synchronized (this) {
      removeMember(task);
      if (queuedFirst != null && !cancelled && active < options.maxConcurrency()) {
        next = queuedFirst;
        unqueue(next);
        addMember(next);
      }
    }
    if (next != null) {
      next.worker.execute(next);
    }
    checkDone();
  }

  /** Cancels a task still waiting for a slot; false if it is not queued (any more). */
  boolean cancelQueued(TaskImpl task) {
    boolean removed;
    synchronized (this) {
      removed = isQueued(task);
      if (removed) {
        unqueue(task);
        live--;
      }
    }
    if (removed) {
      task.endUnstarted();
      core.taskCounted(-1);
      checkDone();
    }
    return removed;
  }

  // ---------------------------------------------------------------------------------------------
  // Ending

  void seal() {
    synchronized (this) {
      sealed = true;
    }
    checkDone();
  }

  private void childEnded(ScopeImpl child) {
    synchronized (this) {
      children.remove(child);
      if (child.openedByCode) {
        codeChildren--;
      }
    }
    checkDone();
  }

  private void checkDone() {
    List<TaskImpl> daemons = null;
    boolean end = false;
    boolean quiescent = false;
    synchronized (this) {
      if (ended || live != 0 || codeChildren != 0) {
        return;
      }
      if (root) {
        quiescent = true;
      } else if (sealed) {
        if (memberCount == 0) {
          ended = true;
          end = true;
        } else if (!draining) {
          draining = true;
          daemons = snapshotMembers();
        }
      }
    }
    if (quiescent) {
      core.rootQuiescent();
    }
    if (daemons != null) {
      daemons.forEach(TaskImpl::cancel);
    }
    if (end) {
      finish();
    }
  }

  private void finish() {
    if (deadline != null) {
      deadline.disarm();
    }
    closeResources();
    List<Runnable> listeners;
    synchronized (this) {
      finished = true;
      listeners = endListeners == null ? List.of() : endListeners;
      endListeners = null;
    }
    listeners.forEach(Runnable::run);
    if (parent != null) {
      parent.childEnded(this);
    }
  }

  private void closeResources() {
    List<AutoCloseable> toClose;
    synchronized (this) {
      toClose = resources == null ? List.of() : resources;
      resources = null;
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Throwable t) {
        synchronized (this) {
          if (failure != null) {
            failure.addSuppressed(t);
            continue;
          }
        }
        core.logUncaught("closing a resource of scope '" + describe() + "' failed", t);
      }
    }
  }

  /** Runs {@code listener} once the scope has ended (at once if it has). */
  void onEnd(Runnable listener) {
    synchronized (this) {
      if (!finished) {
        if (endListeners == null) {
          endListeners = new ArrayList<>(1);
        }
        endListeners.add(listener);
        return;
      }
    }
    listener.run();
  }

  // ---------------------------------------------------------------------------------------------
  // Cancellation and failure

  @Override
  public void cancel() {
    List<TaskImpl> drop;
    List<TaskImpl> running;
    List<ScopeImpl> nested;
    synchronized (this) {
      if (ended) {
        return;
      }
      if (!root) {
        cancelled = true;
      }
      drop = new ArrayList<>(queuedCount);
      while (queuedFirst != null) {
        drop.add(queuedFirst);
        unqueue(queuedFirst);
      }
      live -= drop.size();
      running = snapshotMembers();
      nested = new ArrayList<>(children);
    }
    for (TaskImpl t : drop) {
      t.endUnstarted();
      core.taskCounted(-1);
    }
    running.forEach(TaskImpl::cancel);
    nested.forEach(ScopeImpl::cancel);
    checkDone();
  }

  private List<TaskImpl> snapshotMembers() {
    List<TaskImpl> list = new ArrayList<>(memberCount);
    for (TaskImpl t = members; t != null; t = t.nextLive) {
      list.add(t);
    }
    return list;
  }

  private void timeoutPassed() {
    synchronized (this) {
      if (ended) {
        return;
      }
      timedOut = true;
    }
    cancel();
  }

  /**
   * Routes the failure of a task that has no handler of its own, on the task's thread, before
   * the task leaves the scope.
   */
  void taskFailed(TaskImpl task, Throwable error) {
    if (options.policy() == ScopeOptions.FailurePolicy.SUPERVISED) {
      WireErrorHandler h = options.errorHandler();
      if (h == null) {
        core.logUncaught("wire '" + task.path() + "' failed in supervised scope '" + describe() + "'", error);
        return;
      }
      try {
        h.onError(task, error);
      } catch (Throwable handlerError) {
        handlerError.addSuppressed(error);
        core.logUncaught("the error handler of scope '" + describe() + "' threw", handlerError);
      }
      return;
    }
    if (root) {
      core.reportUnhandled(
          error instanceof UnhandledWireException ? error : task.unhandled("failed and has no error handler", error));
      return;
    }
    fail(error);
  }

  /**
   * Closing a resource of {@code task} failed while the task ended without error: the failure
   * joins the scope's fail-fast failure if there is one (a cancelled sibling's cleanup), else it is
   * logged.
   */
  void cleanupFailed(TaskImpl task, Throwable error) {
    synchronized (this) {
      if (failure != null) {
        failure.addSuppressed(error);
        return;
      }
    }
    core.logUncaught("closing a resource of wire '" + task.path() + "' failed", error);
  }

  /** Records a fail-fast failure: the first cancels the scope, later ones are suppressed. */
  void fail(Throwable error) {
    boolean first;
    synchronized (this) {
      first = failure == null;
      if (first) {
        failure = error;
      } else if (failure != error) {
        failure.addSuppressed(error);
      }
    }
    if (first) {
      cancel();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scope

  @Override
  public Task start(Wire wire) {
    return core.startIn(this, Checks.notNull(wire, "wire"), null, false, null);
  }

  @Override
  public Task start(Wire wire, WireErrorHandler handler) {
    return core.startIn(this, Checks.notNull(wire, "wire"), Checks.notNull(handler, "handler"), false, null);
  }

  @Override
  public Task startDaemon(Wire wire) {
    return core.startIn(this, Checks.notNull(wire, "wire"), null, true, null);
  }

  @Override
  public <R extends AutoCloseable> R bind(R resource) {
    Checks.notNull(resource, "resource");
    synchronized (this) {
      if (!ended) {
        if (resources == null) {
          resources = new ArrayList<>(2);
        }
        resources.add(resource);
        return resource;
      }
    }
    try {
      resource.close();
    } catch (Exception e) {
      core.logUncaught("closing a resource bound to ended scope '" + describe() + "' failed", e);
    }
    throw new IllegalStateException("scope '" + describe() + "' has ended: the resource was closed at once");
  }

  @Override
  public void close() {
    if (!openedByCode) {
      throw new IllegalStateException(
          "scope '" + describe() + "' was opened by a wire (or is the root): it ends by itself; close() is"
              + " for scopes from EventLoop.openScope");
    }
    if (core.isLoopThread()) {
      throw new IllegalStateException(
          "close() of scope '" + describe() + "' on a loop thread would wait for itself: open scopes from"
              + " wires with Wire.scope(...)");
    }
    seal();
    core.awaitScope(this);
    Throwable f = failure();
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    }
    if (f instanceof Error) {
      throw (Error) f;
    }
    if (f != null) {
      throw new WireException(path, "scope '" + describe() + "' failed: " + f, f);
    }
  }

  @Override
  public String name() {
    return options.name();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Scope parent() {
    return parent;
  }

  @Override
  public ScopeOptions options() {
    return options;
  }

  @Override
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  @Override
  public boolean isDone() {
    return finished;
  }

  @Override
  public synchronized boolean timedOut() {
    return timedOut;
  }

  @Override
  public synchronized Throwable failure() {
    return failure;
  }

  @Override
  public List<Object> results() {
    List<TaskImpl> tasks;
    synchronized (this) {
      if (resultTasks == null) {
        throw new IllegalStateException(
            "scope '" + describe() + "' does not collect results: open it with ScopeOptions...collectResults()");
      }
      tasks = new ArrayList<>(resultTasks);
    }
    List<Object> values = new ArrayList<>(tasks.size());
    for (TaskImpl t : tasks) {
      values.add(t.result());
    }
    return Collections.unmodifiableList(values);
  }

  @Override
  public synchronized Statistics statistics() {
    return new Statistics(memberCount, queuedCount, started, children.size());
  }

  /** Whether the root's work is done (no live task, no open nested scope). */
  synchronized boolean isQuiescent() {
    return live == 0 && codeChildren == 0;
  }

  synchronized List<ScopeImpl> childrenSnapshot() {
    return new ArrayList<>(children);
  }

  synchronized List<TaskImpl> membersSnapshot() {
    return snapshotMembers();
  }

  String describe() {
    return root ? "(root)" : path;
  }

  private void checkNotEnded(String what) {
    if (ended) {
      throw new IllegalStateException("cannot " + what + " scope '" + describe() + "': it has ended");
    }
    if (core.isClosed() && root) {
      throw new LoopClosedException("event loop '" + core.name + "' is closed");
    }
  }

  @Override
  public String toString() {
    return "Scope[" + describe() + ", " + statistics() + (ended ? ", ended" : "") + "]";
  }
}
