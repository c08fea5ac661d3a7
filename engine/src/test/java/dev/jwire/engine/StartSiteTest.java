package dev.jwire.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Start sites name the right line: regression for overloads sharing a bytecode index. */
class StartSiteTest {
  private static final Wire FAIL = Wire.call(() -> {
    throw new IllegalStateException("x");
  });

  private static int lineOfStart(Runnable startsAFailingTask, EventLoop loop) {
    startsAFailingTask.run();
    UnhandledWireException e = catchThrowableOfType(UnhandledWireException.class, loop::run);
    return e.getStackTrace()[0].getLineNumber();
  }

  private static void go(EventLoop loop) {
    loop.start(FAIL);
  }

  private static void go(EventLoop loop, int unused) {
    loop.start(FAIL);
  }

  @Test
  void overloadsCallingStartAtTheSameOffset_reportTheirOwnLines() {
    EventLoop loop = EventLoop.builder().manual().build();
    int first = lineOfStart(() -> go(loop), loop);
    int second = lineOfStart(() -> go(loop, 1), loop);
    assertThat(second).isEqualTo(first + 4);
  }

  @Test
  void startWithHandler_recordsNoSite_andStartFromAStepSharesTheStartersSite() {
    EventLoop loop = EventLoop.builder().manual().build();
    loop.start(ctx -> {
      ctx.start(FAIL);
      return Wire.done();
    });
    UnhandledWireException e = catchThrowableOfType(UnhandledWireException.class, loop::run);
    assertThat(e.getStackTrace()[0].getMethodName())
        .isEqualTo("startWithHandler_recordsNoSite_andStartFromAStepSharesTheStartersSite");
  }

  @Test
  void startSitesOff_recordsNothing() {
    EventLoop loop = EventLoop.builder().manual().startSites(StartSiteCapture.OFF).build();
    loop.start(FAIL);
    UnhandledWireException e = catchThrowableOfType(UnhandledWireException.class, loop::run);
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.startSite()).isEmpty();
    assertThat(e).hasMessageNotContaining("started at");
  }
}
