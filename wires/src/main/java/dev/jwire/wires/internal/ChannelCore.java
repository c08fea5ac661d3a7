package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.LoopThread;
import dev.jwire.wires.Channel;
import dev.jwire.wires.ChannelClosedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The channel: a buffer and two queues of waiters, under one short lock.
 *
 * <h2>Design</h2>
 *
 * <p>State: a FIFO buffer (at most {@code capacity} messages, lazily allocated), a queue of waiting
 * receivers and one of waiting senders ({@link WaitList}s of {@link WaitNode}s, O(1) removal, so a
 * cancelled waiter leaves no hole), and the closed flag. Invariants, under the lock: receivers wait
 * only while the buffer is empty; senders wait only while the buffer is full.
 *
 * <p><b>Claim under the lock, hand over outside it.</b> An operation decides everything under the
 * lock: which waiter it takes (removing it from its queue), and which message moves. Then, outside
 * the lock, it resumes that waiter ({@link Receiver#deliver}, {@link Sender#sent}). Resuming a task
 * may wake a thread; nobody waits for that while holding the lock.
 *
 * <p><b>Plain waiters</b> (a task's wait, a thread, a subscription) are owned by whoever removes
 * them from the queue. <b>Select cases</b> are not: a select waits in several queues at once, and
 * only one of its cases may win. Taking a select's node therefore needs its claim ({@link Arm}); a
 * node whose select was decided elsewhere is dropped from the queue and skipped. When both sides
 * are selects (a rendezvous between a select sending and a select receiving), both are claimed at
 * once ({@link Arm#claimPair}), so neither can be left claimed without a partner.
 *
 * <p><b>Nothing is lost.</b> A message handed to a task that was cancelled before it could take it
 * (the task's {@code Suspension.resume} refuses it, or the engine returns it through {@code
 * undelivered}) comes back with {@link #giveBack}: to the next waiting receiver, else to the head
 * of the buffer, even beyond capacity or after close (receivers drain it).
 *
 * <p>Lock order: a {@link BroadcastImpl}'s lock, then a channel's, then select runs' monitors. A
 * channel never holds two channel locks.
 *
 * <p>This class holds the state and the algorithms; {@link ChannelImpl} adds the public API on top.
 *
 * @param <T> the type of the messages
 */
abstract class ChannelCore<T> {
  static final Object EMPTY = new Marker("EMPTY");
  static final Object WAITING = new Marker("WAITING");
  static final Object ABANDONED = new Marker("ABANDONED");

  static final int OK = 0;
  static final int QUEUED = 1;
  static final int FULL = 2;
  static final int CLOSED = 3;
  static final int LOST = 4;

  /** The end of a channel, as a receiver sees it: closed and drained. */
  static final class End {
    final Throwable cause;

    End(Throwable cause) {
      this.cause = cause;
    }
  }

  static final End CLOSED_END = new End(null);

  private final String name;
  private final int capacity;
  private ArrayDeque<Object> buffer;
  private final WaitList receivers = new WaitList();
  private final WaitList senders = new WaitList();
  /** Subscriptions without demand that want to hear about the close (lazily allocated). */
  private WaitList closeWatchers;
  /** Subscribers feeding the channel that wait for a free slot (lazily allocated). */
  private WaitList roomWatchers;
  private volatile boolean closed;
  /** Set once a plain thread or a Reactor subscriber has used the channel: see {@link #isUsedFromOutside}. */
  private volatile boolean usedFromOutside;
  private End end;
  private long sent;
  private long received;
  private long dropped;

  /**
   * @param name the name, or null for a generated one
   * @param capacity zero or more; {@link Integer#MAX_VALUE} for unbounded
   */
  ChannelCore(String name, int capacity) {
    this.name = name;
    this.capacity = capacity;
  }

  // ---------------------------------------------------------------------------------------------
  // The core operations. Each returns after deciding under the lock and handing over outside it.

  /**
   * Sends {@code v}: to a waiting receiver, else into the buffer, else queues {@code waiter}.
   *
   * @param self the select case sending, or null
   * @param v the message
   * @param waiter the node to queue if the channel is full, or null not to wait
   * @return {@link #OK}, {@link #QUEUED}, {@link #FULL} (nothing queued), {@link #CLOSED}, or
   *     {@link #LOST} (the select chose another case)
   */
  int send0(Arm self, Object v, Sender waiter) {
    return send0(self, v, waiter, null);
  }

  /**
   * {@link #send0(Arm, Object, Sender)}, handing a message to a waiting receiver through {@code
   * later} (when not null) instead of at once: for a caller that holds a lock of its own and hands
   * over after releasing it.
   */
  int send0(Arm self, Object v, Sender waiter, Handoffs later) {
    Receiver r;
    synchronized (this) {
      if (closed) {
        return self == null || self.tryClaim() ? CLOSED : LOST;
      }
      r = claimReceiver(self);
      if (r == LOST_RECEIVER) {
        return LOST;
      }
      if (r == null) {
        if (bufferedCount() < capacity) {
          if (self != null && !self.tryClaim()) {
            return LOST;
          }
          buffer().addLast(v);
          sent++;
          return OK;
        }
        if (waiter == null) {
          return FULL;
        }
        senders.add(waiter);
        return QUEUED;
      }
      sent++;
      received++;
    }
    if (later != null) {
      later.add(self(), r, v);
    } else {
      r.deliver(self(), v);
    }
    return OK;
  }

  /**
   * Receives: from the buffer (refilling it from a waiting sender), else from a waiting sender,
   * else queues {@code waiter}.
   *
   * @param self the select case receiving, or null
   * @param waiter the node to queue if the channel is empty, or null not to wait
   * @return the message, an {@link End}, {@link #EMPTY} (nothing queued), {@link #WAITING}, or
   *     {@link #ABANDONED} (the select chose another case)
   */
  Object receive0(Arm self, Receiver waiter) {
    Sender s;
    Object v;
    RoomWatcher room = null;
    synchronized (this) {
      ArrayDeque<Object> b = buffer;
      if (b != null && !b.isEmpty()) {
        if (self != null && !self.tryClaim()) {
          return ABANDONED;
        }
        v = b.pollFirst();
        received++;
        s = b.size() < capacity ? claimSender(null) : null;
        if (s != null) {
          b.addLast(s.item);
          sent++;
        } else if (roomWatchers != null) {
          room = (RoomWatcher) roomWatchers.poll();
        }
      } else {
        s = claimSender(self);
        if (s == LOST_SENDER) {
          return ABANDONED;
        }
        if (s != null) {
          v = s.item;
          sent++;
          received++;
        } else if (closed) {
          return self == null || self.tryClaim() ? end : ABANDONED;
        } else if (waiter == null) {
          return EMPTY;
        } else {
          receivers.add(waiter);
          waiter.enqueued();
          return WAITING;
        }
      }
    }
    if (s != null) {
      s.sent();
    } else if (room != null) {
      room.roomFreed();
    }
    return v;
  }

  /**
   * @param most the most the caller wants to know about
   * @return how many messages the buffer could take now, at most {@code most}
   */
  int freeRoom(int most) {
    synchronized (this) {
      long free = (long) capacity - bufferedCount() - senders.size();
      return (int) Math.max(0, Math.min(free, most));
    }
  }

  /**
   * Registers {@code watcher} for the next freed slot, unless there is room already or the channel
   * is closed.
   *
   * @return whether it was registered
   */
  boolean watchRoom(RoomWatcher watcher) {
    synchronized (this) {
      if (closed || bufferedCount() < capacity) {
        return false;
      }
      if (!watcher.isQueued()) {
        if (roomWatchers == null) {
          roomWatchers = new WaitList();
        }
        roomWatchers.add(watcher);
      }
      return true;
    }
  }

  /**
   * Whether a plain thread or a Reactor publisher or subscriber has used this channel: a task waiting
   * on it may then be woken from outside the loop, and tells the loop so ({@code
   * Suspender.waitsOnOutside}), so that a virtual-time loop gives such a wait real time before
   * jumping ahead. Conservative: once set, it stays.
   */
  boolean isUsedFromOutside() {
    return usedFromOutside;
  }

  /** Notes a use from outside the loop, unless the caller is a loop thread. */
  void noteUse() {
    if (!usedFromOutside && !(Thread.currentThread() instanceof LoopThread)) {
      usedFromOutside = true;
    }
  }

  /** Notes a use by something that may run anywhere (a Reactor publisher or subscriber). */
  void noteOutsideUse() {
    usedFromOutside = true;
  }

  /**
   * A lock-free hint for the fast path of a receiving wire: false when the channel looked open and
   * empty (then the wire goes straight to waiting, with one lock instead of two). The reads race with
   * writers, which is harmless: a wrong "empty" only takes the waiting path, which looks again under
   * the lock; a wrong "ready" costs one failed attempt.
   */
  boolean maybeReady() {
    ArrayDeque<Object> b = buffer;
    return closed || (b != null && !b.isEmpty()) || !senders.isEmpty();
  }

  /**
   * Takes back a message that was handed to a receiver that could not take it: to the next waiting
   * receiver, else to the head of the buffer (beyond capacity and after close if need be).
   *
   * @param v the message; an {@link End} is ignored
   */
  public void giveBack(Object v) {
    if (v instanceof End) {
      return;
    }
    Receiver r;
    synchronized (this) {
      r = claimReceiver(null);
      if (r == null) {
        buffer().addFirst(v);
        received--;
        return;
      }
    }
    r.deliver(self(), v);
  }

  /**
   * Removes a waiter that gave up (cancelled, interrupted, timed out).
   *
   * @param node the waiter
   * @return whether it was still queued; if not, whoever took it is handing it over
   */
  boolean remove(WaitNode node) {
    synchronized (this) {
      return receivers.remove(node)
          || senders.remove(node)
          || (closeWatchers != null && closeWatchers.remove(node))
          || (roomWatchers != null && roomWatchers.remove(node));
    }
  }

  /**
   * Registers {@code watcher} to get the channel's {@link End} through {@link Receiver#deliver} when
   * it closes, without taking messages (a subscription without demand). Removed with {@link
   * #remove}.
   *
   * @return false if the channel is closed already (nothing registered)
   */
  boolean watchClose(Receiver watcher) {
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (!watcher.isQueued()) {
        if (closeWatchers == null) {
          closeWatchers = new WaitList();
        }
        closeWatchers.add(watcher);
      }
      return true;
    }
  }

  private static final Receiver LOST_RECEIVER = new Receiver() {
    @Override
    void deliver(ChannelImpl<?> channel, Object value) {}
  };

  private static final Sender LOST_SENDER = new Sender(null) {
    @Override
    void sent() {}

    @Override
    void closed(ChannelImpl<?> channel) {}
  };

  /** Under the lock: claims and dequeues the first receiver that can be taken by {@code self}. */
  private Receiver claimReceiver(Arm self) {
    WaitNode n = receivers.first();
    while (n != null) {
      WaitNode next = WaitList.next(n);
      Arm other = n.arm();
      if (self != null && other != null && other.run == self.run) {
        n = next; // the same select's own receive case: never matched with itself
        continue;
      }
      int c = Arm.claimPair(self, other);
      if (c == Arm.SELF_LOST) {
        return LOST_RECEIVER;
      }
      receivers.remove(n);
      if (c == Arm.CLAIMED) {
        return (Receiver) n;
      }
      n = next; // its select chose another case: dropped
    }
    return null;
  }

  /** Under the lock: claims and dequeues the first sender that can be taken by {@code self}. */
  private Sender claimSender(Arm self) {
    WaitNode n = senders.first();
    while (n != null) {
      WaitNode next = WaitList.next(n);
      Arm other = n.arm();
      if (self != null && other != null && other.run == self.run) {
        n = next;
        continue;
      }
      int c = Arm.claimPair(self, other);
      if (c == Arm.SELF_LOST) {
        return LOST_SENDER;
      }
      senders.remove(n);
      if (c == Arm.CLAIMED) {
        return (Sender) n;
      }
      n = next;
    }
    return null;
  }

  /** @return this channel, as the type the nodes know */
  abstract ChannelImpl<T> self();

  private ArrayDeque<Object> buffer() {
    ArrayDeque<Object> b = buffer;
    if (b == null) {
      b = buffer = new ArrayDeque<>(Math.min(Math.max(capacity, 1), 16));
    }
    return b;
  }

  /** Under the lock. */
  int bufferedCount() {
    return buffer == null ? 0 : buffer.size();
  }

  /** @return the channel's name, for messages and dumps */
  public String name() {
    return name != null ? name : "channel@" + Integer.toHexString(System.identityHashCode(this));
  }

  /** @return how many messages the channel holds; {@link Integer#MAX_VALUE} if unbounded */
  public int capacity() {
    return capacity;
  }

  /** @return whether the channel is still open */
  public boolean isOpen() {
    return !closed;
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  /** Closes with {@code e}; see {@code SendChannel.close}. */
  boolean close0(End e) {
    List<Receiver> rs;
    List<Sender> ss;
    List<RoomWatcher> rooms;
    synchronized (this) {
      if (closed) {
        return false;
      }
      end = e;
      closed = true;
      rs = drainClaimed(receivers);
      ss = drainClaimed(senders);
      if (closeWatchers != null) {
        rs.addAll(drainClaimed(closeWatchers));
        closeWatchers = null;
      }
      rooms = drainClaimed(roomWatchers == null ? new WaitList() : roomWatchers);
      roomWatchers = null;
    }
    for (RoomWatcher w : rooms) {
      w.roomFreed(); // a feeder waiting for room learns that there will be none
    }
    for (Receiver r : rs) {
      r.deliver(self(), e);
    }
    for (Sender s : ss) {
      s.closed(self());
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static <N extends WaitNode> List<N> drainClaimed(WaitList list) {
    List<N> out = new ArrayList<>(list.size());
    for (WaitNode n = list.poll(); n != null; n = list.poll()) {
      if (Arm.claimPair(null, n.arm()) == Arm.CLAIMED) {
        out.add((N) n);
      }
    }
    return out;
  }

  /** @return the error a send on this closed channel fails with */
  ChannelClosedException closedForSend() {
    End e;
    synchronized (this) {
      e = end;
    }
    return new ChannelClosedException(
        "channel '" + name() + "' is closed: cannot send", e == null ? null : e.cause);
  }

  /** @return the error a receive at the end of a channel closed with {@code e} fails with */
  ChannelClosedException closedWithError(End e) {
    return new ChannelClosedException("channel '" + name() + "' was closed with an error: " + e.cause, e.cause);
  }

  /**
   * Maps what a receive got to the successor.
   *
   * @return {@code then.apply(message)}, or {@code onEnd} at the end
   * @throws ChannelClosedException at the end of a channel closed with an error
   */
  @SuppressWarnings("unchecked")
  Wire next(Object v, Function<? super T, ? extends Wire> then, Wire onEnd) {
    if (v instanceof End) {
      End e = (End) v;
      if (e.cause != null) {
        throw closedWithError(e);
      }
      return onEnd;
    }
    return then.apply((T) v);
  }

  /**
   * @return the message, or null for nothing or a normal end
   * @throws ChannelClosedException at the end of a channel closed with an error
   */
  @SuppressWarnings("unchecked")
  T messageOrNull(Object v) {
    if (v instanceof End) {
      End e = (End) v;
      if (e.cause != null) {
        throw closedWithError(e);
      }
      return null;
    }
    return v == EMPTY ? null : (T) v;
  }

  /** @return the channel's {@link End} if it is closed and drained, else null */
  Object endIfEnded() {
    if (!closed) {
      return null;
    }
    synchronized (this) {
      return bufferedCount() == 0 && senders.isEmpty() ? end : null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Broadcast support: drop-oldest offers, under the broadcast's lock

  /**
   * Offers {@code v}, dropping the oldest buffered message if the channel is full.
   *
   * @return {@link #OK} or {@link #CLOSED}
   */
  int offerDroppingOldest(Object v, Handoffs later) {
    Receiver r;
    synchronized (this) {
      if (closed) {
        return CLOSED;
      }
      r = claimReceiver(null);
      if (r == null) {
        if (bufferedCount() >= capacity) {
          buffer().pollFirst();
          dropped++;
        }
        buffer().addLast(v);
        sent++;
        return OK;
      }
      sent++;
      received++;
    }
    later.add(self(), r, v);
    return OK;
  }

  /**
   * @return whether the buffer has room, so that a send now succeeds (for a channel with a buffer,
   *     waiting receivers imply an empty buffer)
   */
  boolean hasRoom() {
    synchronized (this) {
      return bufferedCount() < capacity;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection

  /** @return whether the channel is closed and drained */
  public boolean isEnded() {
    if (!closed) {
      return false;
    }
    synchronized (this) {
      return bufferedCount() == 0 && senders.isEmpty();
    }
  }

  /** @return the number of messages buffered now */
  public int size() {
    synchronized (this) {
      return bufferedCount();
    }
  }

  /** @return a snapshot of the counters */
  public Channel.Statistics statistics() {
    synchronized (this) {
      return new Channel.Statistics(
          name(), capacity, bufferedCount(), senders.size(), receivers.size(), sent, received, dropped, !closed);
    }
  }

  private static final class Marker {
    private final String name;

    Marker(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
