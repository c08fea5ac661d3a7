package dev.jwire.poller;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link UdpSocket} over the loopback address: with itself, with a plain {@link DatagramSocket}. */
@Timeout(120)
class UdpSocketTest {
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private EventLoop loop;
  private UdpSocket server;
  private final List<Object> seen = new CopyOnWriteArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  @BeforeEach
  void open() {
    loop = EventLoop.create();
    server = UdpSocket.bindLoopback(0);
  }

  @AfterEach
  @Timeout(30)
  void close() {
    server.close();
    loop.close();
  }

  private void start(Wire wire) {
    loop.start(wire, (ctx, e) -> failure.set(e));
  }

  private static Wire echo(UdpSocket udp) {
    return udp.receive(d -> udp.send(d.payload(), d.sender(), echo(udp)));
  }

  @Test
  void jwireToJwire_datagramIsEchoedBackToItsSender() {
    start(echo(server));
    start(UdpSocket.open(ANY_LOOPBACK, udp -> udp.send(UTF_8.encode("ping"), server.address(), udp.receive(d -> {
      seen.add(d.text() + " from " + d.sender().getPort());
      return null;
    }))));
    await().until(() -> !seen.isEmpty() || failure.get() != null);
    assertThat(failure.get()).isNull();
    assertThat(seen).containsExactly("ping from " + server.port());
  }

  @Test
  void plainDatagramSocket_talksWithJwire_bothWays() throws Exception {
    start(echo(server));
    try (DatagramSocket plain = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      plain.setSoTimeout(10_000);
      byte[] hello = "hello jwire".getBytes(UTF_8);
      plain.send(new DatagramPacket(hello, hello.length, server.address()));
      DatagramPacket echoed = new DatagramPacket(new byte[100], 100);
      plain.receive(echoed);
      assertThat(new String(echoed.getData(), 0, echoed.getLength(), UTF_8)).isEqualTo("hello jwire");
      assertThat(echoed.getPort()).isEqualTo(server.port());

      InetSocketAddress plainAddress = (InetSocketAddress) plain.getLocalSocketAddress();
      start(UdpSocket.open(ANY_LOOPBACK, udp -> udp.send(UTF_8.encode("question"), plainAddress, udp.receive(d -> {
        seen.add(d.text());
        return null;
      }))));
      DatagramPacket question = new DatagramPacket(new byte[100], 100);
      plain.receive(question);
      byte[] answer = ("answer to " + new String(question.getData(), 0, question.getLength(), UTF_8)).getBytes(UTF_8);
      plain.send(new DatagramPacket(answer, answer.length, question.getSocketAddress()));
      await().until(() -> !seen.isEmpty() || failure.get() != null);
      assertThat(seen).containsExactly("answer to question");
    }
  }

  @Test
  void largeDatagram_arrivesWhole() {
    byte[] payload = new byte[60_000];
    new Random(7).nextBytes(payload);
    start(echo(server));
    start(UdpSocket.open(ANY_LOOPBACK, udp -> udp.send(ByteBuffer.wrap(payload), server.address(), udp.receive(d -> {
      byte[] got = new byte[d.payload().remaining()];
      d.payload().get(got);
      seen.add(Arrays.equals(got, payload) ? "intact" : "differs, " + got.length + " bytes");
      return null;
    }))));
    await().until(() -> !seen.isEmpty() || failure.get() != null);
    assertThat(seen).containsExactly("intact");
  }

  @Test
  void datagramLongerThanMaxDatagramSize_isCut() {
    server.maxDatagramSize(100);
    start(server.receive(d -> {
      seen.add(d.payload().remaining());
      return null;
    }));
    start(UdpSocket.open(ANY_LOOPBACK, udp -> udp.send(ByteBuffer.allocate(1000), server.address())));
    await().until(() -> !seen.isEmpty() || failure.get() != null);
    assertThat(seen).containsExactly(100);
  }

  @Test
  void receiveWithTimeout_givesNullWhenNothingCame_andTheDatagramWhenOneDid() {
    start(server.receive(Duration.ofMillis(50), d -> {
      seen.add(String.valueOf(d));
      return server.receive(Duration.ofSeconds(30), again -> {
        seen.add(again.text());
        return null;
      });
    }));
    await().until(() -> !seen.isEmpty() || failure.get() != null);
    start(UdpSocket.open(ANY_LOOPBACK, udp -> udp.send(UTF_8.encode("late"), server.address())));
    await().until(() -> seen.size() == 2 || failure.get() != null);
    assertThat(seen).containsExactly("null", "late");
  }

  @Test
  void openedSocket_isClosedWhenItsTaskEnds() {
    AtomicReference<UdpSocket> opened = new AtomicReference<>();
    start(UdpSocket.open(ANY_LOOPBACK, udp -> Wire.call(() -> opened.set(udp))));
    await().until(() -> opened.get() != null && !opened.get().isOpen());
    assertThat(failure.get()).isNull();
  }

  @Test
  void closingTheSocket_failsTheWaitingReceive() {
    start(server.receive(d -> null));
    await().until(() -> loop.dump().toText().contains("await read"));
    server.close();
    await().until(() -> failure.get() != null);
    assertThat(failure.get()).isInstanceOf(AsynchronousCloseException.class);
  }

  @Test
  void secondWaitingReceiver_failsClearly() {
    start(server.receive(d -> null));
    await().until(() -> loop.dump().toText().contains("await read"));
    start(server.receive(d -> null));
    await().until(() -> failure.get() != null);
    assertThat(failure.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one reader and one writer per channel at a time");
  }

  @Test
  void badArguments_areRefusedAtTheCallSite() {
    assertThatThrownBy(() -> UdpSocket.bindLoopback(-1)).hasMessage("port : -1 (expected: 0 to 65535)");
    assertThatThrownBy(() -> server.receive(Duration.ZERO, d -> null)).hasMessage("timeout : PT0S (expected: > 0)");
    assertThatThrownBy(() -> server.maxDatagramSize(0)).hasMessage("bytes : 0 (expected: 1 to 65535)");
    assertThatThrownBy(() -> server.send(null, server.address())).hasMessage("data : null (expected: non-null)");
    assertThatThrownBy(() -> UdpSocket.bind(server.address()))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("cannot bind UDP on " + server.address());
  }
}
