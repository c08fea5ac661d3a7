package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.UnhandledWireException;
import dev.jwire.engine.Wire;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** spool's go: a blocking function on a worker, with a two-way channel to the wire that started it. */
class GoTest {
  private static final Duration LIMIT = Duration.ofMinutes(1); // a safety net, never reached when all is well

  private final List<Object> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().name("go").build();

  @AfterEach
  void closeLoop() {
    loop.cancelAll();
    loop.close();
  }

  private Wire record(Object event) {
    return Wire.call(() -> events.add(event));
  }

  private static long fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  /** Reads numbers until the end of its input; answers each with its Fibonacci number. */
  private static final Go.Body<Integer, Long> FIBONACCI = self -> {
    for (Integer n = self.get(); n != null; n = self.get()) {
      self.put(fib(n));
    }
  };

  @Test
  void roundTrip_theWireSends_theFunctionAnswers_closingEndsItCleanly() {
    AtomicReference<GoChannel<Integer, Long>> channel = new AtomicReference<>();
    loop.start(Go.go(FIBONACCI, fib -> {
      channel.set(fib);
      return fib.send(10, fib.receive(a -> record("fib(10) = " + a).then(
          fib.send(20, fib.receive(b -> record("fib(20) = " + b).then(Wire.call(fib::close)))))));
    }));
    assertThat(loop.run(LIMIT)).isTrue();
    assertThat(events).containsExactly("fib(10) = 55", "fib(20) = 6765");
    assertThat(channel.get().task().state()).isEqualTo(Task.State.DONE);
    assertThat(channel.get().isOpen()).isFalse();
    assertThat(channel.get().input().isOpen()).isFalse();
  }

  @Test
  void plainThreads_usePutAndTake_likeSpoolsMainThread() throws Exception {
    GoChannel<Integer, Long> fib = Go.go(loop.rootScope(), FIBONACCI);
    fib.put(30);
    assertThat(fib.take()).isEqualTo(832_040L);
    fib.close();
    assertThat(fib.take()).as("the end of the output").isNull();
    assertThat(loop.run(LIMIT)).isTrue();
  }

  @Test
  void theFunctionsFailure_reachesTheWireSide_asTheChannelsFailure() {
    AtomicReference<Throwable> wireError = new AtomicReference<>();
    AtomicReference<GoChannel<String, String>> channel = new AtomicReference<>();
    Go.Body<String, String> failing = self -> {
      self.put("partial");
      throw new IOException("disk gone");
    };
    loop.start(Go.go(failing, ch -> {
      channel.set(ch);
      return ch.receive(v -> record("got " + v).then(ch.receive(w -> record("unexpected " + w))));
    }), (ctx, e) -> wireError.set(e));
    assertThat(loop.run(LIMIT)).as("the function's failure does not escape the run").isTrue();
    assertThat(events).containsExactly("got partial");
    assertThat(wireError.get()).isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("go output").hasRootCauseInstanceOf(IOException.class).hasRootCauseMessage("disk gone");
    Task task = channel.get().task();
    assertThat(task.state()).isEqualTo(Task.State.FAILED);
    assertThat(task.error()).isInstanceOf(IOException.class);
  }

  @Test
  void aFailureTheChannelCannotCarry_surfacesFromTheRun() {
    Go.go(loop.rootScope(), (Go.Self<String, String> self) -> {
      self.close();
      throw new IllegalStateException("failed after closing its output");
    });
    assertThatThrownBy(() -> loop.run(LIMIT))
        .isInstanceOf(UnhandledWireException.class).hasRootCauseMessage("failed after closing its output");
  }

  /** Repeated: the interrupt and the end of the task race; the outcome must not depend on who wins. */
  @RepeatedTest(20)
  void cancel_interruptsTheBlockedFunction_andTheOutputEnds() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> seenByFunction = new AtomicReference<>();
    GoChannel<String, String> ch = Go.go(loop.rootScope(), (Go.Self<String, String> self) -> {
      started.countDown();
      try {
        self.get(); // nobody sends
      } catch (InterruptedException e) {
        seenByFunction.set(e);
        throw e;
      }
    });
    loop.start(ch.receive(v -> record("unexpected " + v), record("output ended")));
    started.await();
    ch.cancel();
    assertThat(loop.run(LIMIT)).isTrue();
    await().until(() -> seenByFunction.get() != null);
    assertThat(seenByFunction.get()).isInstanceOf(InterruptedException.class);
    assertThat(ch.task().state()).isEqualTo(Task.State.CANCELLED);
    assertThat(events).containsExactly("output ended");
    assertThat(ch.input().isOpen()).isFalse();
    assertThatThrownBy(() -> ch.put("late")).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void cancellingTheScope_cancelsTheFunctionToo() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<GoChannel<String, String>> channel = new AtomicReference<>();
    Task outer = loop.start(Wire.scope(dev.jwire.engine.ScopeOptions.defaults().named("with-go"),
        scope -> channel.set(Go.go(scope, (Go.Self<String, String> self) -> {
          started.countDown();
          self.get();
        }))));
    started.await();
    outer.cancel();
    assertThat(loop.run(LIMIT)).isTrue();
    assertThat(channel.get().task().state()).isEqualTo(Task.State.CANCELLED);
  }

  @Test
  void isOpen_isSpoolsAlive_theFunctionLoopsUntilTheWireCloses() throws Exception {
    GoChannel<String, Integer> pulse = Go.go(loop.rootScope(), (Go.Self<String, Integer> self) -> {
      int n = 0;
      while (self.isOpen()) {
        self.put(n++); // blocks while the output is full
      }
    });
    assertThat(pulse.take()).isZero();
    assertThat(pulse.take()).isOne();
    pulse.close();
    while (pulse.take() != null) {
      // drain what the function put before it saw the close
    }
    assertThat(loop.run(LIMIT)).isTrue();
    assertThat(pulse.task().state()).isEqualTo(Task.State.DONE);
  }

  @Test
  void badArguments_failAtOnce() {
    assertThatThrownBy(() -> Go.builder().capacity(-1)).hasMessage("capacity : -1 (expected: >= 0)");
    assertThatThrownBy(() -> Go.builder().executor("no-such-pool"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-pool");
    assertThatThrownBy(() -> Go.go(null, FIBONACCI)).hasMessage("scope : null (expected: non-null)");
    assertThatThrownBy(() -> Go.go(FIBONACCI, null)).hasMessage("then : null (expected: non-null)");
  }
}
