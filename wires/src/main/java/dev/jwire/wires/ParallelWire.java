package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import reactor.core.publisher.Mono;

/**
 * {@code Blocking.parallel(wire)}: see {@link Blocking#parallel(Wire)}. Each run drives the inner
 * machine with a {@link ParallelRun}; the outer task waits for it without holding its loop thread.
 */
final class ParallelWire implements Wire {
  private final ExecutorRef executor;
  private final Wire wire;

  ParallelWire(ExecutorRef executor, Wire wire) {
    this.executor = executor;
    this.wire = wire;
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.create(sink -> new ParallelRun(wire, ctx, executor, sink).start());
  }

  @Override
  public String name() {
    return "parallel";
  }

  @Override
  public String toString() {
    return "parallel(" + wire + " on " + executor + ")";
  }
}
