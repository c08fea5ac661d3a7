package dev.jwire.engine;

import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** {@code Wire.defer(build)}: see {@link Wire#defer(Function)}. */
final class DeferWire extends StepWire {
  private final Function<? super WireContext, ? extends Wire> build;

  DeferWire(Function<? super WireContext, ? extends Wire> build) {
    this.build = build;
  }

  private Wire built(WireContext ctx) {
    Wire w = build.apply(ctx);
    if (w == null) {
      throw new IllegalStateException("Wire.defer(build): build returned null (expected: a wire; use Wire.nothing())");
    }
    return w;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.descend(built(task));
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.defer(() -> built(ctx).run(ctx));
  }

  @Override
  public String name() {
    return "defer";
  }
}
