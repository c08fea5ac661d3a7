package dev.jwire.wires;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.internal.MailboxImpl;
import java.time.Duration;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * A state machine driven by its task's {@link Mailbox} (Erlang's {@code gen_statem}, with Akka's
 * stash): each message goes to the current {@link State}, which answers with a {@link Transition}:
 * the next state, keep the state, <b>postpone</b> the message, or stop.
 *
 * <pre>{@code
 * State<Msg> connecting = event -> {
 *   if (event.isStateTimeout()) return Transition.next(failed);          // no answer in time
 *   if (event.message() instanceof Ack) return Transition.next(connected);
 *   return Transition.postpone();                                        // data: later, once connected
 * };
 * State<Msg> idle = event -> event.message() instanceof Connect
 *     ? Transition.next(connecting).withStateTimeout(Duration.ofSeconds(2))
 *     : Transition.keep();
 *
 * StateMachine<Msg> machine = StateMachine.builder(idle).name("conn")
 *     .mailbox(Mailbox.builder(Msg.class).capacity(64).name("conn")).build();
 * Task conn = machine.start(loop);                         // its mailbox is open when this returns
 * Mailboxes.trySend(conn, new Connect());                   // or Mailboxes.send("conn", ...) in a wire
 * }</pre>
 *
 * <pre>
 *   step: enter event (after a state change, if asked for)
 *         └▶ else the oldest postponed message to replay
 *            └▶ else the state timeout, if it is due
 *               └▶ else wait: the next message, or the state timeout's timer
 * </pre>
 *
 * <p><b>Postponing.</b> A postponed message is kept aside; after the next <em>state change</em>
 * (a {@link Transition#next next} to a state that is not {@code equals} to the current one) every
 * postponed message is delivered again, in the order it first came, before any newer message. Keep
 * state (or {@code next} to an equal state) does not replay them.
 *
 * <p><b>State timeout.</b> {@link Transition#withStateTimeout} arms a timer on the loop's clock that
 * delivers a {@linkplain Event#isStateTimeout() state timeout event} to the state that armed it. It
 * is cancelled by any state change, and arming it again replaces it: a timeout never reaches a
 * state other than the one that armed it, even if the change happens at the very instant it is due
 * (the timer belongs to one wait of the machine; a change ends that wait, and the machine checks
 * the timer's generation before delivering). A timeout that becomes due while the machine is busy
 * is delivered before the next message it takes, so a flood of messages cannot starve it.
 *
 * <p><b>A wire.</b> The machine is a {@link Wire}: {@code loop.start(machine)}, a child of a {@link
 * Supervisor}, part of a {@link HotSwap} machine. Each run starts at the initial state, on the
 * task's mailbox if it has one, else on a new one {@linkplain Builder#mailbox built} for it, which
 * closes when the machine stops. Each event is one step of the task: cancellation takes effect
 * between events. To continue in the same task after the machine stops, use {@link
 * Builder#andThen}, not {@code machine.then(next)}.
 *
 * <p><b>Nothing is lost.</b> When the machine stops, its postponed messages go back to the head of
 * the mailbox, in order; when the mailbox closes (the machine stops on its own mailbox, or the task
 * ends, is cancelled or fails), they and the mailbox's messages go to its undelivered hook.
 *
 * <p><b>Threading.</b> States run on the machine's task thread, one event at a time: they need no
 * locks. Messages may be sent from anywhere.
 *
 * <p><b>Errors.</b> What a state throws fails the machine's task, unwrapped. A state that answers
 * null, postpones a timeout or enter event, or answers an enter event with {@code next} fails it
 * with an {@link IllegalStateException} naming the state and the event.
 *
 * @param <M> the type of the messages
 */
public final class StateMachine<M> implements Wire {
  private final String name;
  private final State<M> initial;
  private final MailboxImpl.Config<M> mailbox;
  private final boolean enterEvents;
  private final Consumer<? super State<M>> onTerminate;
  private final Wire andThen;
  private final Wire entry;

  private StateMachine(Builder<M> b) {
    this.initial = b.initial;
    this.mailbox = b.mailbox.config();
    this.name = b.name != null ? b.name : mailbox.name() != null ? mailbox.name() : "state-machine";
    this.enterEvents = b.enterEvents;
    this.onTerminate = b.onTerminate;
    this.andThen = b.andThen;
    this.entry = Wire.sync(ctx -> StateMachineRun.begin(this, ctx, null));
  }

  /**
   * @param initial the state the machine starts in
   * @param <M> the type of the messages
   * @return a builder
   */
  public static <M> Builder<M> builder(State<M> initial) {
    return new Builder<>(Checks.notNull(initial, "initial"));
  }

  /**
   * Runs the machine in the running task, on the task's mailbox if it has one, else on a new one.
   *
   * @param ctx the running task
   * @return the first step, asynchronously
   */
  @Override
  public Mono<Wire> run(WireContext ctx) {
    return entry.run(ctx);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Starts the machine as a task of {@code loop} whose mailbox is open, and registered if it has a
   * name, when this returns: messages may be sent to it at once.
   *
   * @param loop the loop
   * @return the machine's task
   * @throws IllegalArgumentException if the mailbox's name is taken in the loop
   */
  public Task start(EventLoop loop) {
    Checks.notNull(loop, "loop");
    return MailboxImpl.start(mailbox, loop, loop::start, this::runOn, name);
  }

  /**
   * Like {@link #start(EventLoop)}, as a task beside the running one ({@code ctx.start}).
   *
   * @param ctx the running task
   * @return the machine's task
   */
  public Task start(WireContext ctx) {
    Checks.notNull(ctx, "ctx");
    return MailboxImpl.start(mailbox, ctx.loop(), ctx::start, this::runOn, name);
  }

  private Wire runOn(Mailbox<M> box) {
    return Wire.sync(ctx -> StateMachineRun.begin(this, ctx, (MailboxImpl<M>) box));
  }

  State<M> initial() {
    return initial;
  }

  MailboxImpl.Config<M> mailboxConfig() {
    return mailbox;
  }

  boolean enterEvents() {
    return enterEvents;
  }

  Consumer<? super State<M>> onTerminate() {
    return onTerminate;
  }

  Wire andThen() {
    return andThen;
  }

  @Override
  public String toString() {
    return "StateMachine[" + name + ", initial " + initial + "]";
  }

  /**
   * One state: how the machine handles an event while in it. Usually a record (its fields are the
   * state's data) or a constant; the machine tells a change of state with {@code equals}.
   *
   * @param <M> the type of the messages
   */
  @FunctionalInterface
  public interface State<M> {
    /**
     * Handles one event; on the machine's task thread.
     *
     * @param event a message, a state timeout, or an enter event
     * @return what to do next; never null
     * @throws Exception to fail the machine's task
     */
    Transition<M> handle(Event<M> event) throws Exception;
  }

  /**
   * What a {@link State} is given: a message, the state's timeout, or its entry.
   *
   * @param <M> the type of the messages
   */
  public static final class Event<M> {
    /** The kinds of events. */
    public enum Kind {
      /** A message from the mailbox, or a postponed one delivered again. */
      MESSAGE,
      /** The state's timeout passed (see {@link Transition#withStateTimeout}). */
      STATE_TIMEOUT,
      /** The machine entered this state (only with {@link Builder#enterEvents()}). */
      ENTER
    }

    private final Kind kind;
    private final M message;
    private final WireContext context;

    Event(Kind kind, M message, WireContext context) {
      this.kind = kind;
      this.message = message;
      this.context = context;
    }

    /** @return the kind of event */
    public Kind kind() {
      return kind;
    }

    /** @return the message, or null unless this is a message event */
    public M message() {
      return message;
    }

    /** @return whether this is a message */
    public boolean isMessage() {
      return kind == Kind.MESSAGE;
    }

    /** @return whether this is the state's timeout */
    public boolean isStateTimeout() {
      return kind == Kind.STATE_TIMEOUT;
    }

    /** @return whether this is the entry into the state */
    public boolean isEnter() {
      return kind == Kind.ENTER;
    }

    /** @return the machine's task context: its loop, its clock, {@code start} for side tasks */
    public WireContext context() {
      return context;
    }

    @Override
    public String toString() {
      return kind == Kind.MESSAGE ? "message " + message : kind == Kind.ENTER ? "enter" : "state timeout";
    }
  }

  /**
   * A state's answer to an event. Immutable.
   *
   * @param <M> the type of the messages
   */
  public static final class Transition<M> {
    enum Kind { NEXT, KEEP, POSTPONE, STOP }

    private static final Transition<?> KEEP = new Transition<>(Kind.KEEP, null, null);
    private static final Transition<?> POSTPONE = new Transition<>(Kind.POSTPONE, null, null);
    private static final Transition<?> STOP = new Transition<>(Kind.STOP, null, null);

    final Kind kind;
    final State<M> target;
    final Duration stateTimeout;

    private Transition(Kind kind, State<M> target, Duration stateTimeout) {
      this.kind = kind;
      this.target = target;
      this.stateTimeout = stateTimeout;
    }

    /**
     * Go to {@code state}. If it is not {@code equals} to the current state, this is a state change:
     * the state timeout is cancelled and the postponed messages are delivered again.
     *
     * @param state the next state
     * @param <M> the type of the messages
     * @return the transition
     */
    public static <M> Transition<M> next(State<M> state) {
      return new Transition<>(Kind.NEXT, Checks.notNull(state, "state"), null);
    }

    /**
     * Stay in the current state: no replay, and a running state timeout keeps running.
     *
     * @param <M> the type of the messages
     * @return the transition
     */
    @SuppressWarnings("unchecked")
    public static <M> Transition<M> keep() {
      return (Transition<M>) KEEP;
    }

    /**
     * Stay in the current state and set this message aside until the next state change (Erlang's
     * {@code postpone}, Akka's {@code stash}). Only messages can be postponed.
     *
     * @param <M> the type of the messages
     * @return the transition
     */
    @SuppressWarnings("unchecked")
    public static <M> Transition<M> postpone() {
      return (Transition<M>) POSTPONE;
    }

    /**
     * Stop the machine: its wire is done; postponed messages go back to the mailbox.
     *
     * @param <M> the type of the messages
     * @return the transition
     */
    @SuppressWarnings("unchecked")
    public static <M> Transition<M> stop() {
      return (Transition<M>) STOP;
    }

    /**
     * This transition, arming the state timeout: after {@code after} on the loop's clock, the state
     * the machine is in after this transition gets a state timeout event, unless the state changes
     * first. Replaces a running state timeout. Zero: before the next message.
     *
     * @param after zero or more
     * @return the transition
     * @throws IllegalStateException on {@link #stop()}
     */
    public Transition<M> withStateTimeout(Duration after) {
      Checks.notNegative(after, "after");
      if (kind == Kind.STOP) {
        throw new IllegalStateException("stop() cannot set a state timeout: the machine is done");
      }
      return new Transition<>(kind, target, after);
    }

    @Override
    public String toString() {
      String base = kind == Kind.NEXT ? "next(" + target + ")" : kind.name().toLowerCase(java.util.Locale.ROOT) + "()";
      return stateTimeout == null ? base : base + ".withStateTimeout(" + stateTimeout + ")";
    }
  }

  /**
   * Builds a {@link StateMachine}.
   *
   * @param <M> the type of the messages
   */
  public static final class Builder<M> {
    private final State<M> initial;
    private String name;
    private Mailbox.Builder<M> mailbox = Mailbox.builder();
    private boolean enterEvents;
    private Consumer<? super State<M>> onTerminate;
    private Wire andThen;

    private Builder(State<M> initial) {
      this.initial = initial;
    }

    /**
     * @param name the machine's name in task names and paths; default: the mailbox's name, else
     *     {@code state-machine}
     * @return this builder
     */
    public Builder<M> name(String name) {
      this.name = Checks.notBlank(name, "name");
      return this;
    }

    /**
     * The mailbox the machine opens when its task has none: capacity, registered name, type,
     * undelivered hook. Default: {@code Mailbox.builder()} (bounded, 16 messages).
     *
     * @param mailbox the mailbox's builder; its settings are taken now
     * @return this builder
     */
    public Builder<M> mailbox(Mailbox.Builder<M> mailbox) {
      this.mailbox = Checks.notNull(mailbox, "mailbox");
      return this;
    }

    /**
     * Gives each state an {@linkplain Event#isEnter() enter event} when the machine enters it (and
     * the initial state when it starts), before any message: Erlang's state enter calls. An enter
     * event may be answered with {@code keep()} (with a state timeout, say) or {@code stop()}.
     *
     * @return this builder
     */
    public Builder<M> enterEvents() {
      this.enterEvents = true;
      return this;
    }

    /**
     * Called once when the machine ends, however: it stopped, or its task ended (done, failed,
     * cancelled); with the last state; on the task's thread. For cleanup; resources
     * can also be bound to the task with {@code event.context().bind(resource)}.
     *
     * @param hook receives the last state
     * @return this builder
     */
    public Builder<M> onTerminate(Consumer<? super State<M>> hook) {
      this.onTerminate = Checks.notNull(hook, "hook");
      return this;
    }

    /**
     * What the machine's task does once the machine stops: the machine's wire continues with {@code
     * next} (by default it is done). Unlike {@code machine.then(next)}, which runs {@code next}
     * after the machine's <em>first</em> step and the machine's later states in a task of their own
     * (aiowire's rule, which a mailbox's owner check refuses), this runs {@code next} in the same
     * task, after the last state: it may receive from the same mailbox, where the machine left
     * its postponed messages.
     *
     * @param next the successor of the machine
     * @return this builder
     */
    public Builder<M> andThen(Wire next) {
      this.andThen = Checks.notNull(next, "next");
      return this;
    }

    /** @return the machine: an immutable wire that may be started any number of times */
    public StateMachine<M> build() {
      return new StateMachine<>(this);
    }
  }
}
