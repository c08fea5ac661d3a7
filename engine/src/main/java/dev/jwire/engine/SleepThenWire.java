package dev.jwire.engine;

import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * {@code Wire.sleep(d).then(next)}, fused into one wire: the shape of most timer loops. The task
 * sleeps with {@code next} already as its wire and no frame ({@link TaskImpl#sleepThen}), and a
 * loop that yields {@code sleep(d).then(state)} on every wake-up allocates this one object (the
 * {@code SleepWire} it replaces does not escape {@code then}).
 */
final class SleepThenWire extends StepWire {
  private final long nanos;
  private final Wire next;

  SleepThenWire(long nanos, Wire next) {
    this.nanos = nanos;
    this.next = next;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.sleepThen(nanos, next);
  }

  @Override
  public boolean placesNextWire() {
    return true;
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.delay(Duration.ofNanos(nanos), ctx.scheduler()).then(Mono.defer(() -> next.run(ctx)));
  }

  @Override
  public String name() {
    return "then";
  }

  @Override
  public String toString() {
    return "sleep(" + Duration.ofNanos(nanos) + ").then(" + next + ")";
  }
}
