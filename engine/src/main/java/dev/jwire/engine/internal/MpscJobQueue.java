package dev.jwire.engine.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Multi-producer single-consumer queue of {@link LoopJob}s, intrusive (Vyukov's design): a
 * producer swaps itself in as the tail with one atomic exchange, then links the old tail to it.
 * The consumer, a single loop thread, walks from a stub head. Offers never block and never
 * allocate; a consumer that sees a half-linked tail treats the queue as momentarily empty (the
 * producer's wake-up follows its link).
 */
final class MpscJobQueue {
  private static final VarHandle TAIL;

  static {
    try {
      TAIL = MethodHandles.lookup().findVarHandle(MpscJobQueue.class, "tail", LoopJob.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final LoopJob stub = new LoopJob() {
    @Override
    public void runJob() {}
  };
  private LoopJob head = stub; // consumer only
  @SuppressWarnings("unused") // accessed through TAIL
  private volatile LoopJob tail = stub;

  /** Appends {@code job}; any thread. */
  void offer(LoopJob job) {
    job.nextJob = null;
    LoopJob prev = (LoopJob) TAIL.getAndSet(this, job);
    prev.nextJob = job;
  }

  /** Removes the oldest job, or returns null; consumer thread only. */
  LoopJob poll() {
    LoopJob h = head;
    LoopJob next = h.nextJob;
    if (h == stub) {
      if (next == null) {
        return null;
      }
      head = next;
      h = next;
      next = next.nextJob;
    }
    if (next != null) {
      head = next;
      h.nextJob = null;
      return h;
    }
    if (h != tail) {
      return null; // a producer is between its exchange and its link
    }
    offer(stub);
    next = h.nextJob;
    if (next != null) {
      head = next;
      h.nextJob = null;
      return h;
    }
    return null;
  }

  /** Whether the queue looks empty, from any thread: producers only ever move the tail. */
  boolean isEmptyHint() {
    return tail == stub;
  }

  /**
   * Whether no job is queued or being queued; consumer thread only. A producer between its
   * exchange and its link counts as a job, so the consumer never parks past it.
   */
  boolean isEmpty() {
    return head == stub && tail == stub;
  }
}
