package dev.jwire.engine;

import java.util.ArrayList;
import java.util.List;

/** A thread-safe list of events, compared at the end of a test. */
final class Recorder {
  private final List<String> events = new ArrayList<>();

  synchronized void add(String event) {
    events.add(event);
  }

  Wire call(String event) {
    return Wire.call(() -> add(event));
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }
}
