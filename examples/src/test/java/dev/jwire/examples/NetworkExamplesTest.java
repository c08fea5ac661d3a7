package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.poller.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The socket examples, run as shipped and served to real sockets. */
class NetworkExamplesTest {

  /** A blocking socket peer with a read timeout, so no test hangs. */
  static final class Peer implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final OutputStream out;

    Peer(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(10_000);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
    }

    void say(String line) throws IOException {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void echoServer_demoEchoesEveryClient() {
    List<String> lines = new CopyOnWriteArrayList<>();
    EchoServer.run(EventLoop.builder(), lines::add);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("echo server listening on /127.0.0.1:");
    assertThat(lines.subList(1, 4)).containsExactlyInAnyOrder(
        "alice got back: hello from alice", "bob got back: hello from bob", "carol got back: hello from carol");
  }

  @Test
  void chatServer_demoDeliversEachLineToTheOthers() {
    List<String> lines = new CopyOnWriteArrayList<>();
    ChatServer.run(EventLoop.builder(), lines::add);
    assertThat(lines).contains("alice joined", "bob joined", "carol joined", "alice left", "bob left", "carol left");
    assertThat(lines).contains(
        "bob hears alice: hi, I am alice", "carol hears alice: hi, I am alice",
        "alice hears bob: hi, I am bob", "carol hears bob: hi, I am bob",
        "alice hears carol: hi, I am carol", "bob hears carol: hi, I am carol");
    assertThat(lines).noneMatch(l -> l.startsWith("alice hears alice") || l.contains("failed"));
  }

  @Test
  void chatServer_withRealSockets_broadcastsAndDropsAMemberThatDoesNotRead() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.create(); TcpServer server = TcpServer.bindLoopback(0)) {
      ChatServer room = new ChatServer(log::add);
      loop.start(room.serve(server));
      try (Peer ann = new Peer(server.port()); Peer ben = new Peer(server.port()); Peer deaf = new Peer(server.port())) {
        ann.say("ann");
        ben.say("ben");
        deaf.say("deaf");
        await().until(() -> log.contains("deaf joined") && log.contains("ann joined") && log.contains("ben joined"));
        ann.say("hello all");
        assertThat(ben.in.readLine()).isEqualTo("ann: hello all");
        // ben reads all along, so he keeps up; deaf never reads
        String filler = "x".repeat(1000);
        java.util.concurrent.atomic.AtomicInteger benSeen = new java.util.concurrent.atomic.AtomicInteger();
        Thread drain = new Thread(() -> {
          try {
            String l;
            while ((l = ben.in.readLine()) != null && !l.equals("ann: after the drop")) {
              if (!l.equals("ann: " + filler)) {
                log.add("ben got a wrong line: " + l);
              }
              benSeen.incrementAndGet();
            }
            log.add(l == null ? "ben was disconnected" : "ben got the last line");
          } catch (IOException e) {
            log.add("ben failed: " + e);
          }
        });
        drain.start();
        // ann talks in batches that ben keeps up with; once deaf's kernel buffers and its queue are
        // full, deaf is dropped
        Thread talker = new Thread(() -> {
          try {
            int sent = 0;
            while (sent < 20_000 && !log.contains("deaf dropped: " + ChatServer.MAX_QUEUED + " lines behind")) {
              for (int i = 0; i < 100; i++, sent++) {
                ann.say(filler);
              }
              int batchEnd = sent;
              await().until(() -> benSeen.get() >= batchEnd || log.contains("ben was disconnected"));
            }
          } catch (IOException e) {
            // the test ends: sockets close
          }
        });
        talker.start();
        await().until(() -> log.contains("deaf dropped: " + ChatServer.MAX_QUEUED + " lines behind"));
        await().until(() -> log.contains("deaf left"));
        talker.join();
        ann.say("after the drop");
        await().until(() -> log.stream().anyMatch(l -> l.startsWith("ben ")));
        drain.join();
        assertThat(log).contains("ben got the last line").noneMatch(l -> l.startsWith("ben got a wrong") || l.startsWith("ben failed"));
        assertThat(log).doesNotContain("ben dropped: " + ChatServer.MAX_QUEUED + " lines behind");
      }
    }
  }

  @Test
  void pollerExample_mapsThePipeAndTheSocketToWires() {
    List<String> lines = new CopyOnWriteArrayList<>();
    PollerExample.run(EventLoop.builder(), lines::add);
    assertThat(lines).containsSubsequence("stdin: ls", "stdin: cd /tmp", "stdin: exit", "stdin: end of input");
    assertThat(lines).contains("socket: a peer connected from loopback");
  }
}
