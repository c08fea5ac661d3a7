package dev.jwire.wires.internal;

import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import dev.jwire.wires.Broadcast;
import dev.jwire.wires.BroadcastOverflowException;
import dev.jwire.wires.ChannelClosedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A broadcast: one {@link ChannelImpl} per subscription, and a lock that serializes sends so that
 * every subscriber sees the same order. A send offers the message to each subscription by its
 * policy; for a full {@code WAIT} subscription the message waits in that channel's sender queue as
 * a {@link Part} of the send, and the sender is released when its last part is taken. Later sends
 * queue behind it in the same channel, so order holds there too. Lock order: this lock, then a
 * subscription channel's.
 *
 * @param <T> the type of the messages
 */
public final class BroadcastImpl<T> implements Broadcast<T> {
  private static final SubscriptionImpl<?>[] NONE = new SubscriptionImpl<?>[0];

  private final String name;
  private volatile SubscriptionImpl<?>[] subscriptions = NONE;
  private volatile boolean closed;
  private int subscribed;

  /** @param name the name, or null for a generated one */
  public BroadcastImpl(String name) {
    this.name = name;
  }

  @Override
  public Subscription<T> subscribe(int capacity, Overflow overflow) {
    Checks.atLeast(capacity, 1, "capacity");
    Checks.notNull(overflow, "overflow");
    SubscriptionImpl<T> s;
    synchronized (this) {
      s = new SubscriptionImpl<>(this, new ChannelImpl<>(name() + "/" + ++subscribed, capacity), overflow);
      if (!closed) {
        SubscriptionImpl<?>[] now = subscriptions;
        SubscriptionImpl<?>[] next = Arrays.copyOf(now, now.length + 1);
        next[now.length] = s;
        subscriptions = next;
        return s;
      }
    }
    s.channel.close();
    return s;
  }

  /** Removes {@code s}; its channel is closed by the caller. */
  void unsubscribe(SubscriptionImpl<?> s) {
    synchronized (this) {
      SubscriptionImpl<?>[] now = subscriptions;
      for (int i = 0; i < now.length; i++) {
        if (now[i] == s) {
          SubscriptionImpl<?>[] next = new SubscriptionImpl<?>[now.length - 1];
          System.arraycopy(now, 0, next, 0, i);
          System.arraycopy(now, i + 1, next, i, now.length - i - 1);
          subscriptions = next;
          return;
        }
      }
    }
  }

  @Override
  public boolean trySend(T value) {
    return trySend0(Checks.notNull(value, "value"));
  }

  boolean trySend0(Object value) {
    Handoffs later = new Handoffs();
    synchronized (this) {
      if (closed) {
        return false;
      }
      for (SubscriptionImpl<?> s : subscriptions) {
        if (s.overflow == Overflow.WAIT && !s.channel.hasRoom()) {
          return false;
        }
      }
      offerAll(value, null, later);
    }
    later.run();
    return true;
  }

  @Override
  public Wire send(T value) {
    return send(value, null);
  }

  @Override
  public Wire send(T value, Wire next) {
    return new BroadcastSendWire(this, Checks.notNull(value, "value"), next);
  }

  @Override
  public void put(T value) throws InterruptedException {
    Checks.notNull(value, "value");
    ThreadWaits.checkMayBlock("put", "in a wire use send(...); anywhere trySend(...)");
    ThreadDelivery d = new ThreadDelivery();
    offer(value, d);
    while (!d.isDone()) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        d.withdraw();
        throw new InterruptedException();
      }
    }
  }

  /**
   * Offers {@code value} to every subscription; full {@code WAIT} ones get a part of {@code d}.
   *
   * @throws ChannelClosedException if the broadcast is closed
   */
  void offer(Object value, Delivery d) {
    Handoffs later = new Handoffs();
    synchronized (this) {
      if (closed) {
        throw new ChannelClosedException("broadcast '" + name() + "' is closed: cannot send", null);
      }
      offerAll(value, d, later);
    }
    later.run();
    d.arm();
  }

  /**
   * Under this lock: puts the message in every subscription's buffer or sender queue, in one order
   * for all; hand-overs to waiting receivers go to {@code later}, run after the lock is released.
   */
  private void offerAll(Object value, Delivery d, Handoffs later) {
    List<SubscriptionImpl<?>> failed = null;
    for (SubscriptionImpl<?> s : subscriptions) {
      ChannelImpl<?> ch = s.channel;
      switch (s.overflow) {
        case DROP_OLDEST:
          ch.offerDroppingOldest(value, later);
          break;
        case FAIL:
          if (ch.send0(null, value, null, later) == ChannelImpl.FULL) {
            failed = failed == null ? new ArrayList<>() : failed;
            failed.add(s);
          }
          break;
        default:
          if (d == null) {
            ch.send0(null, value, null, later); // room was checked under this lock
          } else {
            Part p = new Part(value, d, ch);
            d.add(p);
            if (ch.send0(null, value, p, later) != ChannelImpl.QUEUED) {
              d.partDone(); // taken (or the subscription closed) at once
            }
          }
      }
    }
    if (failed != null) {
      for (SubscriptionImpl<?> s : failed) {
        unsubscribe(s);
        s.channel.close(new BroadcastOverflowException("subscriber '" + s.channel.name() + "' of broadcast '" + name()
            + "' fell behind: its buffer of " + s.channel.capacity() + " was full (policy FAIL)"));
      }
    }
  }

  @Override
  public boolean close() {
    SubscriptionImpl<?>[] all;
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      all = subscriptions;
      subscriptions = NONE;
    }
    for (SubscriptionImpl<?> s : all) {
      s.channel.close();
    }
    return true;
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public int subscribers() {
    return subscriptions.length;
  }

  @Override
  public String name() {
    return name != null ? name : "broadcast@" + Integer.toHexString(System.identityHashCode(this));
  }

  @Override
  public String toString() {
    return "Broadcast[" + name() + ", " + subscribers() + " subscribers" + (closed ? ", closed]" : "]");
  }

  /**
   * One send's progress over the full {@code WAIT} subscriptions: a count of parts not yet taken,
   * plus one held until every part is queued ({@link #arm}), so it cannot end early.
   */
  abstract static class Delivery {
    private final AtomicInteger remaining = new AtomicInteger(1);
    private final List<Part> parts = new ArrayList<>(2);

    /** Under the broadcast's lock. */
    void add(Part p) {
      remaining.incrementAndGet();
      parts.add(p);
    }

    void arm() {
      partDone();
    }

    void partDone() {
      if (remaining.decrementAndGet() == 0) {
        done();
      }
    }

    boolean isDone() {
      return remaining.get() == 0;
    }

    /** Takes the parts not yet taken out of their queues (the sender gave up). */
    void withdraw() {
      for (Part p : parts) {
        p.channel.remove(p);
      }
    }

    /** Every part was taken; any thread. */
    abstract void done();
  }

  /** The message waiting in one full subscription's sender queue. */
  static final class Part extends Sender {
    private final Delivery delivery;
    final ChannelImpl<?> channel;

    Part(Object item, Delivery delivery, ChannelImpl<?> channel) {
      super(item);
      this.delivery = delivery;
      this.channel = channel;
    }

    @Override
    void sent() {
      delivery.partDone();
    }

    @Override
    void closed(ChannelImpl<?> ch) {
      delivery.partDone(); // the subscriber left: the sender does not wait for it
    }
  }

  /** A plain thread's send. */
  private static final class ThreadDelivery extends Delivery {
    private final Thread thread = Thread.currentThread();

    @Override
    void done() {
      LockSupport.unpark(thread);
    }
  }
}
