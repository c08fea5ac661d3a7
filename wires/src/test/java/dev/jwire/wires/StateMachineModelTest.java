package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.wires.StateMachine.Event;
import dev.jwire.wires.StateMachine.State;
import dev.jwire.wires.StateMachine.Transition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random machines and random message scripts in virtual time, against a reference model of the
 * rules: postponed messages come back after a state change, in their order, before newer ones; a
 * state timeout reaches only the state that armed it, unless a change or re-arming comes first.
 *
 * <p>Three states answer each of four kinds of message with a random rule (keep, postpone, next,
 * each with or without a state timeout); messages come at whole seconds, timeouts last a whole
 * number of seconds plus one millisecond, so no timeout is due at the instant of a message (that
 * race has its own test in {@link StateMachineTest}).
 *
 * <p>Seeded: a failure names its seed; rerun one with {@code -Djwire.seed=<seed>}. Scale with
 * {@code -Djwire.stress.factor=N}.
 */
class StateMachineModelTest {
  private static final int FACTOR = Integer.getInteger("jwire.stress.factor", 1);
  private static final int STATES = 3;
  private static final int KINDS = 4;

  static Stream<Long> seeds() {
    String fixed = System.getProperty("jwire.seed");
    if (fixed != null) {
      return Stream.of(Long.parseLong(fixed));
    }
    long base = new Random().nextLong();
    return LongStream.range(0, 100L * FACTOR).boxed().map(i -> base + i);
  }

  /** One rule: what a state does with an event. */
  record Rule(Transition.Kind kind, int target, long timeoutMillis) {}

  /** A random machine and script. */
  static final class Case {
    final Rule[][] onMessage = new Rule[STATES][KINDS];
    final Rule[] onTimeout = new Rule[STATES];
    final List<String> messages = new ArrayList<>();
    final List<Long> times = new ArrayList<>();

    Case(Random r) {
      for (int s = 0; s < STATES; s++) {
        for (int k = 0; k < KINDS; k++) {
          onMessage[s][k] = rule(r);
        }
        onTimeout[s] = r.nextBoolean()
            ? new Rule(Transition.Kind.NEXT, r.nextInt(STATES), 0) : new Rule(Transition.Kind.KEEP, 0, 0);
      }
      long t = 0;
      int n = 10 + r.nextInt(50);
      for (int i = 0; i < n; i++) {
        t += 1000L * r.nextInt(3);
        messages.add("k" + r.nextInt(KINDS) + "#" + i);
        times.add(t);
      }
      messages.add("stop");
      times.add(t + 1000);
    }

    private static Rule rule(Random r) {
      long timeout = r.nextInt(3) == 0 ? 1000L * (1 + r.nextInt(3)) + 1 : 0;
      switch (r.nextInt(3)) {
        case 0:
          return new Rule(Transition.Kind.KEEP, 0, timeout);
        case 1:
          return new Rule(Transition.Kind.POSTPONE, 0, 0);
        default:
          return new Rule(Transition.Kind.NEXT, r.nextInt(STATES), timeout);
      }
    }

    static int kind(String message) {
      return message.charAt(1) - '0';
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void machineFollowsTheModel(long seed) {
    Case c = new Case(new Random(seed));
    Outcome expected = model(c);
    Outcome actual = run(c);
    String why = "seed " + seed + " (rerun with -Djwire.seed=" + seed + "), script " + c.messages + " at " + c.times;
    assertThat(actual.log).as(why).isEqualTo(expected.log);
    assertThat(actual.undelivered).as(why).isEqualTo(expected.undelivered);
  }

  record Outcome(List<String> log, List<String> undelivered) {}

  // ---------------------------------------------------------------------------------------------
  // The real machine

  private static Outcome run(Case c) {
    List<String> log = new ArrayList<>();
    List<String> undelivered = new ArrayList<>();
    try (EventLoop loop = EventLoop.builder().manual().virtualTime().build()) {
      List<Numbered> states = new ArrayList<>();
      for (int s = 0; s < STATES; s++) {
        states.add(new Numbered(s));
      }
      for (Numbered s : states) {
        s.body = e -> {
          log.add(loop.nanoTime() / 1_000_000 + " S" + s.n + " " + e);
          if ("stop".equals(e.message())) {
            return Transition.stop();
          }
          Rule rule = e.isStateTimeout() ? c.onTimeout[s.n] : c.onMessage[s.n][Case.kind(e.message())];
          return transition(rule, states);
        };
      }
      Task machine = StateMachine.builder((State<String>) states.get(0))
          .mailbox(Mailbox.<String>builder().unbounded().onUndelivered(undelivered::addAll)).build().start(loop);
      loop.start(sender(c, machine, 0, 0));
      assertThat(loop.run(Duration.ofDays(1))).isTrue();
    }
    return new Outcome(log, undelivered);
  }

  private static Transition<String> transition(Rule rule, List<Numbered> states) {
    Transition<String> t = rule.kind() == Transition.Kind.NEXT ? Transition.next(states.get(rule.target()))
        : rule.kind() == Transition.Kind.POSTPONE ? Transition.postpone() : Transition.keep();
    return rule.timeoutMillis() > 0 ? t.withStateTimeout(Duration.ofMillis(rule.timeoutMillis())) : t;
  }

  private static Wire sender(Case c, Task to, int i, long now) {
    if (i == c.messages.size()) {
      return Wire.nothing();
    }
    long at = c.times.get(i);
    return Wire.sleep(Duration.ofMillis(at - now))
        .then(Mailboxes.send(to, c.messages.get(i), Wire.defer(ctx -> sender(c, to, i + 1, at))));
  }

  /** A state with a number; equal only to itself. */
  static final class Numbered implements State<String> {
    final int n;
    java.util.function.Function<Event<String>, Transition<String>> body;

    Numbered(int n) {
      this.n = n;
    }

    @Override
    public Transition<String> handle(Event<String> e) {
      return body.apply(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The model: the rules, written as directly as possible

  private static Outcome model(Case c) {
    List<String> log = new ArrayList<>();
    ArrayDeque<String> postponed = new ArrayDeque<>();
    ArrayDeque<String> replay = new ArrayDeque<>();
    int state = 0;
    long now = 0;
    boolean armed = false;
    long deadline = 0;
    int next = 0;
    while (true) {
      String message;
      boolean timeout = false;
      if (!replay.isEmpty()) {
        message = replay.poll();
      } else if (armed && (next == c.messages.size() || deadline < c.times.get(next))) {
        now = deadline;
        message = null;
        timeout = true;
      } else {
        now = Math.max(now, c.times.get(next));
        message = c.messages.get(next++);
      }
      log.add(now + " S" + state + " " + (timeout ? "state timeout" : "message " + message));
      if ("stop".equals(message)) {
        List<String> left = new ArrayList<>(postponed);
        left.addAll(replay);
        return new Outcome(log, left);
      }
      Rule rule = timeout ? c.onTimeout[state] : c.onMessage[state][Case.kind(message)];
      if (timeout) {
        armed = false;
      }
      if (rule.kind() == Transition.Kind.POSTPONE) {
        postponed.add(message);
      } else if (rule.kind() == Transition.Kind.NEXT && rule.target() != state) {
        state = rule.target();
        armed = false;
        List<String> again = new ArrayList<>(postponed);
        again.addAll(replay);
        postponed.clear();
        replay.clear();
        replay.addAll(again);
      }
      if (rule.timeoutMillis() > 0) {
        armed = true;
        deadline = now + rule.timeoutMillis();
      }
    }
  }
}
