package dev.jwire.wires;

import dev.jwire.engine.Scope;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import java.util.List;

/**
 * {@link Wires#any} and {@link Wires#race}: a supervised scope in which each branch runs inside a
 * scope of its own, so that "finished" means the branch and all it started have ended. The first
 * decisive finish cancels the rest.
 */
final class FirstOf {
  private FirstOf() {}

  static Wire any(List<Wire> branches) {
    return of("any", branches, false);
  }

  static Wire race(List<Wire> branches) {
    return of("race", branches, true);
  }

  private static Wire of(String name, List<Wire> branches, boolean failureDecides) {
    return Wire.defer(ctx -> {
      Decision outcome = new Decision(branches.size());
      return Wire.scope(
          ScopeOptions.defaults().named(name).supervised(),
          s -> {
            for (Wire branch : branches) {
              Wire wrapped = Wire.scope(ScopeOptions.defaults().named("branch"), b -> b.start(branch), b -> {
                outcome.succeeded(s);
                return null;
              });
              s.start(wrapped, (c, e) -> outcome.failed(s, e, failureDecides));
            }
          },
          s -> outcome.result());
    }).named(name);
  }

  /** Who finished first; touched only from the tasks' own thread (one scope, one loop thread). */
  private static final class Decision {
    private int pending;
    private boolean decided;
    private Throwable failure;

    Decision(int branches) {
      this.pending = branches;
    }

    synchronized void succeeded(Scope scope) {
      pending--;
      if (!decided) {
        decided = true;
        failure = null;
        scope.cancel();
      }
    }

    synchronized void failed(Scope scope, Throwable error, boolean failureDecides) {
      pending--;
      if (decided) {
        return;
      }
      if (failure == null) {
        failure = error;
      } else {
        failure.addSuppressed(error);
      }
      if (failureDecides || pending == 0) {
        decided = true;
        scope.cancel();
      }
    }

    /** @return null (done), or throws the deciding failure so that it fails the wire in place */
    synchronized Wire result() {
      if (failure != null) {
        throw Rethrow.unchecked(failure);
      }
      return null;
    }
  }
}
