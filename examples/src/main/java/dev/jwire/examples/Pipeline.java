package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import dev.jwire.wires.Channel;
import dev.jwire.wires.Select;
import dev.jwire.wires.Wires;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A producer/consumer pipeline on channels, with a select:
 *
 * <pre>
 *  producer ──jobs (bounded 2)──▶ worker w1 ─┐
 *                              └─▶ worker w2 ─┴─results (bounded 4)──▶ collector
 *                                                          select: a result, or 250 ms of quiet
 * </pre>
 *
 * <p>The producer sends six jobs into a small channel, so it waits whenever both workers are busy
 * and the channel is full; then it closes the channel. Each worker takes jobs until the channel has
 * ended, "works" on each for its duration on the loop clock, and sends the result on. When both
 * workers are done ({@link Wires#all}), the results channel is closed. The collector {@link
 * Select#select selects} between the next result and a timer: 250 ms without a result prints
 * {@code idle}. Nothing holds a thread while it waits.
 */
public final class Pipeline {
  /** How long each job takes, in milliseconds, by job number (1..6). */
  static final long[] WORK_MILLIS = {0, 200, 300, 100, 200, 100, 800};

  static final Duration IDLE = Duration.ofMillis(250);

  private Pipeline() {}

  /**
   * Runs the pipeline on a loop from {@code builder}, printing its events to {@code out}.
   *
   * @param builder the loop's builder
   * @param out receives the lines
   * @return the results, in the order the collector got them
   */
  public static List<String> run(EventLoop.Builder builder, Consumer<String> out) {
    List<String> collected = new ArrayList<>();
    try (EventLoop loop = builder.name("pipeline").build()) {
      LoopLog log = new LoopLog(loop, out);
      Channel<Integer> jobs = Channel.<Integer>builder().capacity(2).name("jobs").build();
      Channel<String> results = Channel.<String>builder().capacity(4).name("results").build();
      loop.start(producer(jobs, 1, log));
      loop.start(Wires.all(worker("w1", jobs, results, log), worker("w2", jobs, results, log))
          .then(Wire.call(() -> results.close())));
      loop.start(collector(results, log, collected));
    }
    return collected;
  }

  /** Sends job {@code n} and the ones after it, then closes the channel. */
  static Wire producer(Channel<Integer> jobs, int n, LoopLog log) {
    if (n == WORK_MILLIS.length) {
      return Wire.call(() -> {
        jobs.close();
        log.println("producer: no more jobs");
      });
    }
    return jobs.send(n, Wire.call(() -> log.println("producer: queued job " + n))
        .then(Wire.defer(ctx -> producer(jobs, n + 1, log))));
  }

  /** Takes a job, works on it, sends the result, and again; done when the jobs have ended. */
  static Wire worker(String name, Channel<Integer> jobs, Channel<String> results, LoopLog log) {
    return jobs.receive(job -> Wire.sequence(
        Wire.call(() -> log.println(name + ": working on job " + job)),
        Wire.sleep(Duration.ofMillis(WORK_MILLIS[job])),
        results.send("job " + job + " by " + name, Wire.defer(ctx -> worker(name, jobs, results, log)))));
  }

  /** Prints each result as it comes, or "idle" after a quiet spell; done when the results have ended. */
  static Wire collector(Channel<String> results, LoopLog log, List<String> collected) {
    Wire again = Wire.defer(ctx -> collector(results, log, collected));
    return Select.select(
        results.onReceive(
            r -> Wire.call(() -> {
              collected.add(r);
              log.println("collector: " + r);
            }).then(again),
            Wire.call(() -> log.println("collector: all results in"))),
        Select.onTimeout(IDLE, Wire.call(() -> log.println("collector: idle")).then(again)));
  }
}
