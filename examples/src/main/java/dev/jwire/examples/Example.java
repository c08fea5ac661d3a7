package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A runnable example, as listed by {@code jwire list}.
 *
 * @param name the name to run it by, e.g. {@code beeps}
 * @param summary a one-line description
 * @param body the program: builds its loop from the builder, writes its lines to the consumer
 */
public record Example(String name, String summary, Body body) {

  /** An example's program. */
  @FunctionalInterface
  public interface Body {
    /**
     * @param loop a fresh builder for the example's loop (system clock, or virtual time)
     * @param out receives the example's output, one line at a time
     */
    void run(EventLoop.Builder loop, Consumer<String> out);
  }

  /** Every example, in the order the default demo runs them. */
  public static final List<Example> ALL =
      List.of(
          new Example(
              "show-events",
              "aiowire's README example: two wires share an event counter under a 1 s loop timeout",
              ShowEvents::run),
          new Example(
              "beeps",
              "four beeps 100 ms apart: sleep(100ms).then(call(beep)).times(4)",
              Beeps::run),
          new Example(
              "job-machine",
              "a ready/working state machine that drains a small job queue fed by a producer wire",
              (loop, out) -> JobMachine.run(loop, out)),
          new Example(
              "traffic-light",
              "the README's state machine: red 0.5 s, green 0.4 s, yellow 0.1 s, three cycles",
              TrafficLight::run),
          new Example(
              "task-tree",
              "scopes, a concurrency limit, timeouts with fallbacks, a daemon heartbeat, and loop.dump()",
              TaskTree::run),
          new Example(
              "echo-server",
              "a TCP echo server in one wire (read -> write -> read), three clients on loopback",
              EchoServer::run),
          new Example(
              "chat-server",
              "a line-based chat: every line goes to every other client; slow members are dropped",
              ChatServer::run),
          new Example(
              "poller",
              "aiowire's Poller: a stdin-like pipe and a listening socket mapped to wires",
              PollerExample::run),
          new Example(
              "hot-swap",
              "a supervised client restarting with backoff, and a running job loop upgraded to v2 in place",
              (loop, out) -> HotSwapJobs.run(loop, out)),
          new Example(
              "tls-echo",
              "a TLS echo server and three TLS clients on 127.0.0.1 (a keytool self-signed certificate,"
                  + " or the PKCS12 store in $JWIRE_TLS_KEYSTORE, password $JWIRE_TLS_PASSWORD)",
              TlsEcho::run),
          new Example(
              "process-restart",
              "a process state machine: start a program, watch its output, restart it when it crashes",
              (loop, out) -> ProcessRestart.run(loop, out)),
          new Example(
              "pipeline",
              "a producer, two workers and a collector on channels; the collector selects a result or a timeout",
              (loop, out) -> Pipeline.run(loop, out)),
          new Example(
              "connection-protocol",
              "a mailbox-driven state machine: data postponed until connected, a connect timeout that retries",
              (loop, out) -> ConnectionProtocol.run(loop, out)));

  /**
   * @param name an example's name
   * @return the example of that name, if any
   */
  public static Optional<Example> named(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** @return the names of all examples, comma-separated */
  public static String names() {
    return String.join(", ", ALL.stream().map(Example::name).toList());
  }
}
