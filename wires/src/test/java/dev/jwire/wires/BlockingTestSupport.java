package dev.jwire.wires;

import static java.util.concurrent.TimeUnit.SECONDS;

import dev.jwire.engine.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Helpers for the blocking-offload tests: an event recorder and latch waits usable in lambdas. */
final class BlockingTestSupport {
  private BlockingTestSupport() {}

  /**
   * Waits for {@code latch}; for work that is released by the test. Fails rather than hangs if
   * the test never releases it.
   */
  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, SECONDS)) {
        throw new AssertionError("latch was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  /**
   * Waits for {@code latch}; when interrupted, restores the interrupt flag and returns (the
   * well-behaved idiom), leaving the flag set for whoever runs next on this thread.
   */
  static void awaitRestoringInterrupt(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A thread-safe list of events, compared at the end of a test. */
  static final class Recorder {
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
}
