package dev.jwire.wires.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code channel.subscriber()}: sends what a publisher emits into the channel, requesting only as
 * the channel takes messages.
 *
 * <p>It requests {@code prefetch} messages up front (the channel's capacity, at most 256; 1 for a
 * rendezvous channel). A message the channel cannot take at once waits in the channel's sender
 * queue like any sender, so at most {@code prefetch} messages are ever outside the buffer. Each
 * message taken counts towards the next request, made in batches of three quarters of {@code
 * prefetch}. Completion closes the channel once the last waiting message is in ({@code
 * outstanding} counts the publisher's life plus each waiting message).
 */
final class ChannelSubscriber<T> implements Subscriber<T> {
  private final ChannelImpl<T> channel;
  private final int prefetch;
  private final int limit;
  private final AtomicInteger outstanding = new AtomicInteger(1);
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile Subscription upstream;
  private volatile boolean stopped;
  private volatile Throwable error;

  ChannelSubscriber(ChannelImpl<T> channel) {
    this.channel = channel;
    int c = channel.capacity();
    this.prefetch = c == 0 ? 1 : Math.min(c, 256);
    this.limit = Math.max(1, prefetch - (prefetch >> 2));
  }

  @Override
  public void onSubscribe(Subscription s) {
    Objects.requireNonNull(s, "subscription");
    if (upstream != null) {
      s.cancel(); // rule 2.5: one publisher only
      return;
    }
    upstream = s;
    s.request(prefetch);
  }

  @Override
  public void onNext(T value) {
    Objects.requireNonNull(value, "value"); // rule 2.13
    if (stopped) {
      return;
    }
    int r = channel.send0(null, value, null);
    if (r == ChannelImpl.FULL) {
      Pending p = new Pending(value);
      outstanding.incrementAndGet();
      r = channel.send0(null, value, p);
      if (r == ChannelImpl.QUEUED) {
        return;
      }
      outstanding.decrementAndGet();
    }
    if (r == ChannelImpl.OK) {
      taken();
    } else {
      stop(); // closed by someone else
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

  private void taken() {
    if (accepted.incrementAndGet() >= limit) {
      int n = accepted.getAndSet(0);
      if (n > 0 && !stopped) {
        upstream.request(n);
      }
    }
  }

  private void stop() {
    if (!stopped) {
      stopped = true;
      upstream.cancel();
    }
  }

  private void finishOne() {
    if (outstanding.decrementAndGet() == 0) {
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
      taken();
      finishOne();
    }

    @Override
    void closed(ChannelImpl<?> ch) {
      stop();
      finishOne();
    }
  }
}
