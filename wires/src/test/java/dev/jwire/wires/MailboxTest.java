package dev.jwire.wires;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mailboxes: addressing by task and by name, receiving with a timeout, the end of the owner, bad input. */
class MailboxTest {
  private final List<Object> events = new CopyOnWriteArrayList<>();
  private final EventLoop loop = EventLoop.builder().name("mailboxes").manual().virtualTime().build();

  @AfterEach
  void closeLoop() {
    loop.cancelAll(); // a failed test may leave a machine waiting for mail: do not wait for it
    loop.close();
  }

  private Wire record(Object event) {
    return Wire.call(() -> events.add(event));
  }

  private long nowMillis() {
    return loop.nanoTime() / 1_000_000;
  }

  /** Receives {@code n} messages, recording each, then is done. */
  private Wire receiveN(Mailbox<String> box, int n) {
    return n == 0 ? Wire.nothing() : box.receive(m -> record(m).then(Wire.defer(ctx -> receiveN(box, n - 1))));
  }

  /** A task that opens a mailbox of {@code capacity} and receives {@code n} messages. */
  private Task receiver(int capacity, int n) {
    return loop.start(Wire.defer(ctx -> receiveN(Mailbox.open(ctx, capacity), n)).named("receiver"));
  }

  @Test
  void sendByTaskReference_reachesTheTasksMailbox_inOrder() {
    Task receiver = receiver(4, 3);
    loop.runUntilIdle();
    assertThat(Mailboxes.trySend(receiver, "from the test thread")).isTrue();
    loop.start(Mailboxes.send(receiver, "from a wire", Mailboxes.send(receiver, "and another")));
    loop.run();
    assertThat(events).containsExactly("from the test thread", "from a wire", "and another");
    assertThat(receiver.state()).isEqualTo(Task.State.DONE);
  }

  @Test
  void sendByName_reachesTheMailboxRegisteredInTheLoop() {
    Task echo = Mailbox.<String>builder().name("echo").capacity(2).start(loop, box -> receiveN(box, 2));
    assertThat(Mailboxes.names(loop)).containsExactly("echo");
    assertThat(Mailboxes.named(loop, "echo").owner()).isSameAs(echo);
    assertThat(Mailboxes.trySend(loop, "echo", "sent before the task ran")).as("open when start returns").isTrue();
    loop.start(Mailboxes.send("echo", "sent by name from a wire"));
    loop.run();
    assertThat(events).containsExactly("sent before the task ran", "sent by name from a wire");
    assertThat(Mailboxes.names(loop)).as("the name leaves with the task").isEmpty();
  }

  @Test
  void receiveWithTimeout_givesUpOnTheLoopClock_andTakesNothing() {
    loop.start(Wire.defer(ctx -> {
      Mailbox<String> box = Mailbox.open(ctx, 4);
      return box.receive(ofSeconds(5), m -> record("got " + m), Wire.defer(c -> record("timeout at " + nowMillis())));
    }));
    loop.run();
    assertThat(events).containsExactly("timeout at 5000");
  }

  @Test
  void receiveWithTimeout_aMessageInTime_winsAndCancelsTheTimer() {
    Task receiver = loop.start(Wire.defer(ctx -> {
      Mailbox<String> box = Mailbox.open(ctx, 4);
      return box.receive(ofSeconds(5), m -> Wire.defer(c -> record("got " + m + " at " + nowMillis())), record("timeout"));
    }));
    loop.start(Wire.sleep(ofSeconds(2)).then(Mailboxes.send(receiver, "hello")));
    loop.run();
    assertThat(events).containsExactly("got hello at 2000");
    assertThat(nowMillis()).as("no timer was left to run to").isEqualTo(2000);
  }

  @Test
  void receiveWithZeroTimeout_takesAWaitingMessage_elseTimesOutAtOnce() {
    loop.start(Wire.defer(ctx -> {
      Mailbox<String> box = Mailbox.open(ctx, 4);
      box.trySend("waiting");
      return box.receive(Duration.ZERO, m -> record("got " + m), record("timeout"))
          .then(box.receive(Duration.ZERO, m -> record("got " + m), record("timeout")));
    }));
    loop.run();
    assertThat(events).containsExactly("got waiting", "timeout");
  }

