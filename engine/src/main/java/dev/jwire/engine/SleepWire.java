package dev.jwire.engine;

import dev.jwire.engine.internal.Checks;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** {@code Wire.sleep(d)}: the task itself waits in its loop thread's timers. */
final class SleepWire extends StepWire {
  // only the length: a Duration made for the call need not outlive it (escape analysis)
  private final long nanos;

  SleepWire(Duration delay) {
    this.nanos = Checks.toNanosSaturated(delay);
  }

  /** {@inheritDoc} Fused into one wire: see {@link SleepThenWire}. */
  @Override
  public Wire then(Wire next) {
    return new SleepThenWire(nanos, Checks.notNull(next, "next"));
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.sleep(nanos);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.delay(Duration.ofNanos(nanos), ctx.scheduler()).then(Mono.empty());
  }

  @Override
  public String name() {
    return "sleep " + Duration.ofNanos(nanos);
  }

  @Override
  public String toString() {
    return "sleep(" + Duration.ofNanos(nanos) + ")";
  }
}
