package dev.jwire.examples;

import static java.time.Duration.ofMillis;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.util.function.Consumer;

/**
 * aiowire's alarm example, {@code (Call(asyncio.sleep, 0.1) >> Call(print, 'beep')) * 4}: four
 * beeps, at 100, 200, 300 and 400 ms on the loop clock.
 */
public final class Beeps {
  private Beeps() {}

  /**
   * @param log where the beeps go
   * @return the program: sleep 100 ms, beep; four times in a row
   */
  public static Wire program(LoopLog log) {
    return Wire.sleep(ofMillis(100)).then(Wire.call(() -> log.println("beep"))).times(4).named("beeps");
  }

  /**
   * Runs the program on a loop built from {@code builder} until it ends.
   *
   * @param builder the loop's settings
   * @param out receives {@code [0.100s] beep} and so on
   */
  public static void run(EventLoop.Builder builder, Consumer<String> out) {
    try (EventLoop loop = builder.build()) {
      loop.start(program(new LoopLog(loop, out)));
    }
  }
}
