package dev.jwire.wires.internal;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers interrupts on behalf of loop threads. {@link Thread#interrupt()} may block (it closes
 * the interruptible channel the target is blocked on), so a loop thread never calls it: it queues
 * the request here (a lock-free offer), and one daemon thread, {@value #THREAD_NAME}, started on
 * first use, delivers the interrupts in order.
 */
final class Interrupter {
  static final String THREAD_NAME = "jwire-blocking-interrupter";
  private static final LinkedTransferQueue<RunnerSlot> REQUESTS = new LinkedTransferQueue<>();
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private Interrupter() {}

  /** Queues an interrupt of {@code slot}'s runner; any thread, never blocks. */
  static void request(RunnerSlot slot) {
    REQUESTS.offer(slot);
    if (!STARTED.get() && STARTED.compareAndSet(false, true)) {
      Thread t = new Thread(Interrupter::deliverForever, THREAD_NAME);
      t.setDaemon(true);
      t.start();
    }
  }

  private static void deliverForever() {
    for (; ; ) {
      try {
        REQUESTS.take().interruptRunner();
      } catch (InterruptedException spurious) {
        // nobody owns this thread but us: keep delivering
      } catch (RuntimeException | Error e) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, e);
      }
    }
  }
}
