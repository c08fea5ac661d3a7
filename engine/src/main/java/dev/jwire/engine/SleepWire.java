package dev.jwire.engine;

import dev.jwire.engine.internal.Checks;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** {@code Wire.sleep(d)}: the task itself waits in its loop thread's timers. */
final class SleepWire extends StepWire {
  private final Duration delay;
  private final long nanos;

  SleepWire(Duration delay) {
    this.delay = delay;
    this.nanos = Checks.toNanosSaturated(delay);
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.sleep(nanos);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.delay(delay, ctx.scheduler()).then(Mono.empty());
  }

  @Override
  public String name() {
    return "sleep " + delay;
  }

  @Override
  public String toString() {
    return "sleep(" + delay + ")";
  }
}
