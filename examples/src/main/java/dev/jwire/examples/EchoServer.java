package dev.jwire.examples;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import dev.jwire.poller.Connection;
import dev.jwire.poller.Tcp;
import dev.jwire.poller.TcpServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * An echo server in one wire, {@code read -> write -> read ...}, on a loopback port, with three
 * clients (wires too) that each send a line and print the echo.
 */
public final class EchoServer {
  private EchoServer() {}

  /**
   * The whole server side: echo what arrives until the peer ends its output.
   *
   * @param c the connection
   * @return the connection's wire
   */
  public static Wire echo(Connection c) {
    return c.read(data -> data == null ? null : c.write(data, echo(c)));
  }

  /**
   * Serves on a free loopback port while three clients talk to it, then stops.
   *
   * @param builder the loop's settings
   * @param out receives the clients' transcript
   */
  public static void run(EventLoop.Builder builder, Consumer<String> out) {
    try (EventLoop loop = builder.build(); TcpServer server = TcpServer.bindLoopback(0)) {
      out.accept("echo server listening on " + server.address());
      loop.start(server.serve(EchoServer::echo));
      List<Wire> clients = List.of(client(server, "alice", out), client(server, "bob", out), client(server, "carol", out));
      loop.start(Wire.scope(
          dev.jwire.engine.ScopeOptions.defaults().named("clients"),
          s -> clients.forEach(s::start),
          s -> Wire.call(server::close)));
      loop.run(Duration.ofSeconds(30));
    }
  }

  private static Wire client(TcpServer server, String name, Consumer<String> out) {
    return Tcp.connect(server.address(), Duration.ofSeconds(5), c ->
        c.write("hello from " + name + "\n", c.readLine(echoed -> Wire.call(() -> out.accept(name + " got back: " + echoed)))));
  }
}
