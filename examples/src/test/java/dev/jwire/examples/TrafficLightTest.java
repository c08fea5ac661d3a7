package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TrafficLightTest {
  @Test
  void run_cyclesThreeTimesWithEachLightsDuration() {
    List<String> lines = new CopyOnWriteArrayList<>();
    EventLoop.Builder loop = EventLoop.builder().virtualTime();
    TrafficLight.run(loop, lines::add);
    assertThat(lines)
        .containsExactly(
            "    0 ms  red", "  500 ms  green", "  900 ms  yellow",
            " 1000 ms  red", " 1500 ms  green", " 1900 ms  yellow",
            " 2000 ms  red", " 2500 ms  green", " 2900 ms  yellow");
  }
}
