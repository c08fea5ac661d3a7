package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * aiowire's README state machine, {@code ready} and {@code working}, draining a job queue:
 *
 * <pre>
 *  ready ── new job: start it ──▶ working ── complete: finish it ──▶ ready
 *    │ queue empty: sleep 1 s, ready       │ not yet: sleep 0.5 s, working
 *    └ queue closed and empty: done
 * </pre>
 *
 * <p>A producer wire queues the jobs, one every 2 s from 0.2 s, then closes the queue. A job
 * "runs" for its duration on the loop clock. Every transition is printed with its loop time.
 */
public final class JobMachine {
  /**
   * A job of the queue.
   *
   * @param name its name
   * @param duration how long it works, on the loop clock
   */
  public record Job(String name, Duration duration) {
    @Override
    public String toString() {
      return name + " (" + seconds(duration) + " s)";
    }
  }

  /** The jobs of the default run. */
  public static final List<Job> JOBS =
      List.of(
          new Job("build", Duration.ofMillis(1500)),
          new Job("test", Duration.ofSeconds(1)),
          new Job("deploy", Duration.ofMillis(500)));

  static final Duration FIRST_ARRIVAL = Duration.ofMillis(200);
  static final Duration ARRIVAL_EVERY = Duration.ofSeconds(2);
  static final Duration IDLE_POLL = Duration.ofSeconds(1);
  static final Duration WORK_POLL = Duration.ofMillis(500);

  private JobMachine() {}

  /**
   * The state both wires share (aiowire's {@code info}): the queue, the job in progress, the jobs
   * done. Touched only by the loop's steps.
   */
  static final class Info {
    private final EventLoop loop;
    private final LoopLog log;
    private final Deque<Job> queue = new ArrayDeque<>();
    private final List<String> finished = new ArrayList<>();
    private boolean closed;
    private Job current;
    private long startedAt;

    Info(EventLoop loop, LoopLog log) {
      this.loop = loop;
      this.log = log;
    }

    void submit(Job job) {
      queue.addLast(job);
      log.println("producer: queued " + job);
    }

    void close() {
      closed = true;
      log.println("producer: no more jobs");
    }

    /** aiowire's {@code info.new_task()}: takes the next job, if any. */
    boolean newTask() {
      current = queue.pollFirst();
      startedAt = loop.nanoTime();
      return current != null;
    }

    /** aiowire's {@code info.complete()}: whether the current job has worked long enough. */
    boolean complete() {
      return loop.nanoTime() - startedAt >= current.duration().toNanos();
    }

    boolean drained() {
      return closed && queue.isEmpty();
    }
  }

  /**
   * The {@code ready} state: start the next job, or wait a second for one, or stop once the queue
   * is closed and empty.
   */
  static Wire ready(Info info) {
    return Wire.sync(
            ctx -> {
              if (info.newTask()) {
                info.log.println("ready -> working: start " + info.current.name()); // do_working_action()
                return working(info);
              }
              if (info.drained()) {
                info.log.println("ready: queue closed and empty, machine done");
                return null;
              }
              info.log.println("ready: queue empty, sleep " + seconds(IDLE_POLL) + " s");
              return Wire.sleep(IDLE_POLL).then(ready(info)); // Call(asyncio.sleep, 1.0) >> Wire(ready, info)
            })
        .named("ready");
  }

  /** The {@code working} state: finish the job when it is complete, else check again in 0.5 s. */
  static Wire working(Info info) {
    return Wire.sync(
            ctx -> {
              if (info.complete()) {
                info.finished.add(info.current.name()); // do_complete_action()
                info.log.println("working -> ready: " + info.current.name() + " done");
                return ready(info);
              }
              return Wire.sleep(WORK_POLL).then(working(info));
            })
        .named("working");
  }

  /** The producer: queues {@code jobs} at 0.2 s, 2.2 s, 4.2 s... then closes the queue. */
  static Wire producer(Info info, List<Job> jobs) {
    Wire w = Wire.sleep(FIRST_ARRIVAL);
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      if (i > 0) {
        w = w.then(Wire.sleep(ARRIVAL_EVERY));
      }
      w = w.then(Wire.call(() -> info.submit(job)));
    }
    return w.then(Wire.call(info::close)).named("producer");
  }

  /**
   * Runs the machine on {@link #JOBS} until every job is done.
   *
   * @param builder the loop's settings
   * @param out receives the stamped transitions
   * @return the names of the jobs done, in order
   */
  public static List<String> run(EventLoop.Builder builder, Consumer<String> out) {
    return run(builder, out, JOBS);
  }

  /**
   * Runs the machine on {@code jobs} until every job is done. One root wire starts the producer
   * and becomes the machine, so both begin at the same loop instant, whatever the loop.
   *
   * @param builder the loop's settings
   * @param out receives the stamped transitions
   * @param jobs the jobs the producer queues, in order
   * @return the names of the jobs done, in order
   */
  public static List<String> run(EventLoop.Builder builder, Consumer<String> out, List<Job> jobs) {
    Info info;
    try (EventLoop loop = builder.build()) {
      info = new Info(loop, new LoopLog(loop, out));
      loop.start(machine(info, jobs));
    }
    return List.copyOf(info.finished);
  }

  /** The root wire: starts the producer beside itself, then becomes the machine in {@code ready}. */
  static Wire machine(Info info, List<Job> jobs) {
    return Wire.sync(
            ctx -> {
              ctx.start(producer(info, jobs));
              return ready(info);
            })
        .named("job-machine");
  }

  static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
  }
}