  @Test
  void registeredName_alreadyTaken_isAClearError() {
    Mailbox.<String>builder().name("db").start(loop, box -> receiveN(box, 1));
    assertThatThrownBy(() -> Mailbox.<String>builder().name("db").start(loop, box -> receiveN(box, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name : \"db\"")
        .hasMessageContaining("not registered in loop 'mailboxes'")
        .hasMessageContaining("taken by mailbox 'db'");
    assertThat(loop.liveTasks()).as("no task started for the refused name").isOne();
    Mailboxes.trySend(loop, "db", "bye");
    loop.run();
    Mailbox.<String>builder().name("db").start(loop, box -> receiveN(box, 0));
    loop.run();
  }

  @Test
  void aSecondMailboxForOneTask_isRefused() {
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(Wire.defer(ctx -> {
      Mailbox.open(ctx, 1);
      Mailbox.open(ctx, 1);
      return null;
    }), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has a mailbox already").hasMessageContaining("at most one");
  }

  @Test
  void sendToATaskThatHasEnded_isRefusedClearly_andItsNameIsFree() {
    Task ended = Mailbox.<String>builder().name("gone").start(loop, box -> receiveN(box, 1));
    Mailboxes.trySend(ended, "the only one");
    loop.run();
    assertThat(ended.isDone()).isTrue();
    assertThat(Mailboxes.trySend(ended, "too late")).isFalse();
    assertThat(Mailboxes.trySend(loop, "gone", "too late")).isFalse();
    assertThatThrownBy(() -> Mailboxes.put(ended, "too late"))
        .isInstanceOf(ChannelClosedException.class).hasMessageContaining("has ended (DONE)");
    assertThatThrownBy(() -> Mailboxes.named(loop, "gone"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no mailbox named \"gone\"");
    AtomicReference<Throwable> error = new AtomicReference<>();
    loop.start(Mailboxes.send(ended, "too late"), (ctx, e) -> error.set(e));
    loop.run();
    assertThat(error.get()).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void aMailboxHandleKeptAfterItsTaskEnded_refusesSenders() {
    AtomicReference<Mailbox<String>> box = new AtomicReference<>();
    loop.start(Wire.defer(ctx -> {
      box.set(Mailbox.open(ctx, 4));
      return Wire.nothing();
    }));
    loop.run();
    assertThat(box.get().isOpen()).isFalse();
    assertThat(box.get().trySend("late")).isFalse();
    assertThatThrownBy(() -> box.get().put("late")).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void sendToATaskWithoutAMailbox_isAClearError() {
    Task plain = loop.start(Wire.sleep(ofSeconds(1)));
    assertThat(Mailboxes.trySend(plain, "x")).isFalse();
    assertThatThrownBy(() -> Mailboxes.of(plain))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no mailbox").hasMessageContaining("Mailbox.open(ctx, capacity)");
    loop.run();
  }

  @Test
  void onlyTheOwner_mayReceive() {
    AtomicReference<Mailbox<String>> box = new AtomicReference<>();
    Task owner = loop.start(Wire.defer(ctx -> {
      box.set(Mailbox.open(ctx, 4));
      return Wire.sleep(ofSeconds(1));
    }).named("owner"));
    loop.runUntilIdle();
    List<Throwable> errors = new ArrayList<>();
    loop.start(box.get().receive(m -> null).named("thief"), (ctx, e) -> errors.add(e));
    loop.start(Select.select(box.get().onReceive(m -> null)).named("select thief"), (ctx, e) -> errors.add(e));
    loop.run();
    assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot receive from mailbox of " + owner.name())
        .hasMessageContaining("only its owner, task '" + owner.name() + "'"));
  }

  @Test
  void plainThreads_sendByPut_blockingWhileFull_andNothingIsLostOrReordered() throws Exception {
    int senders = 4;
    int each = 200;
    List<List<Integer>> got = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      got.add(new ArrayList<>());
    }
    try (EventLoop threaded = EventLoop.builder().name("threads").build()) {
      Task receiver = Mailbox.<int[]>builder().capacity(4)
          .start(threaded, box -> collect(box, senders * each, got));
      List<Thread> threads = new ArrayList<>();
      for (int id = 0; id < senders; id++) {
        int sender = id;
        threads.add(new Thread(() -> {
          try {
            for (int i = 0; i < each; i++) {
              Mailboxes.put(receiver, new int[] {sender, i});
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread th : threads) {
        th.join();
      }
      assertThat(threaded.run(Duration.ofMinutes(1))).as("the receiver got everything").isTrue();
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      expected.add(i);
    }
    assertThat(got).allSatisfy(list -> assertThat(list).isEqualTo(expected));
  }

  /** Receives {@code n} messages {sender, index} into {@code got}; on the loop thread. */
  private static Wire collect(Mailbox<int[]> box, int n, List<List<Integer>> got) {
    return n == 0 ? Wire.nothing() : box.receive(m -> {
      got.get(m[0]).add(m[1]);
      return Wire.defer(ctx -> collect(box, n - 1, got));
    });
  }

  @Test
  void mailboxReceive_isASelectCase_andLosingItTakesNothing() {
    Channel<String> control = Channel.bounded(1);
    Task t = loop.start(Wire.defer(ctx -> {
      Mailbox<String> box = Mailbox.open(ctx, 4);
      Wire loopOnce = Select.select(
          box.onReceive(m -> record("mail " + m)),
          control.onReceive(c -> record("control " + c)));
      return loopOnce.then(Wire.sleep(ofSeconds(1))).then(box.receive(m -> record("later " + m)));
    }));
    loop.runUntilIdle();
    control.trySend("stop");
    loop.runUntilIdle();
    Mailboxes.trySend(t, "kept");
    loop.run();
    assertThat(events).containsExactly("control stop", "later kept");
  }

  @Test
  void messagesLeftWhenTheTaskEnds_goToTheUndeliveredHook_inOrder() {
    List<List<String>> undelivered = new ArrayList<>();
    Task t = Mailbox.<String>builder().onUndelivered(undelivered::add)
        .start(loop, box -> box.receive(m -> record("handled " + m)));
    for (String m : List.of("a", "b", "c")) {
      Mailboxes.trySend(t, m);
    }
    loop.run();
    assertThat(events).containsExactly("handled a");
    assertThat(undelivered).containsExactly(List.of("b", "c"));
  }

  @Test
  void cancellingTheOwner_reportsWhatItHadNotTaken_includingAMessageHandedToItsWait() {
    List<List<String>> undelivered = new ArrayList<>();
    Task t = Mailbox.<String>builder().onUndelivered(undelivered::add)
        .start(loop, box -> box.receive(m -> record("handled " + m)));
    loop.runUntilIdle();
    assertThat(Mailboxes.trySend(t, "handed to the waiting receive")).isTrue();
    Mailboxes.trySend(t, "queued");
    t.cancel(); // before the task could take the first one
    loop.run();
    assertThat(t.state()).isEqualTo(Task.State.CANCELLED);
    assertThat(events).isEmpty();
    assertThat(undelivered).containsExactly(List.of("handed to the waiting receive", "queued"));
  }

  @Test
  void aTypedMailbox_refusesAMessageOfAnotherType_atTheSender() {
    Task t = Mailbox.builder(String.class).start(loop, box -> box.receive(m -> record(m.length())));
    assertThatThrownBy(() -> Mailboxes.trySend(t, 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("message : 42 (expected: a java.lang.String");
    assertThatThrownBy(() -> Mailboxes.of(t, Integer.class)).isInstanceOf(IllegalArgumentException.class);
    Mailboxes.of(t, String.class).trySend("four");
    loop.run();
    assertThat(events).containsExactly(4);
  }

  @Test
  void badArguments_failAtOnce() {
    assertThatThrownBy(() -> Mailbox.<String>builder().capacity(-1)).hasMessage("capacity : -1 (expected: >= 0)");
    assertThatThrownBy(() -> Mailbox.<String>builder().name(" ")).hasMessageContaining("name : \" \"");
    assertThatThrownBy(() -> Mailboxes.send((Task) null, "x")).hasMessage("to : null (expected: non-null)");
    assertThatThrownBy(() -> Mailboxes.send("x", null)).hasMessage("message : null (expected: non-null)");
    loop.start(Wire.defer(ctx -> {
      Mailbox<String> box = Mailbox.open(ctx, 1);
      assertThatThrownBy(() -> box.receive(Duration.ofSeconds(-1), m -> null, Wire.nothing()))
          .hasMessage("timeout : PT-1S (expected: >= 0)");
      assertThatThrownBy(() -> box.trySend(null)).hasMessage("message : null (expected: non-null)");
      assertThatThrownBy(() -> Mailbox.open(ctx, 0)).hasMessage("capacity : 0 (expected: >= 1)");
      return record("checked");
    }));
    loop.run();
    assertThat(events).containsExactly("checked");
  }
}
