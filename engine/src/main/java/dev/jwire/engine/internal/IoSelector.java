package dev.jwire.engine.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * A loop thread's own {@link Selector}: tasks on that thread wait on channel readiness here, and
 * the thread itself selects, in its rounds and instead of parking when idle, so a ready channel
 * resumes its task with no hand-off to another thread (the design of Netty's and libuv's loops).
 *
 * <p>Each registered channel has one {@link Handle} as its key's attachment, with two slots: a task
 * waiting to read or accept, and one waiting to write or connect, so one task may read while
 * another writes. The key's interest is exactly what its waiters want: a ready channel is reported
 * once, to the waiter, and not again until something waits on it anew. Driver thread only, except
 * {@link #wakeup}.
 */
final class IoSelector implements Consumer<SelectionKey> {
  private static final int IN = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
  private static final int OUT = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

  private final LoopWorker worker;
  private volatile Selector selector;
  /** Every handle of this selector, to find the waiters of channels closed under them. */
  private Handle handles;
  private int handleCount;
  private int waiting;
  private int fired;
  /** A blocking select just ran: the round after it need not poll again. */
  private boolean freshlySelected;

  IoSelector(LoopWorker worker) {
    this.worker = worker;
  }

  /** A channel's waiters. */
  static final class Handle {
    final SelectionKey key;
    SuspendWait<Integer> in;
    int inOps;
    SuspendWait<Integer> out;
    int outOps;
    /** Deadlines of the two waits, if they have one. */
    Timeout inTimeout;
    Timeout outTimeout;
    Handle prev;
    Handle next;

    Handle(SelectionKey key) {
      this.key = key;
    }

    int interest() {
      return (in != null ? inOps : 0) | (out != null ? outOps : 0);
    }
  }

  /** Ends a readiness wait that took too long: the waiter resumes with no ready operations. */
  final class Timeout extends TimerNode {
    final SelectableChannel channel;
    final SuspendWait<Integer> wait;

    Timeout(SelectableChannel channel, SuspendWait<Integer> wait) {
      this.channel = channel;
      this.wait = wait;
    }

    @Override
    void fire() {
      forget(channel, wait);
      wait.resume(0);
    }

    @Override
    public void runJob() {
      fire();
    }
  }

  /** @return whether any task waits on a channel here */
  boolean hasWaiters() {
    return waiting > 0;
  }

  boolean isOpen() {
    return selector != null;
  }

  /** Registers {@code wait} for {@code ops} on {@code channel}. */
  void await(SelectableChannel channel, int ops, SuspendWait<Integer> wait, long timeoutNanos) throws IOException {
    Selector s = open();
    SelectionKey key = channel.keyFor(s);
    Handle h;
    if (key == null || !key.isValid()) {
      if (key != null) {
        s.selectNow(); // a cancelled key of a re-registered channel must be flushed first
        drainSelected();
      }
      if (channel.isBlocking()) {
        channel.configureBlocking(false);
      }
      key = channel.register(s, 0);
      h = new Handle(key);
      key.attach(h);
      link(h);
    } else {
      h = (Handle) key.attachment();
    }
    int in = ops & IN;
    int out = ops & OUT;
    if ((in != 0 && h.in != null && h.in.isPending()) || (out != 0 && h.out != null && h.out.isPending())) {
      throw new IllegalStateException(
          "another task already waits for " + describe(in != 0 && h.in != null ? h.inOps : h.outOps)
              + " on " + channel + ": one reader and one writer per channel at a time");
    }
    Timeout timeout = null;
    if (timeoutNanos >= 0) {
      timeout = new Timeout(channel, wait);
      worker.timers.add(timeout, worker.clock.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4));
    }
    if (in != 0) {
      h.in = wait;
      h.inOps = in;
      h.inTimeout = timeout;
      waiting++;
    }
    if (out != 0) {
      h.out = wait;
      h.outOps = out;
      h.outTimeout = timeout;
      waiting++;
    }
    key.interestOps(h.interest());
  }

  private void disarm(Timeout t) {
    if (t != null) {
      worker.timers.remove(t);
    }
  }

  /** A cancelled task no longer waits on {@code channel}. */
  void forget(SelectableChannel channel, SuspendWait<Integer> wait) {
    Selector s = selector;
    SelectionKey key = s == null ? null : channel.keyFor(s);
    if (key == null) {
      return;
    }
    Handle h = (Handle) key.attachment();
    if (h.in == wait) {
      h.in = null;
      disarm(h.inTimeout);
      h.inTimeout = null;
      waiting--;
    }
    if (h.out == wait) {
      h.out = null;
      disarm(h.outTimeout);
      h.outTimeout = null;
      waiting--;
    }
    if (key.isValid()) {
      key.interestOps(h.interest());
    }
  }

  private Selector open() throws IOException {
    Selector s = selector;
    if (s == null) {
      if (worker.core.isClosed()) {
        throw new ClosedSelectorException();
      }
      s = Selector.open();
      selector = s;
    }
    return s;
  }

  /** Resumes the tasks whose channels are ready now, without blocking. @return how many */
  int selectNow() {
    Selector s = selector;
    if (s == null || waiting == 0) {
      return 0;
    }
    if (freshlySelected) {
      freshlySelected = false; // the idle select polled a moment ago: save a system call
      return 0;
    }
    fired = 0;
    try {
      s.selectNow(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    checkClosedChannels(s);
    return fired;
  }

  /**
   * Blocks in select until a channel is ready, {@link #wakeup} is called, or {@code nanos} pass.
   * The one blocking call of a loop thread that does I/O (allowed by jwire's BlockHound
   * integration).
   */
  void select(long nanos) {
    Selector s = selector;
    fired = 0;
    try {
      if (nanos == Long.MAX_VALUE) {
        s.select(this);
      } else {
        // select takes milliseconds: round up, never wake before a timer is due
        s.select(this, Math.max(1, (nanos + 999_999) / 1_000_000));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    freshlySelected = fired > 0;
    checkClosedChannels(s);
  }

  /** Interrupts a {@link #select} in progress (or the next one); any thread. */
  void wakeup() {
    Selector s = selector;
    if (s != null) {
      s.wakeup();
    }
  }

  private void drainSelected() {
    selector.selectedKeys().clear();
  }

  @Override
  public void accept(SelectionKey key) {
    Handle h = (Handle) key.attachment();
    int ready;
    try {
      ready = key.readyOps();
    } catch (java.nio.channels.CancelledKeyException e) {
      return; // closed during this very select: found by checkClosedChannels
    }
    SuspendWait<Integer> in = h.in;
    SuspendWait<Integer> out = h.out;
    if (in != null && (ready & h.inOps) != 0) {
      h.in = null;
      disarm(h.inTimeout);
      h.inTimeout = null;
      waiting--;
      if (out == in) {
        h.out = null;
        h.outTimeout = null;
        waiting--;
      }
      in.resume(ready);
      fired++;
    }
    if (out != null && out != in && (ready & h.outOps) != 0) {
      h.out = null;
      disarm(h.outTimeout);
      h.outTimeout = null;
      waiting--;
      out.resume(ready);
      fired++;
    }
    if (key.isValid()) {
      key.interestOps(h.interest());
    }
  }

  /** Fails the waiters of channels that were closed while they waited (their keys are gone). */
  private void checkClosedChannels(Selector s) {
    if (s.keys().size() >= handleCount) {
      return;
    }
    for (Handle h = handles; h != null; ) {
      Handle next = h.next;
      if (!h.key.isValid()) {
        unlink(h);
        failClosed(h);
      }
      h = next;
    }
  }

  private void failClosed(Handle h) {
    SuspendWait<Integer> in = h.in;
    SuspendWait<Integer> out = h.out;
    h.in = null;
    h.out = null;
    disarm(h.inTimeout);
    disarm(h.outTimeout);
    h.inTimeout = null;
    h.outTimeout = null;
    if (in != null) {
      waiting--;
      in.fail(new AsynchronousCloseException());
      fired++;
    }
    if (out != null) {
      waiting--;
      if (out != in) {
        out.fail(new AsynchronousCloseException());
        fired++;
      }
    }
  }

  private void link(Handle h) {
    h.next = handles;
    if (handles != null) {
      handles.prev = h;
    }
    handles = h;
    handleCount++;
  }

  private void unlink(Handle h) {
    if (h.prev != null) {
      h.prev.next = h.next;
    } else {
      handles = h.next;
    }
    if (h.next != null) {
      h.next.prev = h.prev;
    }
    h.prev = null;
    h.next = null;
    handleCount--;
  }

  /** Closes the selector; the loop has ended. Channels stay open: they belong to their owners. */
  void close() {
    Selector s = selector;
    if (s == null) {
      return;
    }
    for (Handle h = handles; h != null; h = h.next) {
      failClosed(h);
    }
    handles = null;
    handleCount = 0;
    selector = null;
    try {
      s.close();
    } catch (IOException e) {
      worker.core.logUncaught("closing the selector of loop thread " + worker.index + " failed", e);
    }
  }

  static String describe(int ops) {
    StringBuilder b = new StringBuilder();
    if ((ops & SelectionKey.OP_READ) != 0) b.append("read|");
    if ((ops & SelectionKey.OP_WRITE) != 0) b.append("write|");
    if ((ops & SelectionKey.OP_CONNECT) != 0) b.append("connect|");
    if ((ops & SelectionKey.OP_ACCEPT) != 0) b.append("accept|");
    return b.length() == 0 ? "nothing" : b.substring(0, b.length() - 1);
  }
}
