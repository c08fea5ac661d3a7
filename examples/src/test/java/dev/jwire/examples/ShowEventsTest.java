package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShowEventsTest {

  /**
   * Worked out by hand. Wire A and wire B share {@code event}; each prints the counter as it is
   * when its sleep ends:
   *
   * <pre>
   * 0.00  A: Running..., event=1, sleeps 0.15 (to 0.15)
   * 0.00  B: Running..., event=2, sleeps 0.30 (to 0.30)
   * 0.15  A: Event 2; Running..., event=3, sleeps 0.45 (to 0.60)
   * 0.30  B: Event 3; Running..., event=4, sleeps 0.60 (to 0.90)
   * 0.60  A: Event 4; Running..., event=5, sleeps 0.75 (to 1.35)
   * 0.90  B: Event 5; 5 &lt; 5 is false: B is done
   * 1.00  the timeout cancels A, asleep until 1.35: no second "Event 5"
   * </pre>
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void printsWhatAiowireWouldWithinOneSecond(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    int event = ShowEvents.run(builder.get(), lines::add);

    assertThat(lines)
        .containsExactly(
            "[0.000s] Running...",
            "[0.000s] Running...",
            "[0.150s] Event 2",
            "[0.150s] Running...",
            "[0.300s] Event 3",
            "[0.300s] Running...",
            "[0.600s] Event 4",
            "[0.600s] Running...",
            "[0.900s] Event 5");
    assertThat(event).isEqualTo(5);
  }
}
