package dev.jwire.wires;

import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import java.time.Duration;

/** {@link Wires#timeout}: a scope with a timeout; timing out becomes a {@link WireTimeoutException}. */
final class TimeLimit {
  private TimeLimit() {}

  static Wire of(Wire wire, Duration limit) {
    return Wire.defer(ctx -> {
      String path = ctx.path();
      return Wire.scope(
          ScopeOptions.defaults().named("timeout").timeout(limit),
          s -> s.start(wire),
          s -> {
            if (s.timedOut()) {
              throw new WireTimeoutException(path, limit); // fails the running wire in place
            }
            return null;
          });
    }).named("timeout");
  }
}
