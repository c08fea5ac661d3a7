package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The README's state machine: a traffic light cycling red → green → yellow, three times. */
public final class TrafficLight {
  private final Consumer<String> out;

  /** @param out receives one line per state entered */
  public TrafficLight(Consumer<String> out) {
    this.out = out;
  }

  Wire red(int cycle) {
    return light("red", 500, () -> green(cycle));
  }

  Wire green(int cycle) {
    return light("green", 400, () -> yellow(cycle));
  }

  Wire yellow(int cycle) {
    return light("yellow", 100, () -> cycle < 3 ? red(cycle + 1) : null); // null: done
  }

  Wire light(String color, long millis, Supplier<Wire> next) {
    return Wire.call(() -> out.accept(color))
        .then(Wire.sleep(Duration.ofMillis(millis)))
        .then(Wire.sync(ctx -> next.get()));
  }

  /**
   * Runs three cycles on a loop built from {@code loop}.
   *
   * @param loop the loop's settings
   * @param out receives the lines
   */
  public static void run(EventLoop.Builder loop, Consumer<String> out) {
    try (EventLoop l = loop.build()) {
      long t0 = l.nanoTime();
      Consumer<String> stamped = line -> out.accept(String.format("%5d ms  %s", (l.nanoTime() - t0) / 1_000_000, line));
      l.start(new TrafficLight(stamped).red(1));
    }
  }
}
