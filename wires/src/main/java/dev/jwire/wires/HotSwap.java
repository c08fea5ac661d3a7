package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Hot swapping (asyncoro's hot-swapping, Erlang's code upgrade): a registry of named state
 * machines whose code can be replaced while they run, without stopping them.
 *
 * <p>A swappable machine consults the registry at every transition. {@link #swap} publishes new
 * code at once, from any thread; each running instance finishes the step it is in under the old
 * code, then takes its next step under the new one, after an optional migration of its state
 * (Erlang's {@code code_change}). Instances that start later begin under the newest code.
 *
 * <pre>{@code
 * HotSwap swaps = HotSwap.create();
 *
 * // Any machine of wires: every successor is a transition.
 * Wire job = swaps.named("job", pollV1);
 * loop.start(job);
 * swaps.swap("job", pollV2);                       // its next state is pollV2
 *
 * // A machine over explicit state: code makes one step from the state; the step continues with
 * // next.with(newState), which is where the new code takes over (Erlang's ?MODULE:loop(State)).
 * HotSwap.Code<Integer> v1 = (count, next) ->
 *     Wire.sleep(ofSeconds(1)).then(Wire.sync(ctx -> next.with(count + 1)));
 * Wire counter = swaps.named("counter", 0, v1);
 * swaps.swap("counter", v2, (Integer count) -> new Stats(count, 0));   // v2 : Code<Stats>
 * }</pre>
 *
 * <p>One registry per application, or per loop, shared by whoever starts and upgrades machines;
 * names are unique within it. The same machine wire may run in many tasks at once: each instance
 * upgrades at its own next transition.
 *
 * <p><b>Threading.</b> {@link #swap} and the lookups may be called from any thread and never block
 * on a running step. Migrations and new code run on each instance's own task thread.
 *
 * <p><b>Errors.</b> An unknown name fails at once with {@link IllegalArgumentException}. A migration
 * that throws (or a state of the wrong type) fails the instance's step with a {@link
 * dev.jwire.engine.WireException} naming the machine and the versions, caused by the error: the
 * task's handler, or its supervisor, decides what happens next.
 *
 * <p><b>Cancellation.</b> A swap does not cancel anything. An instance waiting in a long step (a
 * sleep, a channel) upgrades when that step ends.
 */
public final class HotSwap {
  private final ConcurrentHashMap<String, SwapMachine.Slot> slots = new ConcurrentHashMap<>();

  private HotSwap() {}

  /** @return an empty registry */
  public static HotSwap create() {
    return new HotSwap();
  }

  /**
   * The code of a machine over explicit state: what one step does from a state.
   *
   * @param <S> the type of the machine's state
   */
  @FunctionalInterface
  public interface Code<S> {
    /**
     * Makes the wire of one step from {@code state}. To continue, that wire yields {@code
     * next.with(newState)} as its successor (or runs it as the last part of a sequence); to end the
     * machine, it yields nothing. Return null to end the machine at once.
     *
     * @param state the machine's state
     * @param next the continuation: the transition that consults the registry
     * @return the step, or null
     */
    Wire step(S state, Next<S> next);
  }

  /**
   * The continuation of a swappable machine: {@link #with} is the transition to the next step,
   * where newer code takes over. Immutable; may be used any number of times.
   *
   * @param <S> the type of the machine's state
   */
  public static final class Next<S> {
    private final SwapMachine.Slot slot;
    private final SwapMachine.Version version;

    Next(SwapMachine.Slot slot, SwapMachine.Version version) {
      this.slot = slot;
      this.version = version;
    }

    /**
     * @param state the machine's next state
     * @return the wire of the transition: when run, it upgrades to the newest code (migrating
     *     {@code state}) and runs that code's step
     */
    public Wire with(S state) {
      return new SwapMachine.Transition(slot, version, state);
    }

    /** @return the version of the code running this step: 0 as registered, then 1 per swap */
    public long version() {
      return version.number;
    }

    /** @return the machine's name */
    public String name() {
      return slot.name;
    }
  }

  /**
   * The code of a machine of plain wires: its state is a wire; a step runs it, and what it yields
   * is the next state. {@link #named(String, Wire)} registers a machine with this code; swap it in
   * with a migration to rewrite a plain machine's next state from the one it yielded:
   *
   * <pre>{@code
   * swaps.swap("job", HotSwap.plain(), (Wire old) -> old instanceof Polling p ? new PollingV2(p.count()) : old);
   * }</pre>
   *
   * @return the code of machines of plain wires
   */
  public static Code<Wire> plain() {
    return SwapMachine.PLAIN;
  }

  /**
   * Registers a machine of plain wires under {@code name}: {@code initial} runs, then whatever it
   * yields, and so on, as with any wire, except that every successor first consults the registry.
   *
   * @param name unique in this registry; not blank
   * @param initial the machine's first state
   * @return the machine, a wire to start (any number of times)
   * @throws IllegalArgumentException if the name is taken
   */
  public Wire named(String name, Wire initial) {
    Checks.notNull(initial, "initial");
    return register(name, SwapMachine.PLAIN).start(initial);
  }

  /**
   * Registers a machine over explicit state under {@code name}.
   *
   * @param name unique in this registry; not blank
   * @param initialState the state of the first step; may be null
   * @param code makes each step from the state
   * @param <S> the type of the state
   * @return the machine, a wire to start (any number of times)
   * @throws IllegalArgumentException if the name is taken
   */
  public <S> Wire named(String name, S initialState, Code<S> code) {
    Checks.notNull(code, "code");
    return register(name, code).start(initialState);
  }

  /**
   * Replaces the next state of machine {@code name} with {@code replacement}: each running instance
   * finishes its step, drops the successor it yielded and continues with {@code replacement} (then
   * with its successors, as a machine of plain wires). An instance that finishes instead stays
   * finished.
   *
   * @param name a registered name
   * @param replacement the next state
   * @return the new version number
   * @throws IllegalArgumentException if the name is not registered
   */
  public long swap(String name, Wire replacement) {
    Checks.notNull(replacement, "replacement");
    return slot(name).publish(SwapMachine.PLAIN, old -> replacement);
  }

  /**
   * Replaces the code of machine {@code name}, keeping its state as it is: each running instance
   * takes its next step under {@code code}. The state must be of the new code's type.
   *
   * @param name a registered name
   * @param code the new code
   * @param <S> the type of the state
   * @return the new version number
   * @throws IllegalArgumentException if the name is not registered
   */
  public <S> long swap(String name, Code<S> code) {
    Checks.notNull(code, "code");
    return slot(name).publish(code, null);
  }

  /**
   * Replaces the code of machine {@code name} and migrates its state (Erlang's {@code
   * code_change}): at its next transition each running instance passes its state through {@code
   * migrate}, on its own thread, then runs {@code code}'s step from the result. For a machine of
   * plain wires, the old state is the successor it yielded. Successive swaps apply in order: an
   * instance two versions behind migrates twice.
   *
   * @param name a registered name
   * @param code the new code
   * @param migrate maps the old state (of type {@code O}, checked when it runs) to the new
   * @param <O> the type of the old state
   * @param <S> the type of the new state
   * @return the new version number
   * @throws IllegalArgumentException if the name is not registered
   */
  public <O, S> long swap(String name, Code<S> code, Function<? super O, ? extends S> migrate) {
    Checks.notNull(code, "code");
    Checks.notNull(migrate, "migrate");
    return slot(name).publish(code, migrate);
  }

  /**
   * @param name a registered name
   * @return the machine's newest version: 0 as registered, then 1 per swap
   * @throws IllegalArgumentException if the name is not registered
   */
  public long version(String name) {
    return slot(name).latest.number;
  }

  /** @return the registered names, sorted */
  public Set<String> names() {
    return new TreeSet<>(slots.keySet());
  }

  private SwapMachine.Slot register(String name, Code<?> code) {
    Checks.notBlank(name, "name");
    SwapMachine.Slot fresh = new SwapMachine.Slot(name, code);
    SwapMachine.Slot had = slots.putIfAbsent(name, fresh);
    Checks.argument(had == null, "name : \"" + name + "\" (expected: not registered yet; registered: " + names() + ")");
    return fresh;
  }

  private SwapMachine.Slot slot(String name) {
    Checks.notNull(name, "name");
    SwapMachine.Slot s = slots.get(name);
    Checks.argument(s != null, "name : \"" + name + "\" (expected: a registered machine: " + names() + ")");
    return s;
  }
}
