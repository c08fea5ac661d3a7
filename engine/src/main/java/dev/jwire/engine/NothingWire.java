package dev.jwire.engine;

import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import reactor.core.publisher.Mono;

/** A wire that is done at once. */
final class NothingWire extends StepWire {
  static final NothingWire INSTANCE = new NothingWire();

  private NothingWire() {}

  @Override
  public Wire step(TaskImpl task) {
    return null;
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.empty();
  }

  @Override
  public String name() {
    return "nothing";
  }
}
