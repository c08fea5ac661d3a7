package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Virtual-time loop builders for the tests, and a line collector. */
final class VirtualLoops {
  private VirtualLoops() {}

  /** @return a virtual loop with its own thread, and a manual one driven by the test's thread */
  static Stream<Arguments> builders() {
    return Stream.of(
        Arguments.of("threaded", (Supplier<EventLoop.Builder>) () -> EventLoop.builder().virtualTime()),
        Arguments.of("manual", (Supplier<EventLoop.Builder>) () -> EventLoop.builder().virtualTime().manual()));
  }

  /** @return a thread-safe list to collect an example's lines into */
  static List<String> lines() {
    return Collections.synchronizedList(new ArrayList<>());
  }
}
