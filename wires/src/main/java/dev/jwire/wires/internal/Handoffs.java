package dev.jwire.wires.internal;

/**
 * Messages handed to claimed receivers, to be delivered once the caller has released its own
 * lock (a broadcast's), so that no receiver is resumed, and no subscriber's code runs, under it.
 */
final class Handoffs {
  private Object[] items = new Object[6];
  private int size;

  void add(ChannelImpl<?> channel, Receiver r, Object v) {
    if (size + 3 > items.length) {
      items = java.util.Arrays.copyOf(items, items.length * 2);
    }
    items[size++] = channel;
    items[size++] = r;
    items[size++] = v;
  }

  /** Delivers everything added; outside every lock. */
  void run() {
    for (int i = 0; i < size; i += 3) {
      ((Receiver) items[i + 1]).deliver((ChannelImpl<?>) items[i], items[i + 2]);
      items[i] = items[i + 1] = items[i + 2] = null;
    }
    size = 0;
  }
}
