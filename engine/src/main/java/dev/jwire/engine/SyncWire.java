package dev.jwire.engine;

import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** {@code Wire.sync(step)}: a synchronous state with no {@code Mono} per step. */
final class SyncWire extends StepWire {
  private final Function<? super WireContext, ? extends Wire> step;

  SyncWire(Function<? super WireContext, ? extends Wire> step) {
    this.step = step;
  }

  @Override
  public Wire step(TaskImpl task) {
    return step.apply(task);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.fromSupplier(() -> step.apply(ctx));
  }
}
