package dev.jwire.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The timer wheel against a sorted-set model. Exact mode (virtual clocks): exact next deadlines,
 * nothing early, nothing missed, deadline order when time steps from deadline to deadline, set
 * order for equal deadlines. Tick mode (real clocks): nothing early, nothing due left behind once
 * its tick has passed. Seeded; reproduce with {@code -Djwire.seed=<seed>}.
 */
class TimerWheelTest {
  private static final long MS = 1_000_000L;

  static Stream<Long> seeds() {
    String fixed = System.getProperty("jwire.seed");
    if (fixed != null) {
      return Stream.of(Long.parseLong(fixed));
    }
    long base = System.nanoTime();
    return LongStream.range(0, 40).mapToObj(i -> base + i * 0x9E3779B97F4A7C15L);
  }

  /** A node that records the order it fired in. */
  static final class Node extends TimerNode {
    final int id;
    /** Half the nodes keep their wheel index between timers, as tasks do. */
    final boolean holds;
    long wanted;
    int setOrder;

    Node(int id) {
      this.id = id;
      this.holds = (id & 1) == 0;
      this.setOrder = -1 - id; // never set: equal to no other node in the model
    }

    @Override
    boolean holdsTimerIndex() {
      return holds;
    }

    @Override
    void fire() {}

    @Override
    public void runJob() {}

    @Override
    public String toString() {
      return "node " + id + " at " + wanted + " (set #" + setOrder + ")";
    }
  }

