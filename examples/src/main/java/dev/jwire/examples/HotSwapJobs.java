package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import dev.jwire.wires.Backoff;
import dev.jwire.wires.HotSwap;
import dev.jwire.wires.Restart;
import dev.jwire.wires.RestartEvent;
import dev.jwire.wires.RestartLog;
import dev.jwire.wires.RestartPolicy;
import dev.jwire.wires.Supervisor;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Supervision and hot swap on one loop (asyncoro's monitoring, restarting and hot-swapping):
 *
 * <ul>
 *   <li>a {@code db-client} whose database is down for the first 2.5 s: it fails to connect, and
 *       its supervisor restarts it after 0.2, 0.4, 0.8 and 1.6 s (exponential backoff), until it
 *       connects, runs two queries and finishes (a transient child: done, not restarted);
 *   <li>a job loop, {@code jobs}, that takes one job a second from a queue; at 4.5 s an operator
 *       upgrades it, while it runs, to a version that takes two jobs a step. The step in flight
 *       finishes under version 1; the next runs version 2, whose state is migrated from version 1's
 *       (Erlang's {@code code_change}).
 * </ul>
 */
public final class HotSwapJobs {
  static final Duration DB_DOWN_UNTIL = Duration.ofMillis(2500);
  static final Duration UPGRADE_AT = Duration.ofMillis(4500);
  static final Duration STEP = Duration.ofSeconds(1);

  private HotSwapJobs() {}

  /** Version 1's state: how many jobs are done. */
  record Stats(int done) {}

  /** Version 2's state: version 1's, and the batches run since the upgrade. */
  record BatchStats(int done, int batches) {}

  /**
   * Runs the example on eight jobs.
   *
   * @param builder the loop's settings
   * @param out receives the stamped lines
   * @return the jobs done, each with the version that did it, e.g. {@code v1 job-1}
   */
  public static List<String> run(EventLoop.Builder builder, Consumer<String> out) {
    List<String> done = new ArrayList<>();
    RestartLog restarts = RestartLog.create();
    try (EventLoop loop = builder.build()) {
      LoopLog log = new LoopLog(loop, out);
      Deque<String> queue = new ArrayDeque<>();
      for (int i = 1; i <= 8; i++) {
        queue.add("job-" + i);
      }
      HotSwap swaps = HotSwap.create();
      loop.start(dbSupervisor(loop, log, restarts));
      loop.start(swaps.named("jobs", new Stats(0), v1(queue, log, done)));
      loop.start(Wire.sleep(UPGRADE_AT).then(Wire.call(() -> {
        log.println("operator: upgrade jobs to v2 (two jobs a step), while it runs");
        swaps.swap("jobs", v2(queue, log, done), (Stats old) -> new BatchStats(old.done(), 0));
      })));
    }
    out.accept("restart log: " + restarts.events().stream().map(e -> e.child() + " #" + e.restart() + " after "
        + e.cause().getClass().getSimpleName()).toList());
    return done;
  }

  /** The db-client, restarted with backoff until it connects. */
  static Supervisor dbSupervisor(EventLoop loop, LoopLog log, RestartLog restarts) {
    Wire connect = Wire.call(() -> {
      if (loop.nanoTime() < DB_DOWN_UNTIL.toNanos()) {
        log.println("db-client: connecting... refused");
        throw new ConnectException("connection refused");
      }
      log.println("db-client: connected");
      return null;
    });
    Wire client = connect.then(Wire.sleep(STEP).then(Wire.call(() -> log.println("db-client: query ok"))).times(2));
    RestartPolicy policy = RestartPolicy.defaults()
        .restart(Restart.TRANSIENT)
        .backoff(Backoff.exponential(Duration.ofMillis(200), Duration.ofSeconds(5)))
        .maxRestarts(5, Duration.ofSeconds(10));
    return Supervisor.builder()
        .named("db")
        .policy(policy)
        .child("db-client", client)
        .onRestart(restarts)
        .onRestart(e -> log.println("supervisor: " + describe(e)))
        .build();
  }

  static String describe(RestartEvent e) {
    return e.child() + " failed (" + e.cause().getMessage() + "), restart " + e.restart() + " in "
        + JobMachine.seconds(e.delay()) + " s";
  }

  /** Version 1: one job a step. */
  static HotSwap.Code<Stats> v1(Deque<String> queue, LoopLog log, List<String> done) {
    return (stats, next) -> Wire.sleep(STEP).then(Wire.sync(ctx -> {
      String job = queue.pollFirst();
      if (job == null) {
        log.println("jobs v1: queue empty, done");
        return null;
      }
      done.add("v1 " + job);
      log.println("jobs v1: " + job + " done (" + (stats.done() + 1) + " in all)");
      return next.with(new Stats(stats.done() + 1));
    }));
  }

  /** Version 2: up to two jobs a step, and a count of batches. */
  static HotSwap.Code<BatchStats> v2(Deque<String> queue, LoopLog log, List<String> done) {
    return (stats, next) -> Wire.sleep(STEP).then(Wire.sync(ctx -> {
      List<String> batch = new ArrayList<>();
      while (batch.size() < 2 && !queue.isEmpty()) {
        batch.add(queue.pollFirst());
      }
      if (batch.isEmpty()) {
        log.println("jobs v2: queue empty, done after " + stats.batches() + " batches");
        return null;
      }
      batch.forEach(job -> done.add("v2 " + job));
      BatchStats now = new BatchStats(stats.done() + batch.size(), stats.batches() + 1);
      log.println("jobs v2: " + String.join(", ", batch) + " done (" + now.done() + " in all, batch "
          + now.batches() + ")");
      return next.with(now);
    }));
  }
}
