package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.wires.StateMachine.Event;
import dev.jwire.wires.StateMachine.State;
import dev.jwire.wires.StateMachine.Transition;
import dev.jwire.wires.internal.MailboxImpl;
import dev.jwire.wires.internal.MailboxRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;

/**
 * One run of a {@link StateMachine}: the current state, the postponed messages, the state timeout.
 *
 * <h2>Design</h2>
 *
 * <p>Each event is one step of the task. {@link #step()} picks the next event in a fixed order
 * (enter, replayed postponed message, due state timeout) or returns the wait for one: the mailbox's
 * receive, or, while a state timeout is armed, a {@link Select} of the mailbox and a timer for the
 * time left. Handling an event returns {@link #next}, a synchronous wire that calls {@code step()}
 * again, so the engine trampolines the machine in constant stack.
 *
 * <p><b>No stale timeout.</b> The state timeout is data (a deadline and a generation), not a timer
 * that runs on its own: a timer exists only inside one wait, and is cancelled with the wait's
 * select when anything else wins it. Every state change or re-arming bumps the generation; the
 * timer's wire carries the generation it was made for and is dropped if it no longer matches. So a
 * timeout reaches only the state that armed it, whichever of a message and the timer comes first
 * at the same instant.
 *
 * <p><b>Postponed order.</b> {@code postponed} holds messages set aside since the last change;
 * {@code replay} those being delivered again. At a change, {@code postponed} goes in front of
 * {@code replay}: while a replay runs no new message is taken, so everything in {@code postponed}
 * came before everything left in {@code replay}, and the original order holds across any number of
 * changes in the middle of a replay.
 *
 * <p>All fields are confined to the task's thread.
 */
final class StateMachineRun<M> implements MailboxImpl.Holder<M> {
  private final StateMachine<M> machine;
  private final WireContext ctx;
  private final MailboxImpl<M> mailbox;
  private final boolean ownsMailbox;
  private final ArrayDeque<M> postponed = new ArrayDeque<>();
  private final ArrayDeque<M> replay = new ArrayDeque<>();
  private final Wire next = Wire.sync(c -> step());
  private final Function<M, Wire> onMessage;
  private final Wire receive;
  private State<M> state;
  private boolean enterPending;
  private boolean armed;
  private long armedAt;
  private long timeoutNanos;
  private long generation;
  private boolean ended;
  private Disposable endWatch;

  private StateMachineRun(StateMachine<M> machine, WireContext ctx, MailboxImpl<M> mailbox, boolean owns) {
    this.machine = machine;
    this.ctx = ctx;
    this.mailbox = mailbox;
    this.ownsMailbox = owns;
    this.onMessage = m -> handle(new Event<>(Event.Kind.MESSAGE, m, ctx));
    this.receive = mailbox.receive(onMessage);
  }

  /**
   * Starts a run in the running task.
   *
   * @param given the mailbox opened for the machine by {@code StateMachine.start}, or null to use
   *     the task's mailbox, or open one
   * @return the first step
   */
  @SuppressWarnings("unchecked")
  static <M> Wire begin(StateMachine<M> machine, WireContext ctx, MailboxImpl<M> given) {
    MailboxImpl<M> box = given;
    boolean owns = given != null;
    if (box == null) {
      box = (MailboxImpl<M>) MailboxRegistry.find(ctx.task());
      if (box == null) {
        box = MailboxImpl.open(machine.mailboxConfig(), ctx);
        owns = true;
      }
    }
    return new StateMachineRun<>(machine, ctx, box, owns).start();
  }

  private Wire start() {
    mailbox.hold(this);
    endWatch = ctx.task().onEnd(t -> terminated());
    state = machine.initial();
    enterPending = machine.enterEvents();
    return step();
  }

  /** The next event, or the wait for one. */
  private Wire step() {
    if (enterPending) {
      enterPending = false;
      return handle(new Event<>(Event.Kind.ENTER, null, ctx));
    }
    M m = replay.poll();
    if (m != null) {
      return handle(new Event<>(Event.Kind.MESSAGE, m, ctx));
    }
    if (!armed) {
      return receive;
    }
    long left = timeoutNanos - (ctx.loop().nanoTime() - armedAt);
    long gen = generation;
    if (left <= 0) {
      return timedOut(gen);
    }
    return Select.select(mailbox.onReceive(onMessage),
        Select.onTimeout(Duration.ofNanos(left), Wire.sync(c -> timedOut(gen))));
  }

  private Wire timedOut(long gen) {
    if (!armed || gen != generation) {
      return step(); // made for a state timeout that was cancelled or re-armed since: dropped
    }
    armed = false;
    return handle(new Event<>(Event.Kind.STATE_TIMEOUT, null, ctx));
  }

  private Wire handle(Event<M> event) {
    Transition<M> t;
    try {
      t = state.handle(event);
    } catch (Exception e) {
      throw Rethrow.unchecked(e);
    }
    if (t == null) {
      throw misuse(event, "returned null (expected: a Transition: next, keep, postpone or stop)");
    }
    return apply(t, event);
  }

  private Wire apply(Transition<M> t, Event<M> event) {
    switch (t.kind) {
      case STOP:
        stop();
        return machine.andThen();
      case POSTPONE:
        if (!event.isMessage()) {
          throw misuse(event, "postponed it: only messages can be postponed");
        }
        postponed.add(event.message());
        break;
      case NEXT:
        if (event.isEnter()) {
          throw misuse(event, "answered with " + t + ": an enter event may only keep the state (with a"
              + " state timeout, say) or stop");
        }
        if (!Objects.equals(t.target, state)) {
          change(t.target);
        }
        break;
      default:
        break;
    }
    if (t.stateTimeout != null) {
      arm(t.stateTimeout);
    }
    return next;
  }

  private void change(State<M> to) {
    state = to;
    armed = false;
    generation++;
    while (!postponed.isEmpty()) {
      replay.addFirst(postponed.pollLast());
    }
    enterPending = machine.enterEvents();
  }

  private void arm(Duration after) {
    armed = true;
    generation++;
    armedAt = ctx.loop().nanoTime();
    timeoutNanos = dev.jwire.engine.internal.Checks.toNanosSaturated(after);
  }

  private IllegalStateException misuse(Event<M> event, String what) {
    return new IllegalStateException("state machine '" + machine.name() + "': state " + state + " got " + event
        + " and " + what);
  }

  /** Stop: postponed messages back to the mailbox's head, the machine's own mailbox closed. */
  private void stop() {
    ended = true;
    endWatch.dispose();
    mailbox.release(this);
    mailbox.returnToHead(release());
    if (ownsMailbox) {
      mailbox.close();
    }
    terminate();
  }

  /** The task ended while the machine ran (or after it was replaced): the mailbox reports the rest. */
  private void terminated() {
    if (!ended) {
      ended = true;
      terminate();
    }
  }

  private void terminate() {
    Consumer<? super State<M>> hook = machine.onTerminate();
    if (hook != null) {
      hook.accept(state);
    }
  }

  @Override
  public List<M> release() {
    List<M> held = new ArrayList<>(postponed.size() + replay.size());
    held.addAll(postponed);
    held.addAll(replay);
    postponed.clear();
    replay.clear();
    return held;
  }
}
