package dev.jwire.wires;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.wires.StateMachine.Event;
import dev.jwire.wires.StateMachine.State;
import dev.jwire.wires.StateMachine.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** StateMachine: postponing, state timeouts (in virtual time), enter events, the end, bad input. */
class StateMachineTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().name("machines").manual().virtualTime().build();

  @AfterEach
  void closeLoop() {
    loop.cancelAll(); // a failed test may leave a machine waiting for mail: do not wait for it
    loop.close();
  }

  /** A named state whose behaviour is set after construction, so that states can refer to each other. */
  static final class S implements State<String> {
    final String name;
    Function<Event<String>, Transition<String>> body = e -> Transition.keep();

    S(String name) {
      this.name = name;
    }

    S on(Function<Event<String>, Transition<String>> body) {
      this.body = body;
      return this;
    }

    @Override
    public Transition<String> handle(Event<String> e) {
      return body.apply(e);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private long nowMillis() {
    return loop.nanoTime() / 1_000_000;
  }

  private void log(S state, Event<String> e) {
    events.add(state + ": " + e + " at " + nowMillis());
  }

  /** A state that logs every event and keeps. */
  private S recorder(String name) {
    S s = new S(name);
    return s.on(e -> {
      events.add(name + " " + (e.isMessage() ? e.message() : e.toString()));
      return Transition.keep();
    });
  }

  private Task start(State<String> initial) {
    return StateMachine.builder(initial).name("m").build().start(loop);
  }

  private void sendAll(Task to, String... messages) {
    for (String m : messages) {
      assertThat(Mailboxes.trySend(to, m)).isTrue();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Postponing

  @Test
  void postponedMessages_comeBackAfterTheNextStateChange_inTheirOrder_beforeNewerOnes() {
    S open = recorder("open");
    S waiting = new S("waiting").on(e -> "go".equals(e.message()) ? Transition.next(open) : Transition.postpone());
    Task m = start(waiting);
    sendAll(m, "a", "b", "go", "c");
    loop.runUntilIdle();
    assertThat(events).containsExactly("open a", "open b", "open c");
    m.cancel();
  }

  @Test
  void keepState_doesNotReplay_norDoesNextToAnEqualState() {
    S open = recorder("open");
    S waiting = new S("waiting");
    waiting.on(e -> {
      switch (e.message()) {
        case "tick":
          events.add("tick kept");
          return Transition.keep();
        case "same":
          events.add("next to itself");
          return Transition.next(waiting);
        case "go":
          return Transition.next(open);
        default:
          return Transition.postpone();
      }
    });
    Task m = start(waiting);
    sendAll(m, "a", "tick", "b", "same", "tick");
    loop.runUntilIdle();
    assertThat(events).containsExactly("tick kept", "next to itself", "tick kept");
    sendAll(m, "go", "new");
    loop.runUntilIdle();
    assertThat(events).endsWith("open a", "open b", "open new");
    m.cancel();
  }

  @Test
  void aChangeInTheMiddleOfAReplay_keepsTheOriginalOrder() {
    S c = recorder("C");
    S b = new S("B").on(e -> {
      if ("p1".equals(e.message())) {
        events.add("B postpones p1 again");
        return Transition.postpone();
      }
      if ("p2".equals(e.message())) {
        events.add("B goes to C on p2");
        return Transition.next(c);
      }
      return Transition.postpone();
    });
    S a = new S("A").on(e -> "toB".equals(e.message()) ? Transition.next(b) : Transition.postpone());
    Task m = start(a);
    sendAll(m, "p1", "p2", "p3", "toB", "new");
    loop.runUntilIdle();
    assertThat(events).containsExactly("B postpones p1 again", "B goes to C on p2", "C p1", "C p3", "C new");
    m.cancel();
  }

  // ---------------------------------------------------------------------------------------------
  // State timeouts, in virtual time

  @Test
  void stateTimeout_firesInTheStateThatArmedIt_onTheLoopClock() {
    S idle = new S("idle");
    S connecting = new S("connecting");
    idle.on(e -> {
      log(idle, e);
      return "connect".equals(e.message()) ? Transition.next(connecting).withStateTimeout(ofSeconds(5)) : Transition.keep();
    });
    connecting.on(e -> {
      log(connecting, e);
      return e.isStateTimeout() ? Transition.stop() : Transition.keep();
    });
    Task m = start(idle);
    sendAll(m, "connect");
    loop.run();
    assertThat(events).containsExactly("idle: message connect at 0", "connecting: state timeout at 5000");
    assertThat(m.state()).isEqualTo(Task.State.DONE);
  }

  @Test
  void stateTimeout_isCancelledByAStateChange_andNeverReachesTheNextState() {
    S connected = new S("connected");
    S connecting = new S("connecting");
    connecting.on(e -> {
      log(connecting, e);
      return "ack".equals(e.message()) ? Transition.next(connected) : Transition.keep();
    });
    connected.on(e -> {
      log(connected, e);
      return "bye".equals(e.message()) ? Transition.stop() : Transition.keep();
    });
    S idle = new S("idle").on(e -> Transition.next(connecting).withStateTimeout(ofSeconds(5)));
    Task m = start(idle);
    sendAll(m, "connect");
    loop.start(Wire.sleep(ofSeconds(2)).then(Mailboxes.send(m, "ack")));
    loop.start(Wire.sleep(ofSeconds(60)).then(Mailboxes.send(m, "bye")));
    loop.run();
    assertThat(events).containsExactly(
        "connecting: message ack at 2000", "connected: message bye at 60000");
  }

  /**
   * The change and the timer fall due at the same virtual instant. Whichever the loop runs first,
   * the timeout reaches only the state that armed it (at 1000 ms, or not at all), and the next state
   * gets only its own timeout, once, at the time it armed it for.
   */
  @ParameterizedTest(name = "sender started {0} the machine")
  @ValueSource(strings = {"before", "after"})
  void stateTimeout_dueAtTheSameInstantAsTheChange_isNeverStale(String order) {
    S b = new S("B");
    S a = new S("A");
    a.on(e -> {
      log(a, e);
      if (e.isEnter()) {
        return Transition.keep();
      }
      return "change".equals(e.message()) ? Transition.next(b).withStateTimeout(ofSeconds(2)) : Transition.keep();
    });
    b.on(e -> {
      log(b, e);
      return e.isStateTimeout() ? Transition.stop() : Transition.keep();
    });
    S init = new S("init").on(e -> Transition.next(a).withStateTimeout(ofSeconds(1)));
    AtomicReference<Task> machine = new AtomicReference<>();
    Wire sender = Wire.sleep(ofSeconds(1)).then(Wire.defer(ctx -> Mailboxes.send(machine.get(), "change")));
    if (order.equals("before")) {
      loop.start(sender);
    }
    machine.set(start(init));
    Mailboxes.trySend(machine.get(), "go");
    if (order.equals("after")) {
      loop.start(sender);
    }
    loop.run();
    // The loop fires the two timers due at 1000 ms in the order they were set: the sender first
    // ("before": the message wins the wait, the timer is cancelled with it), or the machine's timer
    // first ("after": A gets its own timeout, then the message). Both ways, B sees only its own.
    List<String> messageFirst = List.of("A: message change at 1000", "B: state timeout at 3000");
    List<String> timerFirst = List.of(
        "A: state timeout at 1000", "A: message change at 1000", "B: state timeout at 3000");
    assertThat(events).isEqualTo(order.equals("before") ? messageFirst : timerFirst);
  }

  @Test
  void keepWithAStateTimeout_rearmsIt_replacingTheRunningOne() {
    S s = new S("s");
    s.on(e -> {
      log(s, e);
      if (e.isStateTimeout()) {
        return Transition.stop();
      }
      return Transition.<String>keep().withStateTimeout(ofSeconds(1));
    });
    Task m = start(s);
    sendAll(m, "first");
    loop.start(Wire.sleep(ofMillis(500)).then(Mailboxes.send(m, "poke")));
    loop.run();
    assertThat(events).containsExactly(
        "s: message first at 0", "s: message poke at 500", "s: state timeout at 1500");
  }

  @Test
  void aZeroStateTimeout_comesBeforeTheNextMessage() {
    S s = new S("s");
    s.on(e -> {
      log(s, e);
      return e.isEnter() ? Transition.<String>keep().withStateTimeout(Duration.ZERO) : Transition.keep();
    });
    StateMachine<String> machine = StateMachine.builder((State<String>) s).enterEvents().build();
    Task m = machine.start(loop);
    sendAll(m, "m1", "m2");
    loop.runUntilIdle();
    assertThat(events).containsExactly(
        "s: enter at 0", "s: state timeout at 0", "s: message m1 at 0", "s: message m2 at 0");
    m.cancel();
  }

  // ---------------------------------------------------------------------------------------------
  // Enter events

  @Test
  void enterEvents_comeOnEachStateChange_beforeTheReplay() {
    S open = new S("open");
    open.on(e -> {
      events.add("open " + e);
      return Transition.keep();
    });
    S closed = new S("closed");
    closed.on(e -> {
      events.add("closed " + e);
      if (e.isEnter()) {
        return Transition.keep();
      }
      return "open".equals(e.message()) ? Transition.next(open) : Transition.postpone();
    });
    Task m = StateMachine.builder((State<String>) closed).enterEvents().build().start(loop);
    sendAll(m, "x", "open");
    loop.runUntilIdle();
    assertThat(events).containsExactly(
        "closed enter", "closed message x", "closed message open", "open enter", "open message x");
    m.cancel();
  }

  @Test
  void anEnterEventAnsweredWithNext_failsTheMachineClearly() {
    S other = recorder("other");
    S s = new S("s").on(e -> Transition.next(other));
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(StateMachine.builder((State<String>) s).name("bad").enterEvents().build(), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(IllegalStateException.class)
        .hasMessage("state machine 'bad': state s got enter and answered with next(other): an enter event may"
            + " only keep the state (with a state timeout, say) or stop");
  }

  // ---------------------------------------------------------------------------------------------
  // The end

  @Test
  void cancellingTheMachine_runsItsCleanup_andReportsPostponedThenQueuedMessages() {
    List<List<String>> undelivered = new ArrayList<>();
    AtomicReference<State<String>> terminated = new AtomicReference<>();
    AtomicBoolean resourceClosed = new AtomicBoolean();
    S s = new S("s").on(e -> {
      if ("bind".equals(e.message())) {
        e.context().bind(() -> resourceClosed.set(true));
        return Transition.keep();
      }
      return Transition.postpone();
    });
    StateMachine<String> machine = StateMachine.builder((State<String>) s)
        .mailbox(Mailbox.<String>builder().name("conn").capacity(8).onUndelivered(undelivered::add))
        .onTerminate(terminated::set)
        .build();
    Task m = machine.start(loop);
    sendAll(m, "bind", "p1", "p2");
    loop.runUntilIdle();
    sendAll(m, "queued");
    m.cancel();
    loop.run();
    assertThat(m.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(undelivered).containsExactly(List.of("p1", "p2", "queued"));
    assertThat(terminated.get()).isSameAs(s);
    assertThat(resourceClosed).isTrue();
    assertThat(Mailboxes.names(loop)).as("the name is free again").isEmpty();
  }

  @Test
  void stop_closesTheMachinesOwnMailbox_andReportsWhatItHeld() {
    List<List<String>> undelivered = new ArrayList<>();
    S s = new S("s").on(e -> "stop".equals(e.message()) ? Transition.stop() : Transition.postpone());
    Task m = StateMachine.builder((State<String>) s)
        .mailbox(Mailbox.<String>builder().onUndelivered(undelivered::add)).build().start(loop);
    sendAll(m, "p1", "stop", "after");
    loop.run();
    assertThat(m.state()).isEqualTo(Task.State.DONE);
    assertThat(undelivered).containsExactly(List.of("p1", "after"));
  }

  @Test
  void onAMailboxOpenedByTheTask_stopGivesPostponedMessagesBack_forWhatFollowsInTheTask() {
    S s = new S("s").on(e -> "stop".equals(e.message()) ? Transition.stop() : Transition.postpone());
    Task t = Mailbox.<String>builder().start(loop, box ->
        StateMachine.builder((State<String>) s).andThen(Wire.defer(ctx -> drain(box))).build());
    sendAll(t, "p1", "p2", "stop", "after");
    loop.runUntilIdle();
    assertThat(events).containsExactly("drained p1", "drained p2", "drained after");
    t.cancel();
  }

  private Wire drain(Mailbox<String> box) {
    return box.receive(m -> Wire.call(() -> events.add("drained " + m)).then(Wire.defer(ctx -> drain(box))));
  }

  @Test
  void hotSwappingTheMachine_keepsItsMailboxAndPostponedMessages() {
    HotSwap swaps = HotSwap.create();
    S v2 = recorder("v2");
    S v1 = new S("v1").on(e -> Transition.postpone());
    Task t = loop.start(swaps.named("conn", StateMachine.builder((State<String>) v1).build()));
    loop.runUntilIdle();
    sendAll(t, "a", "b");
    loop.runUntilIdle();
    swaps.swap("conn", StateMachine.builder((State<String>) v2).build());
    sendAll(t, "c");
    loop.runUntilIdle();
    assertThat(events).containsExactly("v2 a", "v2 b", "v2 c");
    t.cancel();
  }

  @Test
  void aSupervisedMachine_isRestartedOnAFreshMailbox_underTheSameName() {
    S s = new S("s");
    s.on(e -> {
      if ("boom".equals(e.message())) {
        throw new IllegalStateException("boom");
      }
      events.add("got " + e.message() + " at " + nowMillis());
      return Transition.keep();
    });
    StateMachine<String> machine = StateMachine.builder((State<String>) s)
        .mailbox(Mailbox.<String>builder().name("svc")).build();
    Task supervisor = loop.start(Supervisor.supervise(machine,
        RestartPolicy.defaults().backoff(Backoff.fixed(ofSeconds(1))).maxRestarts(5, ofSeconds(60))));
    loop.start(Wire.sequence(
        Wire.sleep(ofMillis(10)), Mailboxes.send("svc", "one"), Mailboxes.send("svc", "boom"),
        Wire.sleep(ofSeconds(2)), Mailboxes.send("svc", "two")));
    loop.run(ofSeconds(3));
    assertThat(events).containsExactly("got one at 10", "got two at 2010");
    supervisor.cancel();
  }

  // ---------------------------------------------------------------------------------------------
  // Bad input

  @Test
  void badInput_failsClearly() {
    assertThatThrownBy(() -> StateMachine.builder(null)).hasMessage("initial : null (expected: non-null)");
    assertThatThrownBy(() -> Transition.next(null)).hasMessage("state : null (expected: non-null)");
    assertThatThrownBy(() -> Transition.keep().withStateTimeout(ofSeconds(-1)))
        .hasMessage("after : PT-1S (expected: >= 0)");
    assertThatThrownBy(() -> Transition.stop().withStateTimeout(ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    S nullAnswer = new S("silent").on(e -> null);
    Task t1 = loop.start(StateMachine.builder((State<String>) nullAnswer).name("n").build(), (c, e) -> errors.add(e));
    S postponesTimeout = new S("p").on(e ->
        e.isStateTimeout() ? Transition.postpone() : Transition.<String>keep().withStateTimeout(ofSeconds(1)));
    Task t2 = loop.start(StateMachine.builder((State<String>) postponesTimeout).name("t").build(), (c, e) -> errors.add(e));
    loop.runUntilIdle();
    sendAll(t1, "x");
    sendAll(t2, "x");
    loop.run();
    assertThat(errors).extracting(Throwable::getMessage).containsExactlyInAnyOrder(
        "state machine 'n': state silent got message x and returned null (expected: a Transition: next, keep,"
            + " postpone or stop)",
        "state machine 't': state p got state timeout and postponed it: only messages can be postponed");
  }
}
