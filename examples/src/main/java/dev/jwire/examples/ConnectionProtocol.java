package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import dev.jwire.wires.Mailbox;
import dev.jwire.wires.Mailboxes;
import dev.jwire.wires.StateMachine;
import dev.jwire.wires.StateMachine.Event;
import dev.jwire.wires.StateMachine.State;
import dev.jwire.wires.StateMachine.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A connection protocol as a mailbox-driven {@link StateMachine} (Erlang's {@code gen_statem}):
 *
 * <pre>
 *   disconnected ──Connect──▶ connecting ──Ack connect──▶ connected ──Close──▶ closing ──Ack close──▶ (stop)
 *                              │  ▲                                               │
 *                              └──┘ state timeout: SYN again (3 attempts)          └─ state timeout: stop
 * </pre>
 *
 * <p>The application sends {@code Data} before and while the machine connects: those states
 * <b>postpone</b> it, and it reaches the peer, in order, once connected. The connecting state
 * arms a <b>state timeout</b>; the peer drops the first SYN, so the timeout fires and the machine
 * retries (keep state with a new timeout: no replay yet); the change to connected cancels it.
 * Data sent while closing stays postponed when the machine stops, and is reported by the mailbox's
 * undelivered hook: nothing is silently lost. The peer ends after the FIN, or after two seconds
 * without a packet ({@link Mailbox#receive(Duration, java.util.function.Function, Wire) receive with
 * a timeout}).
 *
 * <p>The machine and the simulated peer are tasks with mailboxes registered as {@code conn} and
 * {@code peer}; everyone sends by name ({@link Mailboxes}). All timing is on the loop clock.
 */
public final class ConnectionProtocol {
  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
  static final Duration CLOSE_TIMEOUT = Duration.ofMillis(300);
  static final Duration PEER_LATENCY = Duration.ofMillis(100);
  static final Duration PEER_IDLE = Duration.ofSeconds(2);
  static final int MAX_ATTEMPTS = 3;

  /** What the machine receives: from the application, and the peer's acknowledgements. */
  sealed interface Msg permits Connect, Data, Close, Ack {}

  record Connect() implements Msg {}

  record Data(String text) implements Msg {}

  record Close() implements Msg {}

  record Ack(String what) implements Msg {}

  /** What the peer receives. */
  sealed interface Packet permits Syn, Payload, Fin {}

  record Syn(int attempt) implements Packet {}

  record Payload(String text) implements Packet {}

  record Fin() implements Packet {}

  private final LoopLog log;
  private final int lostSyns;
  private final List<String> acked = new ArrayList<>();
  private int attempts;

  private final State<Msg> disconnected = state("disconnected", this::disconnected);
  private final State<Msg> connecting = state("connecting", this::connecting);
  private final State<Msg> connected = state("connected", this::connected);
  private final State<Msg> closing = state("closing", this::closing);

  private ConnectionProtocol(LoopLog log, int lostSyns) {
    this.log = log;
    this.lostSyns = lostSyns;
  }

  /**
   * Runs the protocol on a loop from {@code builder}, printing its events to {@code out}.
   *
   * @param builder the loop's builder
   * @param out receives the lines
   * @return the data the peer acknowledged, in order
   */
  public static List<String> run(EventLoop.Builder builder, Consumer<String> out) {
    return run(builder, out, 1);
  }

  /**
   * {@link #run(EventLoop.Builder, Consumer)} with a peer that loses the first {@code lostSyns}
   * SYNs: with {@value #MAX_ATTEMPTS} or more the machine gives up.
   */
  static List<String> run(EventLoop.Builder builder, Consumer<String> out, int lostSyns) {
    try (EventLoop loop = builder.name("connection-protocol").build()) {
      ConnectionProtocol p = new ConnectionProtocol(new LoopLog(loop, out), lostSyns);
      p.machine().start(loop);
      Mailbox.builder(Packet.class).name("peer").start(loop, p::peer);
      loop.start(application());
      return p.acked;
    }
  }

  StateMachine<Msg> machine() {
    return StateMachine.builder(disconnected).name("conn")
        .mailbox(Mailbox.builder(Msg.class).capacity(16).name("conn")
            .onUndelivered(left -> log.println("conn: undelivered at the end: " + left)))
        .build();
  }

  /** The application: data before and while connecting, a close, and data too late. */
  static Wire application() {
    return Wire.sequence(
        Mailboxes.send("conn", new Data("early")),
        Wire.sleep(Duration.ofMillis(100)), Mailboxes.send("conn", new Connect()),
        Wire.sleep(Duration.ofMillis(200)), Mailboxes.send("conn", new Data("hello")),
        Wire.sleep(Duration.ofMillis(100)), Mailboxes.send("conn", new Data("world")),
        Wire.sleep(Duration.ofMillis(800)), Mailboxes.send("conn", new Close()),
        Wire.sleep(Duration.ofMillis(50)), Mailboxes.send("conn", new Data("too late")));
  }

  // ---------------------------------------------------------------------------------------------
  // The machine's states: each handles one event and says what comes next

  private Transition<Msg> disconnected(Event<Msg> e) {
    if (e.message() instanceof Connect) {
      attempts = 0;
      syn(e);
      return Transition.next(connecting).withStateTimeout(CONNECT_TIMEOUT);
    }
    return postponeData(e, "not connected");
  }

  private Transition<Msg> connecting(Event<Msg> e) {
    if (e.isStateTimeout()) {
      if (attempts == MAX_ATTEMPTS) {
        log.println("conn: no answer after " + attempts + " attempts, giving up");
        return Transition.stop(); // what it postponed goes to the undelivered hook
      }
      log.println("conn: connect timed out");
      syn(e);
      return Transition.<Msg>keep().withStateTimeout(CONNECT_TIMEOUT); // retry in the same state: no replay
    }
    if (e.message() instanceof Ack a && a.what().equals("connect")) {
      log.println("conn: connected after " + attempts + " attempt(s)");
      return Transition.next(connected); // a state change: cancels the timeout, replays the data
    }
    if (e.message() instanceof Close) {
      log.println("conn: close postponed (connecting)");
      return Transition.postpone();
    }
    return postponeData(e, "connecting");
  }

  private Transition<Msg> connected(Event<Msg> e) {
    if (e.message() instanceof Data d) {
      log.println("conn: sends '" + d.text() + "'");
      Mailboxes.trySend(e.context().loop(), "peer", new Payload(d.text()));
    } else if (e.message() instanceof Ack a && a.what().startsWith("data ")) {
      log.println("conn: peer acknowledged " + a.what());
      acked.add(a.what().substring("data ".length()));
    } else if (e.message() instanceof Close) {
      log.println("conn: closing");
      Mailboxes.trySend(e.context().loop(), "peer", new Fin());
      return Transition.next(closing).withStateTimeout(CLOSE_TIMEOUT);
    }
    return Transition.keep();
  }

  private Transition<Msg> closing(Event<Msg> e) {
    if (e.isStateTimeout() || e.message() instanceof Ack a && a.what().equals("close")) {
      log.println(e.isStateTimeout() ? "conn: close timed out" : "conn: closed");
      return Transition.stop();
    }
    return postponeData(e, "closing");
  }

  private void syn(Event<Msg> e) {
    attempts++;
    log.println("conn: SYN, attempt " + attempts);
    Mailboxes.trySend(e.context().loop(), "peer", new Syn(attempts));
  }

  private Transition<Msg> postponeData(Event<Msg> e, String why) {
    if (e.message() instanceof Data d) {
      log.println("conn: '" + d.text() + "' postponed (" + why + ")");
      return Transition.postpone();
    }
    return Transition.keep();
  }

  private static State<Msg> state(String name, State<Msg> handler) {
    return new State<>() {
      @Override
      public Transition<Msg> handle(Event<Msg> event) throws Exception {
        return handler.handle(event);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // The peer: loses the first SYNs, answers everything else after a delay; done after a FIN or when
  // nothing came for a while

  private Wire peer(Mailbox<Packet> box) {
    Wire again = Wire.defer(ctx -> peer(box));
    return box.receive(PEER_IDLE, packet -> {
      if (packet instanceof Syn s && s.attempt() <= lostSyns) {
        log.println("peer: SYN " + s.attempt() + " lost");
        return again;
      }
      if (packet instanceof Syn) {
        return reply(new Ack("connect"), again);
      }
      if (packet instanceof Payload d) {
        return reply(new Ack("data " + d.text()), again);
      }
      return reply(new Ack("close"), Wire.nothing()); // FIN: the peer is done
    }, Wire.call(() -> log.println("peer: idle for " + PEER_IDLE.toSeconds() + " s, done")));
  }

  private static Wire reply(Ack ack, Wire next) {
    return Wire.sleep(PEER_LATENCY).then(Mailboxes.send("conn", ack, next));
  }
}
