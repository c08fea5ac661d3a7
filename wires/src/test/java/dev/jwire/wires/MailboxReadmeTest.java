package dev.jwire.wires;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.wires.StateMachine.State;
import dev.jwire.wires.StateMachine.Transition;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's "Mailboxes and state machines" section, run: its snippets, printing into a list. */
class MailboxReadmeTest {
  private final List<String> out = new CopyOnWriteArrayList<>();

  sealed interface Msg permits Connect, Ack, Data {}

  record Connect() implements Msg {}

  record Ack() implements Msg {}

  record Data(String text) implements Msg {}

  Wire logLines(Mailbox<String> box) {                      // each line, until 10 s pass without one
    return box.receive(Duration.ofSeconds(10),
        line -> Wire.call(() -> out.add(line)).then(Wire.defer(ctx -> logLines(box))),
        Wire.call(() -> out.add("logger: idle, done")));
  }

  @Test
  void mailboxSnippet_runsAsWritten() {
    try (EventLoop loop = EventLoop.builder().virtualTime().build()) {
      Task logger = Mailbox.builder(String.class).capacity(64).name("logger")
          .onUndelivered(left -> out.add("never logged: " + left))
          .start(loop, box -> logLines(box));

      Mailboxes.trySend(logger, "by task, from any thread");
      loop.start(Mailboxes.send("logger", "by name, from a wire"));
      assertThat(loop.run(Duration.ofMinutes(1))).isTrue();
    }
    assertThat(out).containsExactly("by task, from any thread", "by name, from a wire", "logger: idle, done");
  }

  @Test
  void stateMachineSnippet_runsAsWritten() {
    try (EventLoop loop = EventLoop.builder().virtualTime().manual().build()) {
      State<Msg> connected = event -> {
        out.add("connected got " + event.message());
        return Transition.keep();
      };
      State<Msg> connecting = event -> {
        if (event.isStateTimeout()) return Transition.<Msg>keep().withStateTimeout(ofMillis(500)); // retry
        if (event.message() instanceof Ack) return Transition.next(connected);   // a change: cancels the
        return Transition.postpone();                                            // timeout, replays the data
      };
      State<Msg> disconnected = event -> event.message() instanceof Connect
          ? Transition.next(connecting).withStateTimeout(ofMillis(500))
          : Transition.postpone();

      Task conn = StateMachine.builder(disconnected)
          .mailbox(Mailbox.builder(Msg.class).capacity(32).name("conn")).build().start(loop);

      Mailboxes.trySend(conn, new Data("early"));
      Mailboxes.trySend(conn, new Connect());
      Mailboxes.trySend(conn, new Data("hello"));
      loop.start(Wire.sleep(Duration.ofSeconds(2)).then(Mailboxes.send("conn", new Ack())));
      loop.run(Duration.ofSeconds(3));
      assertThat(out).containsExactly("connected got Data[text=early]", "connected got Data[text=hello]");
      conn.cancel();
    }
  }

  private static long fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  @Test
  void goSnippet_runsAsWritten() {
    try (EventLoop loop = EventLoop.create()) {
      Go.Body<Integer, Long> fibonacci = self -> {                // on a worker thread
        for (Integer n = self.get(); n != null; n = self.get()) {
          self.put(fib(n));
        }
      };
      loop.start(Go.go(fibonacci, fib -> fib.send(30, fib.receive(result -> Wire.call(() -> {
        out.add("fib(30) = " + result);
        fib.close();                                              // its get() returns null: it returns
      })))));
      assertThat(loop.run(Duration.ofMinutes(1))).isTrue();
    }
    assertThat(out).containsExactly("fib(30) = 832040");
  }
}
