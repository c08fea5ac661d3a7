package dev.jwire.engine;

import dev.jwire.engine.internal.Frame;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import reactor.core.publisher.Mono;

/** {@code left.then(right)}: see {@link Wire#then(Wire)}. */
final class ThenWire extends StepWire {
  private final Wire left;
  private final Wire right;

  ThenWire(Wire left, Wire right) {
    this.left = left;
    this.right = right;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.descend(new ThenFrame(right), left);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.defer(() -> left.run(ctx)).doOnNext(ctx::start).then(Mono.defer(() -> right.run(ctx)));
  }

  @Override
  public String name() {
    return "then";
  }

  @Override
  public String toString() {
    return left + ".then(" + right + ")";
  }

  /** Waits for the left wire (starting its successor), then for the right one (passing its result on). */
  private static final class ThenFrame extends Frame {
    private final Wire right;
    private boolean inRight;

    ThenFrame(Wire right) {
      this.right = right;
    }

    @Override
    public Wire resume(TaskImpl task, Wire result) {
      if (inRight) {
        task.pop();
        return result;
      }
      if (result != null) {
        task.spawn(result);
      }
      inRight = true;
      return task.descend(right);
    }

    @Override
    public String describe() {
      return inRight ? "then[1]" : "then[0]";
    }
  }
}
