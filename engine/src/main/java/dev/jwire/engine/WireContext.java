package dev.jwire.engine;

import reactor.core.scheduler.Scheduler;

/**
 * What a running wire can reach: its task, its loop, and the means to start more wires.
 *
 * <p><b>Threading.</b> A context belongs to one task and is meant to be used from that task's
 * steps, on its loop thread. {@link #start} may be called from any thread.
 */
public interface WireContext {

  /** @return the loop this task runs on */
  EventLoop loop();

  /** @return the task running this wire */
  Task task();

  /**
   * Starts {@code wire} as a new task beside this one: same scope, same loop thread. It runs
   * after the current step returns, never inside it.
   *
   * @param wire the wire to start
   * @return the new task
   */
  Task start(Wire wire);

  /**
   * Starts {@code wire} as a new task with its own error handler; see {@link #start(Wire)}.
   *
   * @param wire the wire to start
   * @param handler receives the task's error, at most once
   * @return the new task
   */
  Task start(Wire wire, WireErrorHandler handler);

  /**
   * Starts {@code wire} as a daemon task beside this one: it does not keep the scope open and is
   * cancelled when the scope's other work is done (ayo's {@code dont_hold_exit}).
   *
   * @param wire the wire to start
   * @return the new task
   */
  Task startDaemon(Wire wire);

  /** @return the scope this task belongs to */
  Scope scope();

  /**
   * Binds {@code resource} to this task: it is closed once, in reverse order of binding, when
   * the task ends, fails or is cancelled (asyncframes' frame classes).
   *
   * @param resource the resource
   * @param <R> its type
   * @return {@code resource}
   */
  <R extends AutoCloseable> R bind(R resource);

  /**
   * Sets this task's result, which its scope collects in start order when asked to ({@link
   * ScopeOptions#collectResults()}).
   *
   * @param value the result; may be null
   */
  void setResult(Object value);

  /**
   * A Reactor {@link Scheduler} on this task's loop thread and clock: {@code
   * Mono.delay(d, ctx.scheduler())} waits in the loop's (possibly virtual) time and completes on
   * the task's own thread.
   *
   * @return the scheduler of this task's loop thread
   */
  Scheduler scheduler();

  /**
   * Where the task is now, for messages: task name, then the combinators it is inside, e.g. {@code
   * poll#3 > then[1] > repeat 2/4}.
   *
   * @return the current path of this task
   */
  String path();
}
