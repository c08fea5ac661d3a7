package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BeepsTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void beepsFourTimesEveryHundredMillis(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    Beeps.run(builder.get(), lines::add);

    assertThat(lines)
        .containsExactly("[0.100s] beep", "[0.200s] beep", "[0.300s] beep", "[0.400s] beep");
  }
}