  private static final Comparator<Node> MODEL_ORDER =
      Comparator.<Node>comparingLong(n -> n.wanted).thenComparingInt(n -> n.setOrder);

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void matchesASortedModel_underRandomAddsCancelsAndClockSteps(long seed) {
    Random random = new Random(seed);
    long start = random.nextBoolean() ? random.nextLong() >> 3 : 0; // nanoTime may be anything
    TimerWheel wheel = new TimerWheel(start, true);
    TreeSet<Node> model = new TreeSet<>(MODEL_ORDER);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) { // more than the wheel's first arrays hold
      nodes.add(new Node(i));
    }
    long now = start;
    int setCounter = 0;
    for (int op = 0; op < 8_000; op++) {
      int kind = random.nextInt(10);
      Node node = nodes.get(random.nextInt(nodes.size()));
      if (kind < 5) {
        long delay = Math.min(randomDelay(random), Long.MAX_VALUE / 4 - (now - start));
        model.remove(node);
        node.wanted = now + delay;
        node.setOrder = setCounter++;
        wheel.add(node, node.wanted);
        model.add(node);
      } else if (kind < 6) {
        boolean wasScheduled = model.remove(node);
        assertThat(wheel.contains(node)).as("seed %d: contains %s", seed, node).isEqualTo(wasScheduled);
        if (node.holds && random.nextBoolean()) {
          wheel.release(node); // the task ended
          assertThat(node.timerIndex).isZero();
        } else {
          assertThat(wheel.remove(node)).as("seed %d: remove %s", seed, node).isEqualTo(wasScheduled);
          assertThat(node.timerIndex != 0).as("seed %d: %s keeps its index", seed, node).isEqualTo(node.holds && node.timerIndex != 0);
        }
        assertThat(wheel.contains(node)).isFalse();
      } else if (kind < 9) {
        // step to the next deadline exactly, as a virtual clock does: fire in model order
        if (!model.isEmpty()) {
          assertThat(wheel.nextDeadline()).as("seed %d", seed).isEqualTo(model.first().wanted);
          now = Math.max(now, model.first().wanted);
          drainAndCheck(wheel, model, now, seed, true);
        }
      } else {
        // the loop ran late: jump, then everything due fires, none early, none left behind
        // bounded: a loop's clock never nears overflow, and deadlines are at most now + MAX / 4
        now += Math.min(Math.min(randomDelay(random), 3_600_000 * MS), Long.MAX_VALUE / 4 - (now - start));
        drainAndCheck(wheel, model, now, seed, false);
      }
      assertThat(wheel.size()).as("seed %d", seed).isEqualTo(model.size());
      assertThat(wheel.nextDeadline())
          .as("seed %d: next deadline", seed)
          .isEqualTo(model.isEmpty() ? Long.MAX_VALUE : model.first().wanted);
    }
  }

  private static long randomDelay(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> 0;
      case 1 -> random.nextInt(20_000); // inside a tick or two
      case 2 -> random.nextLong(20 * MS); // level 0 and its edge
      case 3 -> random.nextLong(2_000 * MS); // levels 1 and 2
      case 4 -> random.nextLong(3_600_000 * MS); // hours
      default -> random.nextLong(Long.MAX_VALUE / 4); // the loop's longest deadlines
    };
  }

  private static void drainAndCheck(TimerWheel wheel, TreeSet<Node> model, long now, long seed, boolean ordered) {
    List<Node> fired = new ArrayList<>();
    TimerNode n;
    while ((n = wheel.pollDue(now)) != null) {
      Node node = (Node) n;
      assertThat(node.wanted).as("seed %d: %s fired early at %d", seed, node, now).isLessThanOrEqualTo(now);
      assertThat(wheel.contains(node)).isFalse();
      assertThat(node.timerIndex != 0).as("only a holding node keeps its index").isEqualTo(node.holds);
      fired.add(node);
    }
    List<Node> due = new ArrayList<>(model.headSet(probe(now), true));
    if (ordered) {
      assertThat(fired).as("seed %d: fired in deadline, then set, order", seed).containsExactlyElementsOf(due);
    } else {
      assertThat(fired).as("seed %d: everything due fired", seed).containsExactlyInAnyOrderElementsOf(due);
    }
    model.removeAll(due);
  }

  private static Node probe(long now) {
    Node p = new Node(-1);
    p.wanted = now;
    p.setOrder = Integer.MAX_VALUE;
    return p;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void onARealClock_firesOnceTheTickHasPassed_neverEarly_neverMissed(long seed) {
    Random random = new Random(seed);
    long start = random.nextLong() >> 3;
    TimerWheel wheel = new TimerWheel(start, false);
    long tickNanos = 1L << TimerWheel.TICK_SHIFT;
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      nodes.add(new Node(i));
    }
    List<Node> scheduled = new ArrayList<>();
    long now = start;
    for (int op = 0; op < 3_000; op++) {
      Node node = nodes.get(random.nextInt(nodes.size()));
      int kind = random.nextInt(10);
      if (kind < 5) {
        node.wanted = now + Math.min(randomDelay(random), 3_600_000 * MS);
        wheel.add(node, node.wanted);
        if (!scheduled.contains(node)) {
          scheduled.add(node);
        }
      } else if (kind < 6) {
        assertThat(wheel.remove(node)).isEqualTo(scheduled.remove(node));
      } else {
        long wake = wheel.nextDeadline();
        // wake when the loop would, or later; sometimes a little early (a spurious wake-up)
        now = kind < 8 && wake != Long.MAX_VALUE ? Math.max(now, wake - random.nextInt(2) * tickNanos / 2)
            : now + Math.min(randomDelay(random), 3_600_000 * MS);
        TimerNode n;
        while ((n = wheel.pollDue(now)) != null) {
          Node fired = (Node) n;
          assertThat(fired.wanted).as("seed %d: %s fired early at %d", seed, fired, now).isLessThanOrEqualTo(now);
          assertThat(scheduled.remove(fired)).isTrue();
        }
        long nowTickStart = (now >> TimerWheel.TICK_SHIFT) << TimerWheel.TICK_SHIFT;
        for (Node left : scheduled) {
          assertThat(left.wanted).as("seed %d: %s left behind at %d", seed, left, now).isGreaterThanOrEqualTo(nowTickStart);
        }
        if (!scheduled.isEmpty()) {
          long earliest = scheduled.stream().mapToLong(x -> x.wanted).min().getAsLong();
          assertThat(wheel.nextDeadline())
              .as("seed %d: the next wake-up is no later than the end of the earliest tick", seed)
              .isGreaterThan(now)
              .isLessThanOrEqualTo(((earliest >> TimerWheel.TICK_SHIFT) + 1) << TimerWheel.TICK_SHIFT);
        }
      }
      assertThat(wheel.size()).isEqualTo(scheduled.size());
    }
  }

  @Test
  void onARealClock_aTimerSetAlreadyDue_firesAtTheNextPoll_notAtTheEndOfItsTick() {
    long tickNanos = 1L << TimerWheel.TICK_SHIFT;
    long now = 10 * tickNanos + 7; // inside a tick
    TimerWheel wheel = new TimerWheel(now, false);
    Node inTick = new Node(1);
    Node zero = new Node(2);
    Node past = new Node(3);
    wheel.add(inTick, now + 1); // due later in this tick: fires when the tick has passed
    assertThat(wheel.pollDue(now)).isNull();
    wheel.add(zero, now); // sleep(0)
    wheel.add(past, now - 5 * tickNanos); // a catch-up run, long overdue
    assertThat(wheel.nextDeadline()).isLessThanOrEqualTo(now);
    assertThat(wheel.pollDue(now)).isSameAs(zero);
    assertThat(wheel.pollDue(now)).isSameAs(past);
    assertThat(wheel.pollDue(now + 1)).isNull(); // its tick has not passed yet
    assertThat(wheel.nextDeadline()).isEqualTo(11 * tickNanos);
    assertThat(wheel.pollDue(11 * tickNanos)).isSameAs(inTick);
    assertThat(wheel.isEmpty()).isTrue();
    Node cancelled = new Node(4);
    wheel.add(cancelled, 11 * tickNanos);
    assertThat(wheel.remove(cancelled)).isTrue();
    assertThat(wheel.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    assertThat(wheel.pollDue(12 * tickNanos)).isNull();
  }

  @Test
  void equalDeadlinesFireInTheOrderSet_evenWhenOneWasSetFarAheadAndCascaded() {
    TimerWheel wheel = new TimerWheel(0, true);
    Node far = new Node(1);
    Node near = new Node(2);
    long at = 5_000 * MS;
    wheel.add(far, at); // set first, from far away: a high level
    long now = at - 2 * MS;
    assertThat(wheel.pollDue(now)).isNull(); // the cursor moves up, cascading
    wheel.add(near, at); // set second, straight into level 0
    assertThat(wheel.nextDeadline()).isEqualTo(at);
    assertThat(wheel.pollDue(at - 1)).isNull();
    assertThat(wheel.pollDue(at)).isSameAs(far);
    assertThat(wheel.pollDue(at)).isSameAs(near);
    assertThat(wheel.pollDue(at)).isNull();
    assertThat(wheel.isEmpty()).isTrue();
  }

  @Test
  void aLateLoopFiresEarlierTicksFirst_andNothingBeforeItsDeadline() {
    TimerWheel wheel = new TimerWheel(0, true);
    Node late = new Node(1);
    Node early = new Node(2);
    Node future = new Node(3);
    wheel.add(late, 3 * MS);
    wheel.add(early, 1 * MS);
    wheel.add(future, 10 * MS);
    assertThat(wheel.pollDue(5 * MS)).isSameAs(early);
    assertThat(wheel.pollDue(5 * MS)).isSameAs(late);
    assertThat(wheel.pollDue(5 * MS)).isNull();
    assertThat(wheel.nextDeadline()).isEqualTo(10 * MS);
    assertThat(wheel.remove(future)).isTrue();
    assertThat(wheel.remove(future)).isFalse();
    assertThat(wheel.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void indices_growPastTheFirstArrays_areReused_andATaskKeepsItsOwnAcrossTimers() {
    TimerWheel wheel = new TimerWheel(0, true);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Node n = new Node(i);
      n.wanted = MS + i; // distinct deadlines, in set order
      wheel.add(n, n.wanted);
      nodes.add(n);
    }
    assertThat(wheel.size()).isEqualTo(5_000);
    assertThat(nodes).allSatisfy(n -> assertThat(wheel.contains(n)).isTrue());
    int highest = nodes.stream().mapToInt(n -> n.timerIndex).max().getAsInt();
    for (Node n : nodes) {
      assertThat(wheel.pollDue(MS + 5_000)).isSameAs(n);
    }
    assertThat(wheel.isEmpty()).isTrue();
    Node holder = nodes.get(0);
    int kept = holder.timerIndex;
    assertThat(kept).isNotZero();
    wheel.add(holder, 2 * MS); // re-armed: the same index, no new one
    assertThat(holder.timerIndex).isEqualTo(kept);
    assertThat(wheel.pollDue(2 * MS)).isSameAs(holder);
    Node fresh = new Node(-3); // odd: gives its index back
    wheel.add(fresh, 3 * MS);
    assertThat(fresh.timerIndex).as("a freed index is reused").isBetween(1, highest);
    wheel.release(holder);
    assertThat(holder.timerIndex).isZero();
    assertThat(wheel.pollDue(3 * MS)).isSameAs(fresh);
    assertThat(fresh.timerIndex).isZero();
    assertThat(wheel.pollDue(Long.MAX_VALUE / 4)).isNull();
  }
}
