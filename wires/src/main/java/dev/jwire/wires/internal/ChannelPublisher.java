package dev.jwire.wires.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@code channel.asFlux()}: each subscriber is a receiver of the channel that takes a message only
 * when it has demand. See {@link Emitter} for the protocol.
 */
final class ChannelPublisher<T> implements Publisher<T> {
  private final ChannelImpl<T> channel;

  ChannelPublisher(ChannelImpl<T> channel) {
    this.channel = channel;
  }

  @Override
  public void subscribe(Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber"); // Reactive Streams rule 1.9
    Emitter<T> e = new Emitter<>(channel, subscriber);
    subscriber.onSubscribe(e);
    e.drain(); // an ended channel completes even without demand
  }

  /**
   * One subscription: a {@link Receiver} node that is queued in the channel only while there is
   * demand and no message in flight.
   *
   * <p>Every signal goes out from {@link #drain}, a work-in-progress loop: one thread at a time
   * emits, so signals are serial and {@code request} inside {@code onNext} does not recurse. The
   * node's own state says where it is: {@code IDLE} (not queued), {@code QUEUED} (set under the
   * channel's lock; a sender may already have taken it and be handing over), {@code DELIVERED}
   * (a message or the end waits in {@code slot}). A new receive is made only from {@code IDLE},
   * so at most one message is ever in flight. A message delivered after {@code cancel} goes back to
   * the channel.
   */
  static final class Emitter<T> extends Receiver implements Subscription {
    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int DELIVERED = 2;
    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<Emitter> REQUESTED =
        AtomicLongFieldUpdater.newUpdater(Emitter.class, "requested");
    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Emitter> WIP =
        AtomicIntegerFieldUpdater.newUpdater(Emitter.class, "wip");

    private final ChannelImpl<T> channel;
    private final Subscriber<? super T> actual;
    private volatile long requested;
    private volatile int wip;
    private volatile int node;
    private Object slot;
    private volatile boolean cancelled;
    private volatile long badRequest;
    private boolean done;
    private CloseWatcher closeWatcher;

    Emitter(ChannelImpl<T> channel, Subscriber<? super T> actual) {
      this.channel = channel;
      this.actual = actual;
    }

    /** Wakes the drain loop when the channel closes while there is no demand. */
    private final class CloseWatcher extends Receiver {
      @Override
      void deliver(ChannelImpl<?> ch, Object end) {
        drain();
      }
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        badRequest = n == 0 ? -1 : n;
      } else {
        long r;
        long u;
        do {
          r = requested;
          u = r + n < 0 ? Long.MAX_VALUE : r + n;
        } while (!REQUESTED.compareAndSet(this, r, u));
      }
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
      drain();
    }

    @Override
    void enqueued() {
      node = QUEUED;
    }

    @Override
    void deliver(ChannelImpl<?> ch, Object value) {
      slot = value;
      node = DELIVERED;
      drain();
    }

    void drain() {
      if (WIP.getAndIncrement(this) != 0) {
        return;
      }
      int missed = 1;
      do {
        if (cancelled || done) {
          letGo();
        } else if (badRequest != 0) {
          done = true;
          cancelled = true;
          letGo();
          long n = badRequest == -1 ? 0 : badRequest;
          actual.onError(new IllegalArgumentException(
              "n : " + n + " (expected: > 0; Reactive Streams rule 3.9)"));
        } else {
          emitWhatIsReady();
        }
        missed = WIP.addAndGet(this, -missed);
      } while (missed != 0);
    }

    /** Emits while there is demand and something to emit; on the draining thread. */
    private void emitWhatIsReady() {
      while (!cancelled) {
        int st = node;
        Object v;
        if (st == DELIVERED) {
          v = slot;
          slot = null;
          node = IDLE;
        } else if (st == QUEUED) {
          return; // waiting: deliver() drains again
        } else if (requested == 0) {
          v = channel.endIfEnded();
          if (v == null) {
            watchClose();
            return;
          }
        } else {
          v = channel.receive0(null, this);
          if (v == ChannelImpl.WAITING) {
            return;
          }
        }
        if (!emit(v)) {
          return;
        }
      }
    }

    @SuppressWarnings("unchecked")
    private boolean emit(Object v) {
      if (v instanceof ChannelImpl.End) {
        done = true;
        ChannelImpl.End e = (ChannelImpl.End) v;
        if (e.cause == null) {
          actual.onComplete();
        } else {
          actual.onError(channel.closedWithError(e));
        }
        return false;
      }
      if (requested != Long.MAX_VALUE) {
        REQUESTED.decrementAndGet(this);
      }
      actual.onNext((T) v);
      return true;
    }

    private void watchClose() {
      if (closeWatcher == null) {
        closeWatcher = new CloseWatcher();
      }
      if (!channel.watchClose(closeWatcher)) {
        Object end = channel.endIfEnded();
        if (end != null) {
          emit(end);
        }
      }
    }

    /** After cancel or the end: leaves the queue, or gives back a message that arrived meanwhile. */
    private void letGo() {
      if (closeWatcher != null) {
        channel.remove(closeWatcher);
        closeWatcher = null;
      }
      int st = node;
      if (st == QUEUED) {
        if (channel.remove(this)) {
          node = IDLE;
        } // else a sender took the node and is handing over: deliver() drains again
      } else if (st == DELIVERED) {
        Object v = slot;
        slot = null;
        node = IDLE;
        channel.giveBack(v);
      }
    }
  }
}
