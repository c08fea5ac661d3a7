package dev.jwire.engine;

import dev.jwire.engine.internal.Checks;
import dev.jwire.engine.internal.Frame;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import reactor.core.publisher.Mono;

/** {@code wire.named(name)}: runs {@code wire}; its name shows in task names and paths. */
final class NamedWire extends StepWire {
  private final String name;
  private final Wire wire;

  NamedWire(String name, Wire wire) {
    Checks.argument(name != null && !name.isBlank(), "name : " + name + " (expected: not blank)");
    this.name = name;
    this.wire = wire;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.isAtRoot(this) ? task.descend(wire) : task.descend(new NameFrame(name), wire);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return wire.run(ctx);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Wire named(String newName) {
    return new NamedWire(newName, wire);
  }

  @Override
  public String toString() {
    return name;
  }

  /** Marks the path while the named wire's step runs; passes its result on. */
  private static final class NameFrame extends Frame {
    private final String name;

    NameFrame(String name) {
      this.name = name;
    }

    @Override
    public Wire resume(TaskImpl task, Wire result) {
      task.pop();
      return result;
    }

    @Override
    public String describe() {
      return name;
    }
  }
}
