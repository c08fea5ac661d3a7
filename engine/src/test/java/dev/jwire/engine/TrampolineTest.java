package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Synchronous successors are trampolined: ten million steps in constant stack and memory. */
class TrampolineTest {
  private static final int STEPS = 10_000_000;

  @Test
  void tenMillionSyncTransitions_runInConstantStack() {
    EventLoop loop = EventLoop.builder().manual().build(); // the test thread drives: its stack is measured
    int[] n = {0};
    int[] depth = new int[2];
    Wire[] step = new Wire[1];
    step[0] = Wire.sync(ctx -> {
      n[0]++;
      if (n[0] == 1) {
        depth[0] = new Throwable().getStackTrace().length;
      } else if (n[0] == STEPS) {
        depth[1] = new Throwable().getStackTrace().length;
        return null;
      }
      return step[0];
    });
    loop.start(step[0]);
    loop.run();
    assertThat(n[0]).isEqualTo(STEPS);
    assertThat(depth[1]).isEqualTo(depth[0]);
  }

  @Test
  void tenMillionMonoJustTransitions_onALoopThread() {
    try (EventLoop loop = EventLoop.create()) {
      int[] n = {0};
      Wire[] step = new Wire[1];
      step[0] = ctx -> ++n[0] < STEPS ? Mono.just(step[0]) : Mono.empty();
      loop.start(step[0]);
      loop.run();
      assertThat(n[0]).isEqualTo(STEPS);
    }
  }

  @Test
  void recursionThroughThen_keepsTheFrameStackBounded() {
    EventLoop loop = EventLoop.builder().manual().build();
    AtomicInteger n = new AtomicInteger();
    String[] paths = new String[2];
    Wire[] state = new Wire[1];
    state[0] = Wire.sync(ctx -> {
      int i = n.incrementAndGet();
      if (i == 2) {
        paths[0] = ctx.path();
      }
      if (i == 1_000_000) {
        paths[1] = ctx.path();
        return null;
      }
      return Wire.call(() -> {}).then(state[0]); // aiowire style: Call(...) >> Wire(state)
    });
    loop.start(state[0]);
    loop.run();
    assertThat(paths[1]).isEqualTo(paths[0]).isEqualTo("wire#1 > then[1]");
  }

  @Test
  void tenMillionRepetitions_ofACall() {
    EventLoop loop = EventLoop.builder().manual().build();
    int[] n = {0};
    loop.start(Wire.call(() -> n[0]++).times(STEPS));
    loop.run();
    assertThat(n[0]).isEqualTo(STEPS);
  }
}
