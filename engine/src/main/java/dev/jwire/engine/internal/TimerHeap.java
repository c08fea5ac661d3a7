package dev.jwire.engine.internal;

import java.util.Arrays;

/**
 * A binary min-heap of {@link TimerNode}s ordered by deadline, then by insertion order, so timers
 * due at the same instant fire in the order they were set. Each node knows its index, so removal
 * (cancellation) is O(log n). Owned by one loop thread: no synchronization.
 */
final class TimerHeap {
  private TimerNode[] heap = new TimerNode[64];
  private int size;
  private int sequence;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** @return the earliest deadline, or {@link Long#MAX_VALUE} when empty */
  long nextDeadline() {
    return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
  }

  void add(TimerNode node, long deadline) {
    if (node.heapIndex >= 0) {
      remove(node);
    }
    node.deadline = deadline;
    node.sequence = sequence++;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    siftUp(size++, node);
  }

  /** Removes and returns the earliest node if its deadline is at or before {@code now}. */
  TimerNode pollDue(long now) {
    if (size == 0 || heap[0].deadline - now > 0) {
      return null;
    }
    TimerNode first = heap[0];
    removeAt(0);
    return first;
  }

  boolean remove(TimerNode node) {
    int i = node.heapIndex;
    if (i < 0 || i >= size || heap[i] != node) {
      return false;
    }
    removeAt(i);
    return true;
  }

  /** Visits every pending node (for cancellation and dumps); must not modify the heap. */
  void forEach(java.util.function.Consumer<TimerNode> visitor) {
    for (int i = 0; i < size; i++) {
      visitor.accept(heap[i]);
    }
  }

  private void removeAt(int i) {
    TimerNode removed = heap[i];
    removed.heapIndex = -1;
    TimerNode last = heap[--size];
    heap[size] = null;
    if (i < size) {
      siftDown(i, last);
      if (heap[i] == last) {
        siftUp(i, last);
      }
    }
    if (heap.length > 64 && size < heap.length / 4) {
      heap = Arrays.copyOf(heap, heap.length / 2);
    }
  }

  private static boolean before(TimerNode a, TimerNode b) {
    long d = a.deadline - b.deadline;
    return d < 0 || (d == 0 && a.sequence - b.sequence < 0);
  }

  private void siftUp(int i, TimerNode node) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerNode p = heap[parent];
      if (!before(node, p)) {
        break;
      }
      heap[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    heap[i] = node;
    node.heapIndex = i;
  }

  private void siftDown(int i, TimerNode node) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      TimerNode c = heap[child];
      int right = child + 1;
      if (right < size && before(heap[right], c)) {
        child = right;
        c = heap[child];
      }
      if (!before(c, node)) {
        break;
      }
      heap[i] = c;
      c.heapIndex = i;
      i = child;
    }
    heap[i] = node;
    node.heapIndex = i;
  }
}
