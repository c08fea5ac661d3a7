package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.poller.Connection;
import dev.jwire.poller.Tcp;
import dev.jwire.poller.TcpServer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A line-based chat server: every line a client sends goes to every other client. A client's
 * first line is its name.
 *
 * <p>Each member has two wires in a scope of its own: a reader that broadcasts its lines, and a
 * writer that drains the member's outbound queue. A member that does not keep up (its queue holds
 * {@value #MAX_QUEUED} lines) is disconnected instead of slowing the room down or growing memory
 * without limit. The room lives on the server's loop thread, so it needs no locks.
 */
public final class ChatServer {
  /** Lines a member may fall behind before it is dropped. */
  public static final int MAX_QUEUED = 1000;

  private final Set<Member> members = new LinkedHashSet<>();
  private final Consumer<String> log;

  /**
   * @param log receives joins, leaves and drops
   */
  public ChatServer(Consumer<String> log) {
    this.log = log;
  }

  /**
   * @param server the bound server
   * @return the server's accept loop, each connection a chat member
   */
  public Wire serve(TcpServer server) {
    return server.serve(this::join);
  }

  /** @return the members connected now (loop thread) */
  public int size() {
    return members.size();
  }

  private Wire join(Connection c) {
    return c.readLine(64, name -> name == null || name.isBlank() ? null : enter(new Member(c, name.strip())));
  }

  private Wire enter(Member m) {
    return Wire.sync(ctx -> {
      members.add(m);
      log.accept(m.name + " joined");
      ctx.bind(() -> { // however the member ends: it leaves the room
        members.remove(m);
        m.close();
        log.accept(m.name + " left");
      });
      return Wire.scope(ScopeOptions.defaults().named(m.name), s -> {
        s.start(m.reader());
        s.start(m.writer());
      });
    });
  }

  private void broadcast(Member from, String line) {
    for (Member m : members.toArray(new Member[0])) {
      if (m != from && !m.closed) {
        m.offer(from.name + ": " + line);
      }
    }
  }

  private final class Member {
    final Connection conn;
    final String name;
    final ArrayDeque<String> outbound = new ArrayDeque<>();
    Suspension<Boolean> writerWaiting;
    boolean closed;

    Member(Connection conn, String name) {
      this.conn = conn;
      this.name = name;
    }

    Wire reader() {
      return conn.readLine(line -> {
        if (line == null) {
          close();
          return null;
        }
        broadcast(this, line);
        return reader();
      });
    }

    Wire writer() {
      return Wire.defer(ctx -> {
        String next = outbound.poll();
        if (next != null) {
          return conn.write(next + "\n", writer());
        }
        if (closed) {
          return Wire.nothing();
        }
        return Wire.<Boolean>suspend((c, s) -> writerWaiting = s, more -> writer());
      });
    }

    void offer(String line) {
      if (outbound.size() >= MAX_QUEUED) {
        log.accept(name + " dropped: " + MAX_QUEUED + " lines behind");
        close();
        conn.close(); // its reader fails, its scope ends
        return;
      }
      outbound.add(line);
      wakeWriter();
    }

    void close() {
      closed = true;
      wakeWriter();
    }

    private void wakeWriter() {
      Suspension<Boolean> w = writerWaiting;
      if (w != null) {
        writerWaiting = null;
        w.resume(Boolean.TRUE);
      }
    }
  }

  /**
   * A chat server on a free loopback port, three clients taking turns to speak, then the end.
   *
   * @param builder the loop's settings
   * @param out receives the transcript
   */
  public static void run(EventLoop.Builder builder, Consumer<String> out) {
    try (EventLoop loop = builder.build(); TcpServer server = TcpServer.bindLoopback(0)) {
      ChatServer room = new ChatServer(out);
      server.onError((c, e) -> out.accept("a member failed: " + e));
      loop.start(room.serve(server));
      String[] names = {"alice", "bob", "carol"};
      loop.start(Wire.scope(
          ScopeOptions.defaults().named("clients"),
          s -> {
            for (int i = 0; i < names.length; i++) {
              s.start(client(server, room, names[i], i, names.length, out));
            }
          },
          s -> Wire.call(server::close)));
      loop.run(Duration.ofSeconds(30));
    }
  }

  /** Joins, waits until the room has everyone, says one line in turn, hears the others, leaves. */
  private static Wire client(TcpServer server, ChatServer room, String name, int turn, int all, Consumer<String> out) {
    return Tcp.connect(server.address(), Duration.ofSeconds(5), c -> c.write(name + "\n", awaitRoom(room, all,
        Wire.sleep(Duration.ofMillis(50L * (turn + 1)))
            .then(c.write("hi, I am " + name + "\n", hear(c, name, all - 1, out))))));
  }

  /** The demo's clients share the room's loop thread, so they may look at it directly. */
  private static Wire awaitRoom(ChatServer room, int all, Wire then) {
    return Wire.defer(ctx -> room.size() >= all ? then : Wire.sleep(Duration.ofMillis(5)).then(awaitRoom(room, all, then)));
  }

  private static Wire hear(Connection c, String name, int left, Consumer<String> out) {
    if (left == 0) {
      return null;
    }
    return c.readLine(line -> Wire.sync(ctx -> {
      out.accept(name + " hears " + line);
      return hear(c, name, left - 1, out);
    }));
  }
}
