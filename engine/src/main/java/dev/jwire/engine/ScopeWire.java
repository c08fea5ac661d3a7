package dev.jwire.engine;

import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** {@code Wire.scope(options, body, after)}: see {@link Wire#scope(ScopeOptions, Consumer, Function)}. */
final class ScopeWire extends StepWire {
  private final ScopeOptions options;
  private final Consumer<? super Scope> body;
  private final Function<? super Scope, ? extends Wire> after;

  ScopeWire(ScopeOptions options, Consumer<? super Scope> body, Function<? super Scope, ? extends Wire> after) {
    this.options = options;
    this.body = body;
    this.after = after;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.runScope(options, body, after);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    // the Reactor rendering: run as a one-step task of its own and wait for it on the loop
    return Mono.create(
        sink -> {
          Task t =
              ctx.start(
                  this.then(Wire.call(() -> sink.success())),
                  (c, e) -> sink.error(e));
          sink.onCancel(t::cancel);
        });
  }

  @Override
  public String name() {
    return "scope " + options.name();
  }
}
