package dev.jwire.engine;

import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** {@code Wire.call(fn)}: see {@link Wire#call(Callable)}. */
final class CallWire extends StepWire {
  private final Callable<?> function;

  CallWire(Callable<?> function) {
    this.function = function;
  }

  @Override
  public Wire step(TaskImpl task) throws Throwable {
    Object result = function.call();
    Publisher<?> async = asPublisher(result);
    return async == null ? null : task.await(async, false);
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.fromCallable(function)
        .flatMap(
            r -> {
              Publisher<?> async = asPublisher(r);
              return async == null ? Mono.empty() : Mono.from(async).then();
            })
        .then(Mono.empty());
  }

  private static Publisher<?> asPublisher(Object result) {
    if (result instanceof Publisher) {
      return (Publisher<?>) result;
    }
    if (result instanceof CompletionStage) {
      return Mono.fromCompletionStage((CompletionStage<?>) result);
    }
    return null;
  }

  @Override
  public String name() {
    return "call";
  }
}
