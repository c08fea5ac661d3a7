package dev.jwire.engine;

import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/** {@code Wire.suspend(suspender)}: see {@link Wire#suspend(Suspender)}. */
final class SuspendWire<T> extends StepWire {
  private final Suspender<T> suspender;

  SuspendWire(Suspender<T> suspender) {
    this.suspender = suspender;
  }

  @Override
  public Wire step(TaskImpl task) throws Throwable {
    return task.suspend(suspender);
  }

  /** The Reactor rendering, for code that runs the wire by hand: the same protocol on a sink. */
  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.<T>create(
            sink -> {
              SinkSuspension<T> s = new SinkSuspension<>(sink, suspender);
              sink.onCancel(s::cancel);
              try {
                suspender.suspend(ctx, s);
              } catch (Throwable t) {
                s.fail(t);
              }
            })
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty()) // resume(null) completes the sink empty
        .flatMap(v -> Mono.justOrEmpty(resumedQuietly(ctx, v.orElse(null))));
  }

  private Wire resumedQuietly(WireContext ctx, T value) {
    try {
      return suspender.resumed(ctx, value);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new WireException(name(), "wire '" + name() + "' failed on resuming: " + e, e);
    }
  }

  @Override
  public String name() {
    return suspender.name();
  }

  /** A suspension settled by one atomic phase, as on the loop. */
  private static final class SinkSuspension<T> extends AtomicInteger implements Suspension<T> {
    private final transient MonoSink<T> sink;
    private final transient Suspender<T> suspender;

    SinkSuspension(MonoSink<T> sink, Suspender<T> suspender) {
      this.sink = sink;
      this.suspender = suspender;
    }

    @Override
    public boolean resume(T value) {
      if (!compareAndSet(0, 1)) {
        return false;
      }
      sink.success(value);
      return true;
    }

    @Override
    public boolean fail(Throwable error) {
      if (!compareAndSet(0, 1)) {
        return false;
      }
      sink.error(error);
      return true;
    }

    @Override
    public boolean isPending() {
      return get() == 0;
    }

    void cancel() {
      if (compareAndSet(0, 2)) {
        suspender.cancelled(this);
      }
    }
  }
}
