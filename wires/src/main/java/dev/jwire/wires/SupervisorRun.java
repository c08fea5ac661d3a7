package dev.jwire.wires;

import dev.jwire.engine.Scope;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.WireErrorHandler;
import dev.jwire.engine.internal.Checks;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One run of a {@link Supervisor}: its children's current tasks, restart counts, backoff state and
 * the sliding window of recent restarts.
 *
 * <h2>How it works</h2>
 *
 * <p>The run is a scope (named after the supervisor) whose tasks are the child instances. Each
 * instance is started with an error handler that does nothing, because its error reaches the run
 * anyway, through {@link Task#onEnd} and {@link Outcome}: the end listener is the whole engine of
 * supervision. It runs before the ended task leaves the scope, so the scope is still open for the
 * replacement even when the last child ended.
 *
 * <p>A restart of a group (one-for-all, rest-for-one) first cancels the running siblings, in
 * reverse start order, and waits until each has ended ({@link Group#pending}): nothing of the old
 * generation runs beside the new one. The group then starts in start order, every member after
 * the same backoff delay (a {@code sleep} at the head of each instance, so the delay is on the loop
 * clock and cancelled with the instance).
 *
 * <p>Giving up cancels the scope and keeps the error; the scope's {@code after} function throws it
 * once every child has ended, which fails the supervisor's task in place.
 *
 * <p>Every method runs on the supervisor's loop thread (children start there, and their end
 * listeners run there); they are synchronized all the same, so that a child moved elsewhere
 * cannot corrupt the run. The monitor is reentrant: cancelling a sibling may end it at once,
 * inside {@link #childEnded}.
 */
final class SupervisorRun {
  private static final System.Logger LOG = System.getLogger("dev.jwire.wires.supervision");
  /** Child errors reach the run as outcomes; the handler only keeps them from the scope's policy. */
  private static final WireErrorHandler OUTCOME_ONLY = (ctx, error) -> {};
  private static final int MAX_ATTEMPT = 1_000;

  private final Supervisor spec;
  private final WireContext ctx;
  private final Slot[] slots;
  private final ArrayDeque<Long> recentRestarts = new ArrayDeque<>();
  private final RandomGenerator random;
  private final long resetAfterNanos;
  private final long withinNanos;
  private Scope scope;
  private RestartLimitException escalation;

  SupervisorRun(Supervisor spec, WireContext ctx) {
    this.spec = spec;
    this.ctx = ctx;
    List<Supervisor.ChildSpec> children = spec.childSpecs();
    this.slots = new Slot[children.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot(i, children.get(i));
    }
    RestartPolicy p = spec.policy();
    this.random = p.seed().isPresent() ? new SplittableRandom(p.seed().getAsLong()) : new SplittableRandom();
    this.resetAfterNanos = Checks.toNanosSaturated(p.backoff().resetAfter());
    this.withinNanos = Checks.toNanosSaturated(p.within());
  }

  Wire wire() {
    return Wire.scope(ScopeOptions.defaults().named(spec.name()).supervised(), this::startAll, this::after);
  }

  private synchronized void startAll(Scope s) {
    scope = s;
    for (Slot slot : slots) {
      launch(slot, 0);
    }
  }

  private synchronized Wire after(Scope s) {
    if (escalation != null) {
      throw escalation;
    }
    return null;
  }

  private void launch(Slot slot, long delayNanos) {
    Wire instance = delayNanos == 0 ? slot.body : Wire.sleep(Duration.ofNanos(delayNanos)).then(slot.body);
    slot.runningSince = ctx.loop().nanoTime() + delayNanos;
    Task t = scope.start(instance.named(slot.spec.name()), OUTCOME_ONLY);
    slot.task = t;
    t.onEnd(ended -> childEnded(slot, ended));
  }

  private synchronized void childEnded(Slot slot, Task task) {
    if (slot.task != task) {
      return;
    }
    slot.task = null;
    Outcome outcome = Outcome.of(task);
    if (escalation != null || scope.isCancelled()) {
      if (outcome.isFailed()) {
        LOG.log(Level.WARNING, "child '" + slot.spec.name() + "' of supervisor '" + spec.name()
            + "' failed while the supervisor was stopping", outcome.error());
      }
      return;
    }
    Group g = slot.group;
    if (g != null) { // cancelled for a group restart: the group waits for it
      slot.group = null;
      if (--g.pending == 0) {
        startGroup(g);
      }
      return;
    }
    if (!slot.spec.restart().restarts(outcome)) {
      if (outcome.isFailed()) {
        LOG.log(Level.WARNING, "child '" + slot.spec.name() + "' of supervisor '" + spec.name() + "' failed and is "
            + slot.spec.restart() + ": not restarted", outcome.error());
      }
      return;
    }
    restart(slot, outcome);
  }

  private void restart(Slot slot, Outcome outcome) {
    long now = ctx.loop().nanoTime();
    if (!admit(now)) {
      escalate(slot, outcome);
      return;
    }
    if (now - slot.runningSince >= resetAfterNanos) {
      slot.attempt = 0;
    }
    Duration delay = spec.policy().backoff().delay(slot.attempt, random);
    slot.attempt = Math.min(slot.attempt + 1, MAX_ATTEMPT);
    slot.restarts++;
    Group group = new Group(Checks.toNanosSaturated(delay));
    List<Task> toStop = new ArrayList<>();
    for (Slot other : affectedBy(slot)) {
      if (other == slot) {
        group.members.add(slot);
      } else if (other.task != null && other.group == null) {
        if (other.spec.restart() != Restart.TEMPORARY) {
          group.members.add(other);
        }
        other.group = group;
        group.pending++;
        toStop.add(other.task);
      }
    }
    report(new RestartEvent(
        spec.name(), slot.spec.name(), slot.restarts, outcome, delay,
        group.members.stream().map(s -> s.spec.name()).toList(), ctx.loop().instant()));
    for (int i = toStop.size() - 1; i >= 0; i--) {
      toStop.get(i).cancel(); // reverse start order, as OTP stops children
    }
    if (group.pending == 0) {
      startGroup(group);
    }
  }

  /** Records a restart at {@code now} if the intensity allows one more in the window. */
  private boolean admit(long now) {
    while (!recentRestarts.isEmpty() && now - recentRestarts.peekFirst() >= withinNanos) {
      recentRestarts.pollFirst();
    }
    if (recentRestarts.size() >= spec.policy().maxRestarts()) {
      return false;
    }
    recentRestarts.addLast(now);
    return true;
  }

  private List<Slot> affectedBy(Slot slot) {
    switch (spec.strategy()) {
      case ONE_FOR_ALL:
        return List.of(slots);
      case REST_FOR_ONE:
        return List.of(slots).subList(slot.index, slots.length);
      default:
        return List.of(slot);
    }
  }

  private void startGroup(Group group) {
    for (Slot s : group.members) {
      launch(s, group.delayNanos);
    }
  }

  private void escalate(Slot slot, Outcome outcome) {
    RestartPolicy p = spec.policy();
    String how = outcome.isFailed() ? "failed (" + outcome.error() + ")"
        : outcome.isCancelled() ? "was cancelled" : "finished";
    escalation = new RestartLimitException(
        ctx.path(), spec.name(), slot.spec.name(), p.maxRestarts(), p.within(), how, outcome.error());
    LOG.log(Level.ERROR, escalation.getMessage());
    scope.cancel();
  }

  private void report(RestartEvent event) {
    if (event.cause() != null) {
      LOG.log(Level.WARNING, event.toString()); // the cause's stack at DEBUG: a crash loop must not flood the log
      LOG.log(Level.DEBUG, "cause of the restart of '" + event.child() + "'", event.cause());
    } else {
      LOG.log(Level.INFO, event.toString());
    }
    for (RestartListener l : spec.listeners()) {
      try {
        l.onRestart(event);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "a restart listener of supervisor '" + spec.name() + "' threw", e);
      }
    }
  }

  /** A child of this run: its current task (null when none runs) and its restart history. */
  private static final class Slot {
    final int index;
    final Supervisor.ChildSpec spec;
    /** The child's wire in a scope of its own, so that "ended" covers all it started. */
    final Wire body;
    Task task;
    /** The group restart this child was cancelled for, until it has ended. */
    Group group;
    long runningSince;
    int attempt;
    int restarts;

    Slot(int index, Supervisor.ChildSpec spec) {
      this.index = index;
      this.spec = spec;
      ScopeOptions options = ScopeOptions.defaults().named(spec.name());
      this.body = Wire.scope(options, s -> s.start(spec.wire()));
    }
  }

  /** A pending restart of several children: who restarts, after what delay, how many must end first. */
  private static final class Group {
    final long delayNanos;
    final List<Slot> members = new ArrayList<>();
    int pending;

    Group(long delayNanos) {
      this.delayNanos = delayNanos;
    }
  }
}
