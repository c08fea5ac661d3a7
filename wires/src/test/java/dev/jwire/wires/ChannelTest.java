package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Channels between wires: order, capacity, waiting, closing, cancellation, bad input. */
class ChannelTest {
  private final List<Object> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().manual().build();

  /** Sends each value in order, then continues with {@code tail}. */
  private static <T> Wire sendAll(SendChannel<T> ch, List<T> values, Wire tail) {
    Wire w = tail;
    for (int i = values.size() - 1; i >= 0; i--) {
      w = ch.send(values.get(i), w);
    }
    return w;
  }

  private Wire record(String event) {
    return Wire.call(() -> events.add(event));
  }

  /** Records every message, then "end". */
  private Wire drain(ReceiveChannel<String> ch) {
    return ch.receive(m -> record(m).then(drain(ch)), record("end"));
  }

  @Test
  void messagesComeOutInTheOrderTheyWentIn() {
    Channel<Integer> ch = Channel.bounded(4);
    loop.start(sendAll(ch, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Wire.call(() -> ch.close())));
    loop.start(ch.forEach(events::add).then(Wire.call(() -> events.add("after the end"))));
    loop.run();
    assertThat(events).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "after the end");
    assertThat(ch.isEnded()).isTrue();
  }

  @Test
  void fullChannel_makesTheSenderWait_untilAReceiverMakesRoom() {
    Channel<String> ch = Channel.bounded(1);
    Task sender = loop.start(ch.send("a", record("sent a")).then(ch.send("b", record("sent b"))));
    loop.runUntilIdle();
    assertThat(events).containsExactly("sent a");
    assertThat(sender.state()).isEqualTo(Task.State.WAITING);
    assertThat(ch.statistics().waitingSenders()).isEqualTo(1);
    assertThat(ch.tryReceive()).isEqualTo("a"); // makes room: b moves into the buffer
    loop.runUntilIdle();
    assertThat(events).containsExactly("sent a", "sent b");
    assertThat(sender.isDone()).isTrue();
    assertThat(ch.tryReceive()).isEqualTo("b");
    assertThat(ch.tryReceive()).isNull();
  }

  @Test
  void emptyChannel_makesTheReceiverWait_untilAMessageComes() {
    Channel<String> ch = Channel.bounded(2);
    Task receiver = loop.start(ch.receive(m -> record("got " + m)));
    loop.runUntilIdle();
    assertThat(receiver.state()).isEqualTo(Task.State.WAITING);
    assertThat(ch.statistics().waitingReceivers()).isEqualTo(1);
    assertThat(ch.trySend("hello")).isTrue(); // handed straight to the waiting receiver
    assertThat(ch.size()).isZero();
    loop.runUntilIdle();
    assertThat(events).containsExactly("got hello");
  }

  @Test
  void rendezvous_eachSendWaitsForAReceiver() {
    Channel<String> ch = Channel.rendezvous();
    assertThat(ch.trySend("nobody listens")).isFalse();
    loop.start(ch.send("x", record("x taken")));
    loop.runUntilIdle();
    assertThat(events).isEmpty();
    loop.start(ch.receive(m -> record("got " + m)));
    loop.runUntilIdle();
    assertThat(events).containsExactlyInAnyOrder("x taken", "got x");
    assertThat(ch.capacity()).isZero();
  }

  @Test
  void unbounded_neverMakesASenderWait() {
    Channel<Integer> ch = Channel.unbounded();
    for (int i = 0; i < 100_000; i++) {
      assertThat(ch.trySend(i)).isTrue();
    }
    assertThat(ch.size()).isEqualTo(100_000);
    assertThat(ch.capacity()).isEqualTo(Integer.MAX_VALUE);
    assertThat(ch.tryReceive()).isZero();
  }

  @Test
  void waitingSenders_areServedInTheOrderTheyCame() {
    Channel<String> ch = Channel.bounded(1);
    ch.trySend("first");
    for (String s : List.of("a", "b", "c")) {
      loop.start(ch.send(s));
      loop.runUntilIdle();
    }
    loop.start(ch.forEach(events::add));
    loop.runUntilIdle();
    assertThat(events).containsExactly("first", "a", "b", "c");
  }

  @Test
  void waitingReceivers_areServedInTheOrderTheyCame() {
    Channel<Integer> ch = Channel.bounded(4);
    for (String r : List.of("r1", "r2", "r3")) {
      loop.start(ch.receive(m -> record(r + "=" + m)));
      loop.runUntilIdle();
    }
    loop.start(sendAll(ch, List.of(1, 2, 3), Wire.nothing()));
    loop.runUntilIdle();
    assertThat(events).containsExactly("r1=1", "r2=2", "r3=3");
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  @Test
  void close_receiversDrainWhatIsLeftThenSeeTheEnd() {
    Channel<String> ch = Channel.bounded(4);
    ch.trySend("a");
    ch.trySend("b");
    assertThat(ch.close()).isTrue();
    assertThat(ch.close()).as("idempotent").isFalse();
    assertThat(ch.isOpen()).isFalse();
    assertThat(ch.isEnded()).as("still has messages").isFalse();
    assertThat(ch.trySend("c")).as("refused after close").isFalse();
    loop.start(drain(ch));
    loop.run();
    assertThat(events).containsExactly("a", "b", "end");
    assertThat(ch.isEnded()).isTrue();
  }

  @Test
  void close_endsWaitingReceivers() {
    Channel<String> ch = Channel.bounded(1);
    loop.start(ch.receive(m -> record(m), record("end 1")));
    loop.start(ch.receive(m -> record(m)).then(record("done 2")));
    loop.runUntilIdle();
    ch.close();
    loop.run();
    assertThat(events).containsExactly("end 1", "done 2");
  }

  @Test
  void close_failsWaitingSenders_andSendsAfterClose() {
    Channel<String> ch = Channel.bounded(1);
    ch.trySend("fills it");
    AtomicReference<Throwable> waiting = new AtomicReference<>();
    AtomicReference<Throwable> late = new AtomicReference<>();
    loop.start(ch.send("waits"), (ctx, e) -> waiting.set(e));
    loop.runUntilIdle();
    ch.close();
    loop.start(ch.send("late"), (ctx, e) -> late.set(e));
    loop.runUntilIdle();
    assertThat(waiting.get()).isInstanceOf(ChannelClosedException.class).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed: cannot send");
    assertThat(late.get()).isInstanceOf(ChannelClosedException.class);
    assertThat(ch.tryReceive()).as("the waiting message was not sent").isEqualTo("fills it");
    assertThat(ch.tryReceive()).isNull();
  }

  @Test
  void closeWithError_receiversDrainThenFailWithItAsCause() {
    Channel<String> ch = Channel.<String>builder().capacity(2).name("feed").build();
    ch.trySend("last words");
    IllegalStateException producerFailure = new IllegalStateException("producer died");
    ch.close(producerFailure);
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(drain(ch), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(events).containsExactly("last words");
    assertThat(error.get()).isInstanceOf(ChannelClosedException.class)
        .hasMessageContaining("channel 'feed' was closed with an error").hasCause(producerFailure);
  }

  // ---------------------------------------------------------------------------------------------
  // Cancellation

  @Test
  void cancelledReceiver_leavesTheQueue_andTheNextReceiverGetsTheMessage() {
    Channel<String> ch = Channel.bounded(1);
    Task first = loop.start(ch.receive(m -> record("first " + m)));
    loop.start(ch.receive(m -> record("second " + m)));
    loop.runUntilIdle();
    first.cancel();
    loop.runUntilIdle();
    assertThat(ch.statistics().waitingReceivers()).isEqualTo(1);
    ch.trySend("m");
    loop.runUntilIdle();
    assertThat(events).containsExactly("second m");
    assertThat(first.state()).isEqualTo(Task.State.CANCELLED);
  }

  @Test
  void receiverCancelledAfterTheMessageWasHandedOver_givesItBack() {
    Channel<String> ch = Channel.bounded(2);
    Task receiver = loop.start(ch.receive(m -> record("unreached " + m)));
    loop.runUntilIdle();
    assertThat(ch.trySend("kept")).isTrue(); // handed over: the task is resumed but has not run yet
    receiver.cancel();
    loop.runUntilIdle();
    assertThat(events).isEmpty();
    assertThat(ch.size()).isOne();
    assertThat(ch.tryReceive()).isEqualTo("kept");
  }

  @Test
  void messageGivenBack_goesToTheHeadOfTheChannel() {
    Channel<String> ch = Channel.bounded(2);
    Task receiver = loop.start(ch.receive(m -> record("unreached " + m)));
    loop.runUntilIdle();
    ch.trySend("one"); // handed over
    ch.trySend("two"); // buffered
    receiver.cancel();
    loop.runUntilIdle();
    assertThat(ch.tryReceive()).isEqualTo("one");
    assertThat(ch.tryReceive()).isEqualTo("two");
  }

  @Test
  void cancelledSender_leavesTheQueue_andItsMessageIsNotSent() {
    Channel<String> ch = Channel.bounded(1);
    ch.trySend("a");
    Task sender = loop.start(ch.send("never"));
    loop.runUntilIdle();
    sender.cancel();
    loop.runUntilIdle();
    assertThat(ch.statistics().waitingSenders()).isZero();
    assertThat(ch.tryReceive()).isEqualTo("a");
    assertThat(ch.tryReceive()).isNull();
  }

  // ---------------------------------------------------------------------------------------------
  // Plain threads

  @Test
  void plainThreads_putAndTake_talkToWires() throws Exception {
    Channel<Integer> requests = Channel.bounded(2);
    Channel<Integer> replies = Channel.unbounded();
    try (EventLoop threaded = EventLoop.builder().threads(2).build()) {
      threaded.start(requests.forEach(n -> replies.trySend(n * n)).then(Wire.call(() -> replies.close())));
      CompletableFuture<List<Integer>> squares = CompletableFuture.supplyAsync(() -> {
        List<Integer> got = new ArrayList<>();
        try {
          for (Integer r = replies.take(); r != null; r = replies.take()) {
            got.add(r);
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return got;
      });
      for (int i = 1; i <= 5; i++) {
        requests.put(i);
      }
      requests.close();
      assertThat(squares.get()).containsExactly(1, 4, 9, 16, 25);
      assertThat(threaded.run(Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void take_blocksUntilAWireSends() throws Exception {
    Channel<String> ch = Channel.rendezvous();
    try (EventLoop threaded = EventLoop.create()) {
      threaded.start(Wire.sleep(Duration.ofMillis(20)).then(ch.send("from a wire")));
      assertThat(ch.take()).isEqualTo("from a wire");
    }
  }

  @Test
  void poll_and_offer_giveUpAfterTheirTimeout() throws Exception {
    Channel<String> ch = Channel.bounded(1);
    assertThat(ch.poll(Duration.ofMillis(5))).isNull();
    assertThat(ch.offer("a", Duration.ZERO)).isTrue();
    assertThat(ch.offer("b", Duration.ofMillis(5))).isFalse();
    assertThat(ch.statistics().waitingSenders()).as("gave up: left the queue").isZero();
    assertThat(ch.poll(Duration.ZERO)).isEqualTo("a");
  }

  @Test
  void interruptedTake_leavesTheQueueAndThrows() throws Exception {
    Channel<String> ch = Channel.bounded(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        ch.take();
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    await().until(() -> ch.statistics().waitingReceivers() == 1);
    t.interrupt();
    t.join();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(ch.statistics().waitingReceivers()).isZero();
    ch.trySend("not lost");
    assertThat(ch.tryReceive()).isEqualTo("not lost");
  }

  @Test
  void put_onAClosedChannel_throws() {
    Channel<String> ch = Channel.bounded(1);
    ch.close();
    assertThatThrownBy(() -> ch.put("x")).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void blockingForms_areRefusedOnALoopThread() {
    Channel<String> ch = Channel.bounded(1);
    AtomicReference<Throwable> takeError = new AtomicReference<>();
    AtomicReference<Throwable> putError = new AtomicReference<>();
    try (EventLoop threaded = EventLoop.create()) {
      threaded.start(Wire.call(() -> ch.take()), (ctx, e) -> takeError.set(e));
      threaded.start(Wire.call(() -> {
        ch.put("x");
        return null;
      }), (ctx, e) -> putError.set(e));
      threaded.run(Duration.ofSeconds(10));
    }
    assertThat(takeError.get()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("take would block the non-blocking thread").hasMessageContaining("use receive(");
    assertThat(putError.get()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("put would block the non-blocking thread").hasMessageContaining("use send(");
  }

  @Test
  void reactorRendering_ofTheWires_runsTheSameProtocol() {
    Channel<String> ch = Channel.bounded(4);
    ch.trySend("a");
    ch.trySend("b");
    ch.close();
    assertThat(ch.receive(m -> record("got " + m)).run(null).block(Duration.ofSeconds(5))).isNotNull();
    assertThat(ch.forEach(events::add).run(null).block(Duration.ofSeconds(5))).isNull();
    assertThat(events).containsExactly("b");
    Channel<String> out = Channel.bounded(1);
    assertThat(out.send("x").run(null).block(Duration.ofSeconds(5))).isNull();
    assertThat(out.tryReceive()).isEqualTo("x");
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection and bad input

  @Test
  void statistics_countWhatPassed() {
    Channel<String> ch = Channel.<String>builder().capacity(3).name("jobs").build();
    ch.trySend("a");
    ch.trySend("b");
    ch.tryReceive();
    assertThat(ch.statistics()).isEqualTo(new Channel.Statistics("jobs", 3, 1, 0, 0, 2, 1, 0, true));
    assertThat(ch.name()).isEqualTo("jobs");
    assertThat(ch.toString()).isEqualTo("Channel[jobs, capacity 3]");
    assertThat(Channel.unbounded().name()).startsWith("channel@");
  }

  @Test
  void badArguments_areRefusedAtTheCallSite() throws Exception {
    Channel<String> ch = Channel.bounded(1);
    assertThatThrownBy(() -> Channel.bounded(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity : 0 (expected: >= 1)");
    assertThatThrownBy(() -> Channel.builder().capacity(-1)).hasMessage("capacity : -1 (expected: >= 0)");
    assertThatThrownBy(() -> Channel.builder().name(" ")).hasMessage("name : \" \" (expected: not blank)");
    assertThatThrownBy(() -> ch.trySend(null)).hasMessage("value : null (expected: non-null)");
    assertThatThrownBy(() -> ch.send(null)).hasMessage("value : null (expected: non-null)");
    assertThatThrownBy(() -> ch.put(null)).hasMessage("value : null (expected: non-null)");
    assertThatThrownBy(() -> ch.receive(null)).hasMessage("then : null (expected: non-null)");
    assertThatThrownBy(() -> ch.receive(m -> null, null)).hasMessage("onEnd : null (expected: non-null)");
    assertThatThrownBy(() -> ch.forEach(null)).hasMessage("action : null (expected: non-null)");
    assertThatThrownBy(() -> ch.onSend("x", null)).hasMessage("next : null (expected: non-null)");
    assertThatThrownBy(() -> ch.poll(Duration.ofSeconds(-1))).hasMessage("timeout : PT-1S (expected: >= 0)");
    assertThatThrownBy(() -> ch.close(null)).hasMessage("cause : null (expected: non-null)");
    assertThatThrownBy(() -> Channel.from(null, 1)).hasMessage("source : null (expected: non-null)");
  }
}
