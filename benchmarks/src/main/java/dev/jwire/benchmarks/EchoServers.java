package dev.jwire.benchmarks;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import dev.jwire.poller.Connection;
import dev.jwire.poller.TcpServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.Iterator;

/**
 * The echo servers of the echo benchmark, each on one thread, one per JVM:
 *
 * <ul>
 *   <li>{@code jwire}: a {@link TcpServer} on a one-thread loop, each connection the wire {@code
 *       read -> write -> read ...};
 *   <li>{@code selector}: the least a hand-written {@code Selector} loop can do;
 *   <li>{@code netty}: Netty 4.1 with one NIO event loop for accepting and serving.
 * </ul>
 *
 * Usage: {@code EchoServers <jwire|selector|netty> <port>}; runs until killed. See {@code
 * benchmarks/run-echo.sh}.
 */
public final class EchoServers {
  private EchoServers() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: EchoServers <jwire|selector|netty> <port>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);
    switch (args[0]) {
      case "jwire":
        jwire(port);
        break;
      case "selector":
        selector(port);
        break;
      case "netty":
        netty(port);
        break;
      default:
        System.err.println("unknown server " + args[0] + " (expected: jwire, selector or netty)");
        System.exit(2);
    }
  }

  static Wire echo(Connection c) {
    return c.read(data -> data == null ? null : c.write(data, echo(c)));
  }

  private static void jwire(int port) {
    try (EventLoop loop = EventLoop.builder().name("echo").build();
        TcpServer server = TcpServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      loop.start(server.serve(EchoServers::echo));
      System.out.println("listening " + server.port());
      loop.run();
    }
  }

  private static void selector(int port) throws IOException {
    Selector selector = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    System.out.println("listening " + port);
    for (; ; ) {
      selector.select();
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        if (!k.isValid()) {
          continue;
        }
        if (k.isAcceptable()) {
          java.nio.channels.SocketChannel c;
          while ((c = server.accept()) != null) {
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(16 * 1024));
          }
          continue;
        }
        java.nio.channels.SocketChannel c = (java.nio.channels.SocketChannel) k.channel();
        ByteBuffer buf = (ByteBuffer) k.attachment();
        try {
          if (k.isReadable()) {
            int n = c.read(buf);
            if (n < 0) {
              c.close();
              continue;
            }
          }
          buf.flip();
          c.write(buf);
          buf.compact();
          k.interestOps(buf.position() > 0 ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
          c.close();
        }
      }
    }
  }

  private static void netty(int port) throws InterruptedException {
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      ServerBootstrap b = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 4096)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new EchoHandler());
            }
          });
      b.bind(InetAddress.getLoopbackAddress(), port).sync();
      System.out.println("listening " + port);
      group.terminationFuture().sync();
    } finally {
      group.shutdownGracefully();
    }
  }

  /** Netty's own echo example handler, in short. */
  static final class EchoHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    @Override
    public boolean isSharable() {
      return true;
    }
  }
}
