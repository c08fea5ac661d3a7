package dev.jwire.wires;

import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** {@link Wires#orElse} and {@link Wires#recover}: runs the wire in a scope of its own and catches its failure. */
final class Fallback {
  private Fallback() {}

  static Wire of(Wire wire, Function<? super Throwable, ? extends Wire> fallback) {
    return Wire.defer(ctx -> {
      AtomicReference<Throwable> error = new AtomicReference<>();
      return Wire.scope(
          ScopeOptions.defaults().named("orElse").supervised(),
          s -> s.start(wire, (c, e) -> error.compareAndSet(null, e)),
          s -> error.get() == null ? null : fallback.apply(error.get()));
    }).named("orElse");
  }
}
