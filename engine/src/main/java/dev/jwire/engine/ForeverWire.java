package dev.jwire.engine;

import dev.jwire.engine.internal.Frame;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import reactor.core.publisher.Mono;

/**
 * {@code wire.forever()}: see {@link Wire#forever()}. One frame for the whole endless run, so it
 * uses constant memory however long it runs.
 */
final class ForeverWire extends StepWire {
  private final Wire wire;

  ForeverWire(Wire wire) {
    this.wire = wire;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.descend(new ForeverFrame(wire), wire);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.defer(() -> wire.run(ctx)).doOnNext(ctx::start).repeat().then(Mono.empty());
  }

  @Override
  public String name() {
    return "forever";
  }

  @Override
  public String toString() {
    return wire + ".forever()";
  }

  /** Starts each run's successor and runs the wire again. */
  private static final class ForeverFrame extends Frame {
    private final Wire wire;
    private long round = 1;

    ForeverFrame(Wire wire) {
      this.wire = wire;
    }

    @Override
    public Wire resume(TaskImpl task, Wire result) {
      if (result != null) {
        task.spawn(result);
      }
      round++;
      return task.descend(wire);
    }

    @Override
    public String describe() {
      return "forever #" + round;
    }
  }
}
