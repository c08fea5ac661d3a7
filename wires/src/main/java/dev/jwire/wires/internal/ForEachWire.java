package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Frame;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import reactor.core.publisher.Mono;

/**
 * {@code channel.forEach(action)}: receives again and again <em>in place</em>, under a frame of its
 * own, so that {@code forEach(action).then(next)} runs {@code next} once the channel has ended (a
 * wire that yielded itself as its successor would have {@code next} run beside it instead). Each
 * message is one step of the task: the loop shares the thread fairly.
 */
final class ForEachWire extends StepWire {
  /** The round's result when it handled a message: receive again. */
  static final Wire AGAIN = Wire.nothing().named("again");
  /** The round's result at the end of the channel. */
  static final Wire ENDED = Wire.nothing().named("ended");

  private final ReceiveWire<?> round;

  ForEachWire(ReceiveWire<?> round) {
    this.round = round;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.descend(new LoopFrame(), round);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.defer(() -> round.run(ctx))
        .repeat()
        .takeUntil(w -> w != AGAIN)
        .then(Mono.empty());
  }

  @Override
  public String name() {
    return "forEach";
  }

  private final class LoopFrame extends Frame {
    @Override
    public Wire resume(TaskImpl task, Wire result) {
      if (result == AGAIN) {
        return task.descend(round);
      }
      task.pop();
      return null;
    }

    @Override
    public String describe() {
      return round.name();
    }
  }
}
