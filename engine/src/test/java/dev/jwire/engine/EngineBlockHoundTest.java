package dev.jwire.engine;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The engine never blocks a loop thread. Runs in its own surefire execution: BlockHound
 * instruments the JVM, and jwire's integration (found through ServiceLoader) marks loop threads
 * non-blocking.
 */
class EngineBlockHoundTest {

  @BeforeAll
  static void installBlockHound() {
    BlockHound.install();
  }

  @Test
  void engine_runsTimersAsyncHopsAndStartsWithoutBlocking() {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    AtomicInteger steps = new AtomicInteger();
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      for (int i = 0; i < 50; i++) {
        Wire async = Wire.call(() -> Mono.delay(ofMillis(1)).publishOn(Schedulers.parallel()));
        Wire future = Wire.call(() -> CompletableFuture.runAsync(steps::incrementAndGet));
        Wire spawn = ctx -> {
          ctx.start(Wire.sleep(ofMillis(2)).then(Wire.call(steps::incrementAndGet)));
          return Wire.done();
        };
        loop.start(Wire.sequence(Wire.sleep(ofMillis(1)), async, future, spawn).times(3), (ctx, e) -> errors.add(e));
      }
      loop.run();
      loop.start(Wire.sleep(ofMillis(3)).forever(), (ctx, e) -> errors.add(e));
      loop.run(ofMillis(30));
    }
    assertThat(errors).isEmpty();
    assertThat(steps).hasValue(300);
  }

  @Test
  void readinessWaits_selectOnlyWhereAllowed() throws Exception {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<String> got = new CopyOnWriteArrayList<>();
    java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
    try (EventLoop loop = EventLoop.create();
        java.nio.channels.Pipe.SinkChannel sink = pipe.sink();
        java.nio.channels.Pipe.SourceChannel source = pipe.source()) {
      loop.start(Wire.awaitReady(source, java.nio.channels.SelectionKey.OP_READ, ready -> Wire.call(() -> {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        source.read(b);
        got.add(new String(b.array(), 0, b.position(), java.nio.charset.StandardCharsets.UTF_8));
        return null;
      })), (ctx, e) -> errors.add(e));
      loop.start(Wire.sleep(ofMillis(20)).then(Wire.call(() -> sink.write(java.nio.ByteBuffer.wrap(new byte[] {'o', 'k'})))),
          (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(got).containsExactly("ok");
  }

  @Test
  void blockingCallInAWire_isReportedOnTheLoopThread() {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Wire.call(() -> {
        Thread.sleep(1);
        return null;
      }), (ctx, e) -> errors.add(e));
      loop.run();
    }
    assertThat(errors).singleElement().isInstanceOf(BlockingOperationError.class);
  }
}
