package dev.jwire.benchmarks;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Reference timer queues for {@link TimerLoad}: not jwire, but the bare data structures a loop
 * thread could keep its timers in, each driven by one thread of its own with the same wire logic
 * (record lateness, pick a jittered delay, re-arm). They tell how much of a loop's timer cost is
 * the data structure and how much is the rest of the engine.
 *
 * <ul>
 *   <li>{@link PointerHeap}: the algorithm of jwire's first timer heap: a binary min-heap of node
 *       references, ordered by {@code (deadline, sequence)} read <em>from the nodes</em>, each node
 *       keeping its index so it can be removed in O(log n).
 *   <li>{@link InlineHeap}: a 4-ary min-heap that keeps the deadlines in a {@code long[]} beside the
 *       node array, so comparisons touch no node; nodes still keep their index (removal stays
 *       O(log n)), written only for nodes that move.
 *   <li>{@link Wheel}: a hashed timer wheel (Varghese and Lauck's scheme 6): 1 ms ticks, 1,024
 *       slots, a node more than one revolution away waits out its rounds; O(1) add and fire.
 *       Intrusive singly-linked slots here (no cancellation in this load); a real one would link
 *       both ways for O(1) removal.
 * </ul>
 */
final class ReferenceTimers {
  private ReferenceTimers() {}

  /** A timer loop in a reference queue: one per wire, its own queue node. */
  static final class Node {
    final TimerLoad.Lateness stats;
    long intended;
    // queue bookkeeping
    long deadline;
    int index = -1;
    int sequence;
    long rounds;
    Node next;

    Node(TimerLoad.Lateness stats) {
      this.stats = stats;
    }

    /** The wire's step: record, choose the next delay, re-arm. */
    void fire(Queue q) {
      long now = System.nanoTime();
      stats.record(now - intended);
      long d = TimerLoad.jitter();
      intended = now + d;
      q.add(this, intended);
    }
  }

  /** A timer queue owned by one thread. */
  interface Queue {
    void add(Node node, long deadline);

    /** Fires every node due at {@code now}; nodes re-armed by the fires are not due again. */
    void fireDue(long now);

    /** @return when the driver should look again (nanoTime), or {@code Long.MAX_VALUE} */
    long nextWakeUp();
  }

  /** Drives a queue on a daemon thread of its own, like a loop thread that only has timers. */
  static final class Driver {
    private final Queue queue;
    private volatile boolean stopped;

    Driver(Queue queue) {
      this.queue = queue;
    }

    void start(int wires, TimerLoad.Lateness stats) {
      Thread t = new Thread(() -> {
        for (int i = 0; i < wires; i++) {
          Node n = new Node(stats);
          n.intended = System.nanoTime() + TimerLoad.firstDelay();
          queue.add(n, n.intended);
        }
        while (!stopped) {
          queue.fireDue(System.nanoTime());
          long wait = queue.nextWakeUp() - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
        }
      }, "reference-timers");
      t.setDaemon(true);
      t.start();
    }

    void stop() {
      stopped = true;
    }
  }

  /** jwire's first timer heap algorithm (binary heap of nodes, keys read from the nodes). */
  static final class PointerHeap implements Queue {
    private Node[] heap = new Node[64];
    private int size;
    private int sequence;

    @Override
    public void add(Node node, long deadline) {
      node.deadline = deadline;
      node.sequence = sequence++;
      if (size == heap.length) {
        heap = Arrays.copyOf(heap, size * 2);
      }
      siftUp(size++, node);
    }

    @Override
    public void fireDue(long now) {
      while (size > 0 && heap[0].deadline - now <= 0) {
        Node first = heap[0];
        first.index = -1;
        Node last = heap[--size];
        heap[size] = null;
        if (size > 0) {
          siftDown(0, last);
        }
        first.fire(this);
      }
    }

    @Override
    public long nextWakeUp() {
      return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    private static boolean before(Node a, Node b) {
      long d = a.deadline - b.deadline;
      return d < 0 || (d == 0 && a.sequence - b.sequence < 0);
    }

    private void siftUp(int i, Node node) {
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        Node p = heap[parent];
        if (!before(node, p)) {
          break;
        }
        heap[i] = p;
        p.index = i;
        i = parent;
      }
      heap[i] = node;
      node.index = i;
    }

    private void siftDown(int i, Node node) {
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        Node c = heap[child];
        int right = child + 1;
        if (right < size && before(heap[right], c)) {
          child = right;
          c = heap[child];
        }
        if (!before(c, node)) {
          break;
        }
        heap[i] = c;
        c.index = i;
        i = child;
      }
      heap[i] = node;
      node.index = i;
    }
  }

  /**
   * A 4-ary heap with the keys inline: {@code keys[i]} is {@code nodes[i]}'s deadline. Equal
   * deadlines are not ordered by insertion here (a real one would break ties with a sequence kept
   * beside the key).
   */
  static final class InlineHeap implements Queue {
    private long[] keys = new long[64];
    private Node[] nodes = new Node[64];
    private int size;

    @Override
    public void add(Node node, long deadline) {
      node.deadline = deadline;
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        nodes = Arrays.copyOf(nodes, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 2;
        long pk = keys[parent];
        if (deadline - pk >= 0) {
          break;
        }
        keys[i] = pk;
        Node p = nodes[parent];
        nodes[i] = p;
        p.index = i;
        i = parent;
      }
      keys[i] = deadline;
      nodes[i] = node;
      node.index = i;
    }

    @Override
    public void fireDue(long now) {
      while (size > 0 && keys[0] - now <= 0) {
        Node first = nodes[0];
        first.index = -1;
        int last = --size;
        long lk = keys[last];
        Node ln = nodes[last];
        nodes[last] = null;
        if (last > 0) {
          siftDown(lk, ln);
        }
        first.fire(this);
      }
    }

    private void siftDown(long key, Node node) {
      int i = 0;
      for (; ; ) {
        int c = 4 * i + 1;
        if (c >= size) {
          break;
        }
        int best = c;
        long bk = keys[c];
        int end = Math.min(c + 4, size);
        for (int j = c + 1; j < end; j++) {
          long k = keys[j];
          if (k - bk < 0) {
            bk = k;
            best = j;
          }
        }
        if (bk - key >= 0) {
          break;
        }
        keys[i] = bk;
        Node b = nodes[best];
        nodes[i] = b;
        b.index = i;
        i = best;
      }
      keys[i] = key;
      nodes[i] = node;
      node.index = i;
    }

    @Override
    public long nextWakeUp() {
      return size == 0 ? Long.MAX_VALUE : keys[0];
    }
  }

  /** A hashed timer wheel; see the class comment. */
  static final class Wheel implements Queue {
    private final long tickNanos;
    private final Node[] slots;
    private final int mask;
    private final long origin = System.nanoTime();
    private long processedTick = -1; // every tick <= this has been processed

    Wheel(long tickNanos, int size) {
      if (Integer.bitCount(size) != 1) {
        throw new IllegalArgumentException("size : " + size + " (expected: a power of two)");
      }
      this.tickNanos = tickNanos;
      this.slots = new Node[size];
      this.mask = size - 1;
    }

    /** Fires at the first tick boundary at or after {@code deadline}. */
    @Override
    public void add(Node node, long deadline) {
      node.deadline = deadline;
      long rel = deadline - origin;
      long tick = Math.max(processedTick + 1, rel <= 0 ? 0 : (rel + tickNanos - 1) / tickNanos);
      node.rounds = (tick - processedTick - 1) / slots.length;
      int slot = (int) (tick & mask);
      node.next = slots[slot];
      slots[slot] = node;
    }

    @Override
    public void fireDue(long now) {
      long currentTick = (now - origin) / tickNanos;
      while (processedTick < currentTick) {
        long tick = ++processedTick;
        int slot = (int) (tick & mask);
        Node n = slots[slot];
        slots[slot] = null;
        Node keep = null;
        while (n != null) {
          Node next = n.next;
          if (n.rounds > 0) {
            n.rounds--;
            n.next = keep;
            keep = n;
          } else {
            n.next = null;
            n.fire(this);
          }
          n = next;
        }
        if (keep != null) { // nodes re-armed by the fires above may already be in this slot
          Node tail = keep;
          while (tail.next != null) {
            tail = tail.next;
          }
          tail.next = slots[slot];
          slots[slot] = keep;
        }
      }
    }

    @Override
    public long nextWakeUp() {
      return origin + (processedTick + 1) * tickNanos;
    }
  }
}
