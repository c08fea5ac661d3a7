package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * A wire that runs child wires and restarts them when they end (asyncoro's monitoring and
 * restarting, Erlang/OTP's supervisor): with backoff, a restart intensity limit past which it gives
 * up and fails (escalating to its own scope), and a record of every restart.
 *
 * <pre>{@code
 * Wire worker = Supervisor.supervise(fetchLoop, RestartPolicy.defaults());  // one child
 *
 * Supervisor pipeline = Supervisor.builder()
 *     .named("pipeline")
 *     .strategy(Supervisor.Strategy.REST_FOR_ONE)
 *     .policy(RestartPolicy.defaults().maxRestarts(3, Duration.ofSeconds(30)))
 *     .child("reader", reader)
 *     .child("parser", parser)
 *     .child("audit", audit, Restart.TEMPORARY)
 *     .onRestart(restartLog)
 *     .build();
 * loop.start(pipeline);
 * }</pre>
 *
 * <pre>
 *  start: children in order ──▶ a child ends ──▶ restart? (its {@link Restart} type)
 *      no ─▶ it stays ended; the supervisor is done when every child is
 *      yes ─▶ within the intensity? ── no ─▶ cancel all, fail with {@link RestartLimitException}
 *               yes ─▶ cancel the {@link Strategy strategy}'s siblings, wait for their end,
 *                      tell the listeners, start the group again after the {@link Backoff} delay
 * </pre>
 *
 * <p>Each run of the wire supervises afresh: its own children, restart counts and jitter
 * generator. Each child instance runs as a task in the supervisor's scope (named after the
 * supervisor), its wire inside a scope of its own (named after the child): "ended" means the child
 * and everything it started have ended, and a failure anywhere in it is the child's failure.
 * A child is restarted from its wire's first state; capture fresh state with {@link Wire#defer}.
 *
 * <p><b>Threading.</b> Children run on the supervisor's loop thread; restart decisions, listeners
 * and the log happen there too.
 *
 * <p><b>Cancellation.</b> Cancelling the supervisor's task cancels every child; nothing is restarted
 * once the supervisor is stopping.
 *
 * <p><b>Errors.</b> A child's failure is an outcome to act on, not an error of the supervisor. The
 * supervisor fails only by giving up ({@link RestartLimitException}, caused by the last failure).
 * A failure that is not restarted (a {@link Restart#TEMPORARY} child) is logged to the {@code
 * dev.jwire.wires.supervision} system logger, as is every restart (WARNING after a failure, with
 * the cause's stack trace at DEBUG; INFO otherwise) and giving up (ERROR).
 *
 * <p><b>Timing.</b> Backoff delays and the intensity window are on the loop's clock: tests run them
 * in virtual time, and {@link RestartPolicy#seed(long)} makes the jitter repeatable.
 */
public final class Supervisor extends StepWire {
  /** Which children restart together: Erlang/OTP's strategies. */
  public enum Strategy {
    /** Only the child that ended is restarted. */
    ONE_FOR_ONE,
    /** Every running child is cancelled and restarted with the one that ended. */
    ONE_FOR_ALL,
    /** The child that ended and the running children started after it are restarted. */
    REST_FOR_ONE
  }

  /** A child: its name, its wire, and its restart type. */
  record ChildSpec(String name, Wire wire, Restart restart) {}

  private final String name;
  private final Strategy strategy;
  private final RestartPolicy policy;
  private final List<ChildSpec> children;
  private final List<RestartListener> listeners;

  private Supervisor(
      String name, Strategy strategy, RestartPolicy policy, List<ChildSpec> children, List<RestartListener> listeners) {
    this.name = name;
    this.strategy = strategy;
    this.policy = policy;
    this.children = List.copyOf(children);
    this.listeners = List.copyOf(listeners);
  }

  /**
   * {@code child} under a one-for-one supervisor named {@code supervisor}, with {@code policy}.
   *
   * @param child the wire to run and restart; its {@linkplain Wire#name() name} names the child
   * @param policy restart type, backoff and intensity
   * @return the supervisor
   */
  public static Supervisor supervise(Wire child, RestartPolicy policy) {
    Checks.notNull(child, "child");
    return builder().policy(policy).child(child.name().replace('/', '_'), child).build();
  }

  /**
   * {@code child} under a one-for-one supervisor with {@link RestartPolicy#defaults()}.
   *
   * @param child the wire to run and restart
   * @return the supervisor
   */
  public static Supervisor supervise(Wire child) {
    return supervise(child, RestartPolicy.defaults());
  }

  /** @return a builder for a supervisor of several children */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** @return which children restart together */
  public Strategy strategy() {
    return strategy;
  }

  /** @return the restart policy */
  public RestartPolicy policy() {
    return policy;
  }

  /** @return the children's names, in start order */
  public List<String> children() {
    return children.stream().map(ChildSpec::name).toList();
  }

  List<ChildSpec> childSpecs() {
    return children;
  }

  List<RestartListener> listeners() {
    return listeners;
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.descend(new SupervisorRun(this, task).wire());
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return new SupervisorRun(this, ctx).wire().run(ctx);
  }

  @Override
  public String toString() {
    return "Supervisor[" + name + ", " + strategy + ", " + children() + ", " + policy + "]";
  }

  /** Builds a {@link Supervisor}. Not thread-safe; {@link #build()} may be called more than once. */
  public static final class Builder {
    private String name = "supervisor";
    private Strategy strategy = Strategy.ONE_FOR_ONE;
    private RestartPolicy policy = RestartPolicy.defaults();
    private final List<ChildSpec> children = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final List<RestartListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * @param supervisorName the supervisor's name, shown in paths, logs and restart events; not
     *     blank, no {@code /}; default {@code supervisor}
     * @return this builder
     */
    public Builder named(String supervisorName) {
      this.name = checkName(supervisorName, "name");
      return this;
    }

    /**
     * @param which which children restart together; default {@link Strategy#ONE_FOR_ONE}
     * @return this builder
     */
    public Builder strategy(Strategy which) {
      this.strategy = Checks.notNull(which, "strategy");
      return this;
    }

    /**
     * @param restartPolicy restart type (for children that set none), backoff and intensity;
     *     default {@link RestartPolicy#defaults()}
     * @return this builder
     */
    public Builder policy(RestartPolicy restartPolicy) {
      this.policy = Checks.notNull(restartPolicy, "policy");
      return this;
    }

    /**
     * Adds a child with the policy's restart type. Children start in the order they are added.
     *
     * @param childName unique among the children; not blank, no {@code /}
     * @param wire the child's first state
     * @return this builder
     */
    public Builder child(String childName, Wire wire) {
      return addChild(childName, wire, null);
    }

    /**
     * Adds a child with its own restart type.
     *
     * @param childName unique among the children; not blank, no {@code /}
     * @param wire the child's first state
     * @param restart when the child is restarted
     * @return this builder
     */
    public Builder child(String childName, Wire wire, Restart restart) {
      return addChild(childName, wire, Checks.notNull(restart, "restart"));
    }

    /**
     * @param listener told of every restart; may be called more than once to add several
     * @return this builder
     */
    public Builder onRestart(RestartListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /**
     * @return the supervisor
     * @throws IllegalArgumentException if no child was added
     */
    public Supervisor build() {
      Checks.argument(!children.isEmpty(), "children : [] (expected: at least one child)");
      List<ChildSpec> specs = new ArrayList<>(children.size());
      for (ChildSpec c : children) {
        specs.add(c.restart() != null ? c : new ChildSpec(c.name(), c.wire(), policy.restart()));
      }
      return new Supervisor(name, strategy, policy, specs, listeners);
    }

    private Builder addChild(String childName, Wire wire, Restart restart) {
      checkName(childName, "childName");
      Checks.notNull(wire, "wire");
      Checks.argument(
          names.add(childName), "childName : \"" + childName + "\" (expected: unique, already " + names + ")");
      children.add(new ChildSpec(childName, wire, restart));
      return this;
    }

    private static String checkName(String value, String what) {
      Checks.argument(
          value != null && !value.isBlank() && value.indexOf('/') < 0,
          what + " : " + Checks.quote(value) + " (expected: not blank, without '/')");
      return value;
    }
  }
}
