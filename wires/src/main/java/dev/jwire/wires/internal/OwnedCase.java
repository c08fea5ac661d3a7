package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.wires.SelectCase;
import dev.jwire.wires.Selection;

/**
 * A mailbox's receive case: the channel's own case, registered only by a select of the mailbox's
 * owner task.
 *
 * @param <V> the type of the case's value
 */
final class OwnedCase<V> extends SelectCase<V> {
  private final MailboxImpl<?> mailbox;
  private final SelectCase<V> inner;

  private OwnedCase(MailboxImpl<?> mailbox, SelectCase<V> inner) {
    this.mailbox = mailbox;
    this.inner = inner;
  }

  static <V> SelectCase<V> of(MailboxImpl<?> mailbox, SelectCase<V> inner) {
    return new OwnedCase<>(mailbox, inner);
  }

  @Override
  public Registration register(Selection<V> selection) throws Exception {
    mailbox.checkOwner(selection.context().task());
    return inner.register(selection);
  }

  @Override
  public Wire selected(WireContext ctx, V value) throws Exception {
    return inner.selected(ctx, value);
  }

  @Override
  public void undelivered(V value) {
    inner.undelivered(value);
  }

  @Override
  public boolean waitsOnOutside() {
    return inner.waitsOnOutside();
  }

  @Override
  public String name() {
    return inner.name();
  }
}
