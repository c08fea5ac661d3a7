package dev.jwire.wires.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code channel.subscriber()}: sends what a publisher emits into the channel, requesting only as
 * many messages as the channel has free slots.
 *
 * <p>The demand it keeps outstanding ({@code inflight}) never exceeds the free room of the buffer
 * (capacity less buffered messages less waiting senders; at most {@link #BATCH} at a time), so with
 * one publisher feeding the channel the publisher is never more than {@code capacity} messages
 * ahead of the consumers. It tops demand up ({@link #replenish}) when it runs low, when a message
 * that had to wait is taken, and when a receive frees a slot while it had nothing outstanding
 * (it then waits as a {@link RoomWatcher}). A message that arrives while other
 * producers have filled the channel waits in the sender queue like any sender. Completion closes
 * the channel once the last waiting message is in ({@code outstanding} counts the publisher's life
 * plus each waiting message).
 */
final class ChannelSubscriber<T> extends RoomWatcher implements Subscriber<T> {
  static final int BATCH = 256;

  private final ChannelImpl<T> channel;
  private final AtomicInteger outstanding = new AtomicInteger(1);
  private final AtomicLong inflight = new AtomicLong();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile Subscription upstream;
  private volatile boolean stopped;
  private volatile Throwable error;

  ChannelSubscriber(ChannelImpl<T> channel) {
    this.channel = channel;
  }

  @Override
  public void onSubscribe(Subscription s) {
    Objects.requireNonNull(s, "subscription");
    if (upstream != null) {
      s.cancel(); // rule 2.5: one publisher only
      return;
    }
    upstream = s;
    replenish();
  }

  @Override
  public void onNext(T value) {
    Objects.requireNonNull(value, "value"); // rule 2.13
    long left = inflight.decrementAndGet();
    if (stopped) {
      return;
    }
    int r = channel.send0(null, value, null);
    if (r == ChannelImpl.FULL) {
      Pending p = new Pending(value);
      outstanding.incrementAndGet();
      pending.incrementAndGet();
      r = channel.send0(null, value, p);
      if (r == ChannelImpl.QUEUED) {
        return;
      }
      pending.decrementAndGet();
      outstanding.decrementAndGet();
    }
    if (r != ChannelImpl.OK) {
      stop(); // closed by someone else
    } else if (left <= 0 || left < BATCH / 4) {
      replenish();
    }
  }

  @Override
  public void onError(Throwable t) {
    error = Objects.requireNonNull(t, "error");
    finishOne();
  }

  @Override
  public void onComplete() {
    finishOne();
  }

  @Override
  void roomFreed() {
    replenish();
  }

  /** Requests what the free room allows; serialized by {@code wip}; any thread. */
  private void replenish() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      if (!stopped && upstream != null && !channel.isOpen()) {
        stop();
      } else if (!stopped && upstream != null) {
        long want = channel.freeRoom(BATCH) - inflight.get() - pending.get();
        if (want > 0) {
          inflight.addAndGet(want);
          upstream.request(want);
        } else if (inflight.get() == 0 && pending.get() == 0 && !channel.watchRoom(this) && channel.isOpen()) {
          wip.incrementAndGet(); // room appeared meanwhile: look again
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void stop() {
    if (!stopped) {
      stopped = true;
      channel.remove(this);
      upstream.cancel();
    }
  }

  private void finishOne() {
    if (outstanding.decrementAndGet() == 0) {
      channel.remove(this);
      Throwable e = error;
      if (e == null) {
        channel.close();
      } else {
        channel.close(e);
      }
    }
  }

  /** A message waiting for room in the channel. */
  private final class Pending extends Sender {
    Pending(Object item) {
      super(item);
    }

    @Override
    void sent() {
      pending.decrementAndGet();
      replenish();
      finishOne();
    }

    @Override
    void closed(ChannelImpl<?> ch) {
      pending.decrementAndGet();
      stop();
      finishOne();
    }
  }
}
