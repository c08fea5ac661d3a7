package dev.jwire.wires;

import dev.jwire.engine.Scope;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * A periodic timer, as a wire: {@link Timers#every}. Immutable; each setting returns a copy.
 *
 * <pre>{@code
 * Timers.every(Duration.ofMinutes(1), poll)            // fixed rate, misfires coalesced
 *     .onMisfire(MisfirePolicy.SKIP)
 *     .initialDelay(Duration.ZERO)
 *     .limit(60);                                      // an hour of polls, then done
 * }</pre>
 *
 * <p>Each run is the body's whole chain, in a scope of its own: the next run (except with {@link
 * MisfirePolicy#OVERLAP}) waits for everything the body started. A failing run fails the timer.
 *
 * <p><b>Timing.</b> Fixed rate: run {@code k} is due at {@code start + initialDelay + k * period}
 * on the loop clock, so lateness never accumulates. Fixed delay: each run is due {@code period}
 * after the previous one ended.
 */
public final class Every extends StepWire {
  private final Duration period;
  private final Wire body;
  private final boolean fixedRate;
  private final MisfirePolicy misfire;
  private final Duration initialDelay;
  private final long limit;

  private Every(Duration period, Wire body, boolean fixedRate, MisfirePolicy misfire, Duration initialDelay, long limit) {
    this.period = period;
    this.body = body;
    this.fixedRate = fixedRate;
    this.misfire = misfire;
    this.initialDelay = initialDelay;
    this.limit = limit;
  }

  static Every of(Duration period, Wire body) {
    return new Every(period, body, true, MisfirePolicy.COALESCE, period, Long.MAX_VALUE);
  }

  /** @return a copy at a fixed rate (the default): runs are due on a grid of periods */
  public Every fixedRate() {
    return new Every(period, body, true, misfire, initialDelay, limit);
  }

  /** @return a copy with a fixed delay: each run is due one period after the previous ended */
  public Every fixedDelay() {
    return new Every(period, body, false, misfire, initialDelay, limit);
  }

  /**
   * @param policy what a fixed-rate timer does with missed ticks
   * @return a copy with this policy
   */
  public Every onMisfire(MisfirePolicy policy) {
    return new Every(period, body, fixedRate, Checks.notNull(policy, "policy"), initialDelay, limit);
  }

  /**
   * @param delay how long before the first run (default: one period); zero or more
   * @return a copy with this initial delay
   */
  public Every initialDelay(Duration delay) {
    return new Every(period, body, fixedRate, misfire, Checks.notNegative(delay, "delay"), limit);
  }

  /**
   * @param runs how many runs, then the timer is done; at least 1
   * @return a copy with this limit
   */
  public Every limit(long runs) {
    Checks.argument(runs >= 1, "runs : " + runs + " (expected: >= 1)");
    return new Every(period, body, fixedRate, misfire, initialDelay, runs);
  }

  @Override
  public Wire step(TaskImpl task) {
    return task.descend(build());
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return build().run(ctx);
  }

  private Wire build() {
    long periodNanos = Checks.toNanosSaturated(period);
    long delayNanos = Checks.toNanosSaturated(initialDelay);
    return Wire.scope(
        ScopeOptions.defaults().named("every"),
        s -> s.start(Wire.sync(ctx -> new Schedule(s, ctx.loop().nanoTime() + delayNanos, periodNanos).next(ctx)).named("timer")));
  }

  @Override
  public String name() {
    return "every " + period;
  }

  /**
   * The timer's state: the grid origin, the next tick, the runs so far. One task, one thread.
   * Each method returns the <em>successor</em> of the step that calls it, so the timer loops by
   * trampolining, in constant frames however many periods it runs.
   */
  private final class Schedule {
    private final Scope scope;
    private final long origin;
    private final long periodNanos;
    private long tick; // index of the next tick on the grid (fixed rate)
    private long due; // when the next run is due (fixed delay)
    private long runs;

    Schedule(Scope scope, long origin, long periodNanos) {
      this.scope = scope;
      this.origin = origin;
      this.periodNanos = periodNanos;
      this.due = origin;
    }

    /** What comes next: wait for the next tick, or run; null when the limit is reached. */
    Wire next(WireContext ctx) {
      if (runs >= limit) {
        return null;
      }
      long now = ctx.loop().nanoTime();
      long next = fixedRate ? origin + tick * periodNanos : due;
      if (now - next < 0) {
        return Wire.sleep(Duration.ofNanos(next - now)).then(Wire.sync(this::onTick));
      }
      return onTick(ctx);
    }

    /** At a tick (or late): how many ticks are due, and what the policy makes of them. */
    private Wire onTick(WireContext ctx) {
      if (!fixedRate) {
        return run(1, ctx);
      }
      long now = ctx.loop().nanoTime();
      long dueTicks = (now - origin) / periodNanos + 1 - tick; // ticks with time <= now not yet run
      if (dueTicks <= 1) {
        tick++;
        return run(1, ctx);
      }
      switch (misfire) {
        case SKIP:
          tick += dueTicks;
          return next(ctx);
        case COALESCE:
          tick += dueTicks;
          return run(1, ctx);
        case OVERLAP:
          tick += dueTicks;
          return run(dueTicks, ctx);
        default: // CATCH_UP: one tick now; the next is due already and runs right after
          tick++;
          return run(1, ctx);
      }
    }

    /** Runs the body {@code count} times: in sequence, or started side by side for OVERLAP. */
    private Wire run(long count, WireContext ctx) {
      long n = Math.min(count, limit - runs);
      runs += n;
      if (misfire == MisfirePolicy.OVERLAP && fixedRate) {
        for (long i = 0; i < n; i++) {
          scope.start(body);
        }
        return next(ctx);
      }
      Wire oneRun = Wire.scope(ScopeOptions.defaults().named("run"), s -> s.start(body));
      return oneRun.then(Wire.sync(c -> {
        due = c.loop().nanoTime() + periodNanos;
        return next(c);
      }));
    }
  }
}
