package dev.jwire.wires.internal;

import java.util.concurrent.locks.LockSupport;
import reactor.core.scheduler.NonBlocking;

/**
 * The blocking forms of a channel, for plain threads: a thread waits in the channel's queues like
 * a task, on a node that it parks on. Refused on loop threads (and on any Reactor {@link
 * NonBlocking} thread), which must never block.
 *
 * <p>Giving up (interrupt, timeout) removes the node under the channel's lock. If the node is no
 * longer queued, someone has already taken it and is handing over: the thread then waits for that
 * hand-over (a few instructions away) and honours it, so nothing is lost or sent twice.
 */
final class ThreadWaits {
  private ThreadWaits() {}

  /** Refuses to block a non-blocking thread, naming the operation and the thread. */
  static void checkMayBlock(String operation, String what) {
    Thread t = Thread.currentThread();
    if (t instanceof NonBlocking) {
      throw new IllegalStateException(
          operation + " would block the non-blocking thread '" + t.getName() + "' (" + what + ")");
    }
  }

  /**
   * @param timeoutNanos how long to wait, or negative for ever
   * @return a message, an {@link ChannelImpl.End}, or {@link ChannelImpl#EMPTY} on timeout
   */
  static Object take(ChannelImpl<?> ch, long timeoutNanos) throws InterruptedException {
    checkMayBlock("take", "in a wire use receive(...); anywhere tryReceive()");
    ch.noteOutsideUse();
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Object v = ch.receive0(null, null);
    if (v != ChannelImpl.EMPTY || timeoutNanos == 0) {
      return v;
    }
    ThreadReceiver w = new ThreadReceiver();
    v = ch.receive0(null, w);
    if (v != ChannelImpl.WAITING) {
      return v;
    }
    long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
    while ((v = w.value) == null) {
      if (timeoutNanos > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          if (ch.remove(w)) {
            return ChannelImpl.EMPTY;
          }
          return w.await();
        }
        LockSupport.parkNanos(ch, left);
      } else {
        LockSupport.park(ch);
      }
      if (Thread.interrupted()) {
        if (ch.remove(w)) {
          throw new InterruptedException();
        }
        Object got = w.await(); // taken already: keep the message, keep the interrupt
        Thread.currentThread().interrupt();
        return got;
      }
    }
    return v;
  }

  /**
   * @param timeoutNanos how long to wait, or negative for ever
   * @return whether the message was sent (false only on timeout)
   */
  static boolean put(ChannelImpl<?> ch, Object value, long timeoutNanos) throws InterruptedException {
    checkMayBlock("put", "in a wire use send(...); anywhere trySend(...)");
    ch.noteOutsideUse();
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    int r = ch.send0(null, value, null);
    if (r == ChannelImpl.FULL && timeoutNanos != 0) {
      ThreadSender w = new ThreadSender(value);
      r = ch.send0(null, value, w);
      if (r == ChannelImpl.QUEUED) {
        r = awaitSent(ch, w, timeoutNanos);
      }
    }
    if (r == ChannelImpl.CLOSED) {
      throw ch.closedForSend();
    }
    return r == ChannelImpl.OK;
  }

  private static int awaitSent(ChannelImpl<?> ch, ThreadSender w, long timeoutNanos) throws InterruptedException {
    long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
    int r;
    while ((r = w.result) == ThreadSender.PENDING) {
      if (timeoutNanos > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return ch.remove(w) ? ChannelImpl.FULL : w.await();
        }
        LockSupport.parkNanos(ch, left);
      } else {
        LockSupport.park(ch);
      }
      if (Thread.interrupted()) {
        if (ch.remove(w)) {
          throw new InterruptedException();
        }
        r = w.await();
        Thread.currentThread().interrupt();
        return r;
      }
    }
    return r;
  }

  /** A thread waiting to receive. */
  static final class ThreadReceiver extends Receiver {
    private final Thread thread = Thread.currentThread();
    volatile Object value;

    @Override
    void deliver(ChannelImpl<?> channel, Object v) {
      value = v;
      LockSupport.unpark(thread);
    }

    /** Waits, uninterruptibly, for a hand-over already under way. */
    Object await() {
      Object v;
      while ((v = value) == null) {
        LockSupport.park(this);
      }
      return v;
    }
  }

  /** A thread waiting to send. */
  static final class ThreadSender extends Sender {
    static final int PENDING = -1;
    private final Thread thread = Thread.currentThread();
    volatile int result = PENDING;

    ThreadSender(Object item) {
      super(item);
    }

    @Override
    void sent() {
      result = ChannelImpl.OK;
      LockSupport.unpark(thread);
    }

    @Override
    void closed(ChannelImpl<?> channel) {
      result = ChannelImpl.CLOSED;
      LockSupport.unpark(thread);
    }

    int await() {
      int r;
      while ((r = result) == PENDING) {
        LockSupport.park(this);
      }
      return r;
    }
  }
}
