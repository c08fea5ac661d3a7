package dev.jwire.wires;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Scope;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.WireErrorHandler;
import reactor.core.scheduler.Scheduler;

/**
 * The context of a parallel wire's inner steps, which run on worker threads: the outer task's
 * thread-safe part, a {@link PoolScheduler}, and refusals for what belongs to the loop thread.
 * See {@link Blocking#parallel(Wire)} for the rules.
 */
final class ParallelContext implements WireContext {
  private final WireContext outer;
  private final String path;
  private final Scheduler scheduler;

  ParallelContext(WireContext outer, String path, Scheduler scheduler) {
    this.outer = outer;
    this.path = path;
    this.scheduler = scheduler;
  }

  @Override
  public EventLoop loop() {
    return outer.loop();
  }

  @Override
  public Task task() {
    return outer.task();
  }

  @Override
  public Task start(Wire wire) {
    return outer.start(wire);
  }

  @Override
  public Task start(Wire wire, WireErrorHandler handler) {
    return outer.start(wire, handler);
  }

  @Override
  public Task startDaemon(Wire wire) {
    return outer.startDaemon(wire);
  }

  @Override
  public Scope scope() {
    return outer.scope();
  }

  @Override
  public <R extends AutoCloseable> R bind(R resource) {
    throw loopThreadOnly("bind(resource)", "bind it before the parallel wire, on the loop thread");
  }

  @Override
  public void setResult(Object value) {
    throw loopThreadOnly("setResult(value)", "set it after the parallel wire, on the loop thread");
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public String path() {
    return path;
  }

  private UnsupportedOperationException loopThreadOnly(String what, String instead) {
    return new UnsupportedOperationException(
        what + " called from a step of a parallel wire (" + path + "), on worker thread '"
            + Thread.currentThread().getName() + "': it belongs to the task's loop thread; " + instead);
  }
}
