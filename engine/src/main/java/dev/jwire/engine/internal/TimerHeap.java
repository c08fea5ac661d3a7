package dev.jwire.engine.internal;

import java.util.Arrays;

/**
 * A 4-ary min-heap of {@link TimerNode}s ordered by deadline, then by insertion order, so timers
 * due at the same instant fire in the order they were set. Owned by one loop thread: no
 * synchronization.
 *
 * <h2>Design</h2>
 *
 * <p>With a hundred thousand sleeping tasks the heap is far bigger than the caches, and what makes
 * it slow is touching the nodes themselves while sifting. So deadlines and sequence numbers live
 * in arrays parallel to the node references, sifting reads and writes only those arrays, and a
 * node does not know its slot. Removal is therefore lazy: a removed node gets a new sequence number,
 * its entry goes stale, and stale entries are dropped when they reach the top, or all at once when
 * they outnumber the live ones (so a cancelled ten-minute timer does not hold its task for ten
 * minutes). An entry is live exactly when its sequence number is still its node's. Four children
 * per node halve the levels a removal walks.
 */
final class TimerHeap {
  private static final int INITIAL = 64;
  private static final int COMPACT_MIN = 1024;
  private TimerNode[] nodes = new TimerNode[INITIAL];
  private long[] deadlines = new long[INITIAL];
  private int[] sequences = new int[INITIAL];
  private int entries; // live and stale
  private int stale;
  private int sequence;

  /** @return the number of live timers */
  int size() {
    return entries - stale;
  }

  boolean isEmpty() {
    return size() == 0;
  }

  /** @return the earliest live deadline, or {@link Long#MAX_VALUE} when empty */
  long nextDeadline() {
    dropStaleTop();
    return entries == 0 ? Long.MAX_VALUE : deadlines[0];
  }

  void add(TimerNode node, long deadline) {
    if (node.heapIndex >= 0) {
      remove(node);
    }
    int seq = nextSequence();
    node.deadline = deadline;
    node.sequence = seq;
    node.heapIndex = 0; // scheduled
    if (entries == nodes.length) {
      resize(entries * 2);
    }
    siftUp(entries++, node, deadline, seq);
  }

  /** Removes and returns the earliest node if its deadline is at or before {@code now}. */
  TimerNode pollDue(long now) {
    dropStaleTop();
    if (entries == 0 || deadlines[0] - now > 0) {
      return null;
    }
    TimerNode first = nodes[0];
    removeTop();
    first.heapIndex = -1;
    return first;
  }

  /** Unschedules {@code node}; its entry goes stale. */
  boolean remove(TimerNode node) {
    if (node.heapIndex < 0) {
      return false;
    }
    node.heapIndex = -1;
    node.sequence = nextSequence(); // no entry carries this number: the old one is stale now
    stale++;
    if (stale >= COMPACT_MIN && stale > entries / 2) {
      compact();
    }
    return true;
  }

  private int nextSequence() {
    return sequence++;
  }

  private void dropStaleTop() {
    while (entries > 0 && nodes[0].sequence != sequences[0]) {
      removeTop();
      stale--;
    }
  }

  private void removeTop() {
    int last = --entries;
    TimerNode moved = nodes[last];
    long movedDeadline = deadlines[last];
    int movedSequence = sequences[last];
    nodes[last] = null;
    if (last > 0) {
      siftDown(0, moved, movedDeadline, movedSequence);
    }
    if (nodes.length > INITIAL && entries < nodes.length / 4) {
      resize(nodes.length / 2);
    }
  }

  /** Drops every stale entry and rebuilds the heap: O(n), when stale entries are the majority. */
  private void compact() {
    int live = 0;
    for (int i = 0; i < entries; i++) {
      if (nodes[i].sequence == sequences[i]) {
        nodes[live] = nodes[i];
        deadlines[live] = deadlines[i];
        sequences[live] = sequences[i];
        live++;
      }
    }
    Arrays.fill(nodes, live, entries, null);
    entries = live;
    stale = 0;
    for (int i = (entries - 2) >>> 2; i >= 0 && entries > 1; i--) {
      siftDown(i, nodes[i], deadlines[i], sequences[i]);
    }
    int capacity = Math.max(INITIAL, Integer.highestOneBit(Math.max(1, entries)) * 2);
    if (capacity < nodes.length) {
      resize(capacity);
    }
  }

  private void resize(int capacity) {
    nodes = Arrays.copyOf(nodes, capacity);
    deadlines = Arrays.copyOf(deadlines, capacity);
    sequences = Arrays.copyOf(sequences, capacity);
  }

  /** Whether slot {@code slot} sorts before the entry (deadline, seq). */
  private boolean slotBefore(int slot, long deadline, int seq) {
    long d = deadlines[slot] - deadline;
    return d < 0 || (d == 0 && sequences[slot] - seq < 0);
  }

  private void place(int i, TimerNode node, long deadline, int seq) {
    nodes[i] = node;
    deadlines[i] = deadline;
    sequences[i] = seq;
  }

  private void siftUp(int i, TimerNode node, long deadline, int seq) {
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      if (!(deadline - deadlines[parent] < 0 || (deadline == deadlines[parent] && seq - sequences[parent] < 0))) {
        break;
      }
      place(i, nodes[parent], deadlines[parent], sequences[parent]);
      i = parent;
    }
    place(i, node, deadline, seq);
  }

  private void siftDown(int i, TimerNode node, long deadline, int seq) {
    for (; ; ) {
      int first = 4 * i + 1;
      if (first >= entries) {
        break;
      }
      int best = first;
      int end = Math.min(first + 4, entries);
      for (int c = first + 1; c < end; c++) {
        if (slotBefore(c, deadlines[best], sequences[best])) {
          best = c;
        }
      }
      if (!slotBefore(best, deadline, seq)) {
        break;
      }
      place(i, nodes[best], deadlines[best], sequences[best]);
      i = best;
    }
    place(i, node, deadline, seq);
  }
}
