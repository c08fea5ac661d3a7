package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.WireException;
import dev.jwire.engine.internal.Frame;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The machinery of {@link HotSwap}.
 *
 * <h2>How it works</h2>
 *
 * <p>A machine's {@link Slot} holds a forward-linked chain of code {@link Version}s: a swap appends
 * one and moves {@code latest}. A running instance carries no mutable state: each of its
 * transitions is a {@link Transition} wire holding the version it was made under and the state it
 * carries. Running it walks the chain forward from that version, migrating the state through each
 * newer version in order, and then runs the newest code's step from the result. So a swap costs
 * the writer one append and each instance one volatile read per transition; an instance several
 * versions behind upgrades through all of them; versions no instance holds are garbage.
 *
 * <p>A machine of plain wires is the same thing with the wire as the state and {@link #PLAIN} as the
 * code: run the state wire under a {@link SuccessorFrame}, and turn whatever it yields into the
 * next transition. Frames and stack stay constant however many steps the machine runs.
 */
final class SwapMachine {
  private SwapMachine() {}

  /** The code of a machine of plain wires: run the state, make its successor the next transition. */
  static final HotSwap.Code<Wire> PLAIN = PlainStep::new;

  /** A registered machine: its name and its versions. */
  static final class Slot {
    final String name;
    private final Version root;
    volatile Version latest;

    Slot(String name, HotSwap.Code<?> code) {
      this.name = name;
      this.root = new Version(0, code, null);
      this.latest = root;
    }

    /** @return the machine's first transition, from the registered version */
    Wire start(Object initialState) {
      return new Transition(this, root, initialState);
    }

    /** Appends a version; any thread. */
    synchronized long publish(HotSwap.Code<?> code, Function<?, ?> migrate) {
      Version v = new Version(latest.number + 1, code, migrate);
      latest.next = v;
      latest = v;
      return v.number;
    }
  }

  /** One version of a machine's code, with the migration into it (null: the state is kept). */
  static final class Version {
    final long number;
    final HotSwap.Code<Object> code;
    final Function<Object, Object> migrate;
    volatile Version next;

    @SuppressWarnings("unchecked")
    Version(long number, HotSwap.Code<?> code, Function<?, ?> migrate) {
      this.number = number;
      this.code = (HotSwap.Code<Object>) code;
      this.migrate = (Function<Object, Object>) migrate;
    }
  }

  /** A transition of a machine: upgrade to the newest code, then run its step from the state. */
  static final class Transition extends StepWire {
    private final Slot slot;
    private final Version version;
    private final Object state;

    Transition(Slot slot, Version version, Object state) {
      this.slot = slot;
      this.version = version;
      this.state = state;
    }

    @Override
    public Wire step(TaskImpl task) {
      Wire w = build(task);
      if (w == null || w instanceof Transition) {
        return w; // a transition straight away is a step of its own: budget and cancellation apply
      }
      return task.descend(w);
    }

    @Override
    public Mono<Wire> run(WireContext ctx) {
      Wire w = build(ctx);
      return w == null ? Wire.done() : w instanceof Transition ? Wire.next(w) : w.run(ctx);
    }

    private Wire build(WireContext ctx) {
      Version v = version;
      Object s = state;
      for (Version n = v.next; n != null; n = n.next) {
        s = migrate(ctx, v, n, s);
        v = n;
      }
      try {
        return v.code.step(s, new HotSwap.Next<>(slot, v));
      } catch (ClassCastException e) {
        if (v == version) {
          throw e;
        }
        throw failure(ctx, v, "its code does not take the state " + describe(s), e);
      }
    }

    private Object migrate(WireContext ctx, Version from, Version to, Object s) {
      if (to.migrate == null) {
        return s;
      }
      try {
        return to.migrate.apply(s);
      } catch (RuntimeException e) {
        throw failure(ctx, to, "migrating the state " + describe(s) + " from version " + from.number + " failed", e);
      }
    }

    private WireException failure(WireContext ctx, Version to, String what, RuntimeException cause) {
      return new WireException(
          ctx.path(),
          "hot swap of machine '" + slot.name + "' to version " + to.number + ": " + what + ": " + cause
              + " (fix the code or its migration, and swap again)",
          cause);
    }

    private static String describe(Object s) {
      return s == null ? "null" : s.getClass().getName() + " " + s;
    }

    @Override
    public String name() {
      return slot.name;
    }

    @Override
    public String toString() {
      return "Transition[" + slot.name + " v" + version.number + "]";
    }
  }

  /** {@link #PLAIN}'s step: runs the state wire, makes its successor the next transition. */
  static final class PlainStep extends StepWire {
    private final Wire wire;
    private final HotSwap.Next<Wire> next;

    PlainStep(Wire wire, HotSwap.Next<Wire> next) {
      this.wire = wire;
      this.next = next;
    }

    @Override
    public Wire step(TaskImpl task) {
      return task.descend(new SuccessorFrame(next), wire);
    }

    @Override
    public Mono<Wire> run(WireContext ctx) {
      return wire.run(ctx).map(next::with);
    }

    @Override
    public String name() {
      return wire.name();
    }
  }

  /** Receives what a plain state yields and hands on the transition to it; marks the path with the version. */
  private static final class SuccessorFrame extends Frame {
    private final HotSwap.Next<Wire> next;

    SuccessorFrame(HotSwap.Next<Wire> next) {
      this.next = next;
    }

    @Override
    public Wire resume(TaskImpl task, Wire result) {
      task.pop();
      return result == null ? null : next.with(result);
    }

    @Override
    public String describe() {
      return "v" + next.version();
    }
  }
}
