package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Loop threads never block while blocking work is handed over, waited for, resumed or cancelled.
 * Runs in its own surefire execution: BlockHound instruments the JVM, and the engine's integration
 * (found through ServiceLoader) marks loop threads non-blocking.
 */
class BlockingBlockHoundTest {
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void installBlockHound() {
    BlockHound.install();
  }

  @Test
  void blockingAndParallelWires_neverBlockTheLoopThreads() {
    AtomicInteger results = new AtomicInteger();
    AtomicInteger innerSteps = new AtomicInteger();
    try (EventLoop loop = EventLoop.builder().name("bh").threads(2).build()) {
      for (int i = 0; i < 200; i++) {
        Wire sleepy = Blocking.call(() -> {
          Thread.sleep(1);
          return 1;
        }, r -> Wire.call(() -> results.addAndGet(r)));
        Wire frame = Blocking.parallel(Wire.sync(ctx -> {
          sleepQuietly();
          innerSteps.incrementAndGet();
          return Wire.sleep(Duration.ofMillis(1)).then(Wire.sync(c -> {
            sleepQuietly();
            innerSteps.incrementAndGet();
            return null;
          }));
        }));
        Wire chain = Wire.sequence(sleepy, frame, Blocking.run(BlockingBlockHoundTest::sleepQuietly));
        loop.start(chain, (ctx, e) -> errors.add(e));
      }
      loop.run();
    }
    assertThat(errors).isEmpty();
    assertThat(results).hasValue(200);
    assertThat(innerSteps).hasValue(400);
  }

  @Test
  void cancellingBlockingWork_interruptsItWithoutBlockingTheLoop() throws Exception {
    int n = 20;
    CountDownLatch started = new CountDownLatch(n);
    CountDownLatch interrupted = new CountDownLatch(n);
    List<Task> tasks = new ArrayList<>();
    List<Pipe> pipes = new ArrayList<>();
    try (EventLoop loop = EventLoop.builder().name("bhc").build()) {
      for (int i = 0; i < n; i++) {
        Pipe pipe = Pipe.open();
        pipes.add(pipe);
        // a read on an interruptible channel: the interrupt closes the channel, which may wait
        tasks.add(loop.start(Blocking.call(() -> {
          started.countDown();
          try {
            return pipe.source().read(ByteBuffer.allocate(1));
          } finally {
            if (Thread.currentThread().isInterrupted()) {
              interrupted.countDown();
            }
          }
        }, r -> Wire.call(() -> errors.add(new AssertionError("continued after cancel")))), (ctx, e) -> errors.add(e)));
      }
      BlockingTestSupport.await(started);
      tasks.forEach(Task::cancel);
      loop.run();
    }
    BlockingTestSupport.await(interrupted);
    for (Pipe p : pipes) {
      p.sink().close();
      p.source().close();
    }
    assertThat(errors).isEmpty();
    assertThat(tasks).allMatch(t -> t.state() == Task.State.CANCELLED);
  }

  @Test
  void aBlockingCallOnTheLoopThread_isStillReported() {
    AtomicReference<Throwable> error = new AtomicReference<>();
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Wire.call(() -> {
        Thread.sleep(1);
        return null;
      }), (ctx, e) -> error.set(e));
      loop.run();
    }
    await().until(() -> error.get() != null);
    assertThat(error.get()).isInstanceOf(BlockingOperationError.class);
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
