package dev.jwire.poller;

import dev.jwire.engine.Wire;

/** The echo machine the tests serve: read what is there, write it back, until end of stream. */
final class Echo {
  private Echo() {}

  static Wire echo(Connection c) {
    return c.read(data -> data == null ? null : c.write(data, echo(c)));
  }
}
