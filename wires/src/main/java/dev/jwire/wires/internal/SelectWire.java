package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import dev.jwire.wires.SelectCase;
import reactor.core.publisher.Mono;

/** {@code Select.select(cases...)}: each run suspends on a fresh {@link SelectRun}. */
public final class SelectWire extends StepWire {
  private final SelectCase<?>[] cases;

  /** @param cases the cases, checked by the caller */
  public SelectWire(SelectCase<?>[] cases) {
    this.cases = cases;
  }

  @Override
  public Wire step(TaskImpl task) throws Throwable {
    return task.suspend(new SelectRun(cases));
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Wire.suspend(new SelectRun(cases)).run(ctx);
  }

  @Override
  public String name() {
    return "select";
  }
}
