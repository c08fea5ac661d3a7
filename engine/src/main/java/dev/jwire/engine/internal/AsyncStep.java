package dev.jwire.engine.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Subscribes a waiting task to an asynchronous result and hops the result back to the task's
 * own thread.
 *
 * <p>Who wins is settled by one compare-and-set on {@link #phase}: if the source terminates while
 * the runner is still subscribing, the runner takes the result synchronously and nothing is
 * queued; otherwise the terminal signal queues this object as a job on the task's worker, whatever
 * thread it arrives on. Exactly one of the two happens.
 */
final class AsyncStep extends PendingWait implements CoreSubscriber<Object> {
  private static final int SUBSCRIBING = 0;
  private static final int WAITING = 1;
  private static final int TERMINATED = 2;
  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(AsyncStep.class, "phase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final boolean keepValue;
  @SuppressWarnings("unused") // accessed through PHASE
  private volatile int phase;
  private volatile Subscription subscription;
  private volatile boolean cancelled;
  private boolean done;

  AsyncStep(TaskImpl task, boolean keepValue) {
    super(task);
    this.keepValue = keepValue;
  }

  @Override
  public void onSubscribe(Subscription s) {
    if (Operators.validate(subscription, s)) {
      subscription = s;
      if (cancelled) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }
  }

  @Override
  public void onNext(Object v) {
    if (done) {
      Operators.onNextDropped(v, currentContext());
      return;
    }
    if (keepValue && value == null) {
      value = v;
    }
  }

  @Override
  public void onError(Throwable t) {
    if (done) {
      Operators.onErrorDropped(t, currentContext());
      return;
    }
    error = t;
    terminate();
  }

  @Override
  public void onComplete() {
    if (!done) {
      terminate();
    }
  }

  private void terminate() {
    done = true;
    if (!PHASE.compareAndSet(this, SUBSCRIBING, TERMINATED)) {
      phase = TERMINATED;
      task.worker.execute(this);
    }
  }

  /** Called by the runner after subscribing: true if the task must wait, false if already done. */
  boolean suspend() {
    return PHASE.compareAndSet(this, SUBSCRIBING, WAITING);
  }

  @Override
  boolean cancelWait() {
    cancelled = true;
    Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    return true;
  }

  @Override
  public Context currentContext() {
    return Context.empty();
  }
}
