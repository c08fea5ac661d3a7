package dev.jwire.engine.internal;

import dev.jwire.engine.Scope;
import dev.jwire.engine.Wire;
import java.util.function.Function;

/**
 * A task waiting for a nested scope to end. Cancelling the task cancels the scope, and the task
 * keeps waiting until the scope has ended: nothing outlives the scope that started it.
 */
final class ScopeWait extends PendingWait {
  private final ScopeImpl scope;
  private final Function<? super Scope, ? extends Wire> after;

  ScopeWait(TaskImpl task, ScopeImpl scope, Function<? super Scope, ? extends Wire> after) {
    super(task);
    this.scope = scope;
    this.after = after;
    this.internal = true;
  }

  void scopeEnded() {
    task.worker.execute(this);
  }

  @Override
  boolean cancelWait() {
    scope.cancel();
    return false;
  }

  @Override
  public void runJob() {
    Throwable f = scope.failure();
    if (task.cancelRequested()) {
      value = null; // the task ends cancelled: nothing to compute
    } else if (f != null) {
      error = f;
    } else {
      try {
        value = after.apply(scope);
      } catch (Throwable t) {
        error = t;
      }
    }
    task.complete(this);
  }
}
