package dev.jwire.wires;

import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import java.util.List;

/** {@link Wires#all}: a fail-fast scope with one task per branch. */
final class AllOf {
  private AllOf() {}

  static Wire of(List<Wire> branches) {
    return Wire.scope(ScopeOptions.defaults().named("all"), s -> branches.forEach(s::start));
  }
}
