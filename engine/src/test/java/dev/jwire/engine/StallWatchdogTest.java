package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The stall watchdog reports a step that holds a loop thread too long, with wire and stack. */
class StallWatchdogTest {

  private static void holdTheThread(AtomicBoolean release) {
    while (!release.get()) {
      Thread.onSpinWait(); // a CPU-bound step: what the watchdog is for
    }
  }

  @Test
  void longStep_isReportedOnceWithWireAndStack() {
    List<StallReport> reports = new CopyOnWriteArrayList<>();
    AtomicBoolean release = new AtomicBoolean();
    try (EventLoop loop = EventLoop.builder().name("watched").stallThreshold(Duration.ofMillis(20)).onStall(reports::add).build()) {
      loop.start(Wire.call(() -> holdTheThread(release)).named("cruncher"));
      await().until(() -> !reports.isEmpty());
      release.set(true);
      loop.run();
    }
    assertThat(reports).hasSize(1);
    StallReport r = reports.get(0);
    assertThat(r.loop()).isEqualTo("watched");
    assertThat(r.thread()).isEqualTo("watched-0");
    assertThat(r.wire()).isEqualTo("cruncher#1");
    assertThat(r.heldFor()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    assertThat(r.stack()).anySatisfy(e -> assertThat(e.getMethodName()).isEqualTo("holdTheThread"));
    assertThat(r.describe()).contains("'cruncher#1'").contains("holdTheThread");
  }

  @Test
  void shortSteps_areNotReported() {
    List<StallReport> reports = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.builder().stallThreshold(Duration.ofMillis(500)).onStall(reports::add).build()) {
      loop.start(Wire.sleep(Duration.ofMillis(1)).then(Wire.call(() -> {})).times(50));
      loop.run();
    }
    assertThat(reports).isEmpty();
  }

  @Test
  void threshold_mustBePositive() {
    assertThatThrownBy(() -> EventLoop.builder().stallThreshold(Duration.ZERO)).hasMessage("threshold : PT0S (expected: > 0)");
  }
}
