package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * aiowire's README example: two {@code show_event} wires share one event counter (a global in
 * Python) under a 1 s loop timeout. Each run prints {@code Running...}, increments the counter,
 * sleeps {@code counter * 0.15 s}, prints {@code Event <counter>} (the counter as it is
 * <em>then</em>, which the other wire may have moved on) and continues while the counter is below
 * 5. The wire still asleep at 1 s is cancelled by the timeout.
 */
public final class ShowEvents {
  /** The loop timeout of the README: {@code EventLoop(timeout=1)}. */
  public static final Duration TIMEOUT = Duration.ofSeconds(1);

  private static final Duration STEP = Duration.ofMillis(150);

  private final LoopLog log;
  /** aiowire's global {@code event}: both wires read and move it. */
  private int event;

  private final Wire report = Wire.sync(this::report).named("report");
  private final Wire showEvent = Wire.sync(this::showEvent).named("show_event");

  private ShowEvents(LoopLog log) {
    this.log = log;
  }

  /** Before the sleep: {@code print("Running..."); event += 1; await sleep(event*0.15)}. */
  private Wire showEvent(WireContext ctx) {
    log.println("Running...");
    event++;
    return Wire.sleep(STEP.multipliedBy(event)).then(report);
  }

  /** After the sleep: {@code print(f"Event {event}")}, then the next run or the end. */
  private Wire report(WireContext ctx) {
    log.println("Event " + event);
    return event < 5 ? showEvent : null;
  }

  /**
   * Runs the example: like {@code async with EventLoop(timeout=1)}, the loop is closed after
   * starting both wires, which runs them until they end or the timeout cancels them.
   *
   * @param builder the loop's settings; its timeout is set to {@link #TIMEOUT}
   * @param out receives the stamped lines
   * @return the final value of the shared counter
   */
  public static int run(EventLoop.Builder builder, Consumer<String> out) {
    ShowEvents example;
    try (EventLoop loop = builder.timeout(TIMEOUT).build()) {
      example = new ShowEvents(new LoopLog(loop, out));
      loop.start(example.showEvent);
      loop.start(example.showEvent);
    }
    return example.event;
  }
}
