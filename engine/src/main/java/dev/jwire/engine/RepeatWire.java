package dev.jwire.engine;

import dev.jwire.engine.internal.Frame;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import reactor.core.publisher.Mono;

/** {@code wire.times(n)} for {@code n >= 2}: see {@link Wire#times(int)}. */
final class RepeatWire extends StepWire {
  private final Wire wire;
  private final int times;

  RepeatWire(Wire wire, int times) {
    this.wire = wire;
    this.times = times;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.descend(new RepeatFrame(wire, times), wire);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return runFrom(ctx, 1);
  }

  private Mono<Wire> runFrom(WireContext ctx, int i) {
    Mono<Wire> once = Mono.defer(() -> wire.run(ctx));
    return i == times ? once : once.doOnNext(ctx::start).then(Mono.defer(() -> runFrom(ctx, i + 1)));
  }

  @Override
  public String name() {
    return "repeat";
  }

  @Override
  public String toString() {
    return wire + ".times(" + times + ")";
  }

  /** Counts repetitions: starts each one's successor, passes on the last one's. */
  private static final class RepeatFrame extends Frame {
    private final Wire wire;
    private final int times;
    private int current = 1;

    RepeatFrame(Wire wire, int times) {
      this.wire = wire;
      this.times = times;
    }

    @Override
    public Wire resume(TaskImpl task, Wire result) {
      if (current == times) {
        task.pop();
        return result;
      }
      if (result != null) {
        task.spawn(result);
      }
      current++;
      return task.descend(wire);
    }

    @Override
    public String describe() {
      return "repeat " + current + "/" + times;
    }
  }
}
