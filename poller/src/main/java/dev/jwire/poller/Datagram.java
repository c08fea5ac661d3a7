package dev.jwire.poller;

import dev.jwire.engine.internal.Checks;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One datagram a {@link UdpSocket} received.
 *
 * @param payload the bytes: a view of the socket's receive buffer, valid until its next receive
 *     (copy what you keep longer)
 * @param sender where the datagram came from; the address to answer to
 */
public record Datagram(ByteBuffer payload, InetSocketAddress sender) {

  /**
   * @param payload the bytes
   * @param sender where they came from
   */
  public Datagram {
    Checks.notNull(payload, "payload");
    Checks.notNull(sender, "sender");
  }

  /** @return the payload decoded as UTF-8; the payload's position does not move */
  public String text() {
    return StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
  }
}
