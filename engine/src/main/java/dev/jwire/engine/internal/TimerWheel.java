package dev.jwire.engine.internal;

import java.util.Arrays;

/**
 * One loop thread's timers: a hierarchical timing wheel of {@link TimerNode}s, exact to the
 * nanosecond. Owned by one loop thread: no synchronization.
 *
 * <h2>Layout</h2>
 *
 * <p>Time is cut into ticks of 2<sup>15</sup> ns (32.8 µs). Level 0 has 2,048 slots, one per
 * tick, covering the next 67 ms; each higher level has 64 slots, each as wide as the whole level
 * below, so seven levels reach past the loop's longest deadline (2<sup>61</sup> ns). A slot is a
 * circular doubly linked list behind a sentinel: adding, cancelling and firing a timer are O(1)
 * and allocate nothing. A bitmap per level says which slots hold nodes, so an idle wheel jumps
 * straight to its next timer instead of walking the ticks in between. Level 0 is wide so that a
 * loop running tens of milliseconds late still files short sleeps there: cascading costs a second
 * visit to every node.
 *
 * <h2>Links as indices</h2>
 *
 * <p>The links are {@code int}s in pages of the wheel's own, not references in the nodes. A node
 * holds only its index ({@link TimerNode#timerIndex}); the sentinels have fixed indices below the
 * first node's.
 * Re-arming a timer then writes no reference at all: a reference store into a long-lived object
 * costs a GC write barrier, and under G1 a barrier with a memory fence and card refinement, which
 * for a hundred thousand timer loops costs more than everything else they do. The link arrays of
 * a hundred thousand timers also fit in a core's cache, where the nodes do not. A task keeps its
 * index from its first sleep to its end ({@link TimerNode#holdsTimerIndex}), so a timer loop never
 * writes the node pages again; other nodes give theirs back when they leave the wheel. Freed
 * indices are reused first; the pages keep their peak number (12 bytes per timer).
 *
 * <h2>Time and order</h2>
 *
 * <p>The <em>cursor</em> is the earliest tick that may hold a node. When it enters the span of a
 * higher-level slot, that slot's nodes move down (cascade) to where they now belong; the cursor
 * never moves past the caller's present, so timers set later never pile up behind it.
 *
 * <p>On a real clock a node is due once its whole tick has passed: a timer fires at most one tick
 * (32.8 µs) after its deadline, never before, and neither firing nor {@link #nextDeadline} ever
 * scans a slot — scanning cold nodes is what makes big timer sets slow. On a virtual clock
 * ({@code exact}) a node is due at its own deadline and {@link #nextDeadline} is the exact
 * earliest deadline (cached, since it scans a slot), so the clock jumps from deadline to deadline
 * and timers fire in deadline order.
 *
 * <p>Equal deadlines fire in the order they were set: a node reaches its level-0 slot either
 * directly, at the tail, or by a cascade, and a cascaded node was always set before any node put
 * into that slot directly, so cascades insert at the head, keeping their own order. Timers of the
 * same tick that are all due at once (on a real clock, or after a virtual jump) fire in the order
 * they were set rather than strictly by deadline.
 */
final class TimerWheel {
  static final int TICK_SHIFT = 15;
  private static final int LEVEL0_BITS = 11;
  private static final int LEVEL_BITS = 6;
  private static final int LEVELS = 7;
  private static final int LEVEL0_SLOTS = 1 << LEVEL0_BITS;
  private static final int LEVEL_SLOTS = 1 << LEVEL_BITS;

  /** Index 0 is no node: an unlinked index has next 0, a node without an index has index 0. */
  private static final int NONE = 0;
  /** The sentinel of the overdue list. */
  private static final int OVERDUE = 1;
  /** Level 0's sentinels: {@code LEVEL0_HEADS + slot}. */
  private static final int LEVEL0_HEADS = 2;
  /** Level L ≥ 1's sentinels: {@code HIGHER_HEADS + (L - 1) * LEVEL_SLOTS + slot}. */
  private static final int HIGHER_HEADS = LEVEL0_HEADS + LEVEL0_SLOTS;
  private static final int FIRST_NODE = HIGHER_HEADS + (LEVELS - 1) * LEVEL_SLOTS;
  /** Indices per page: a page of links is 64 KiB, small enough to be an ordinary object for G1. */
  private static final int PAGE_BITS = 13;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;
  private static final int PAGE_MASK = PAGE_SIZE - 1;
  /** Indices stay positive ints. */
  private static final int MAX_PAGES = 1 << (31 - PAGE_BITS);

  /**
   * Links of the circular slot lists, by page: index i's are in page {@code i >>> PAGE_BITS}, side
   * by side so that one cache line holds both, next at {@code 2 (i & PAGE_MASK)} and previous
   * after it; a next of NONE: i is in no list. Pages, not one growing array: no copy when the
   * wheel grows, no unused half after it did, and no array so large that G1 must give it whole
   * regions of its own.
   */
  private int[][] linkPages = new int[1][];
  /** The node of each index, by page; null for the sentinels and free indices. */
  private TimerNode[][] nodePages = new TimerNode[1][];
  /** Free indices, chained through {@link #prev}; NONE when there is none. */
  private int freeHead = NONE;
  /** The lowest index never handed out. */
  private int top = FIRST_NODE;

  /** Occupied slots of level 0, 64 per word. */
  private final long[] level0Bits = new long[LEVEL0_SLOTS / 64];
  /** Occupied slots of level L ≥ 1 in bit L's word; index 0 unused. */
  private final long[] levelBits = new long[LEVELS];

  /** Virtual time: fire each node at its own deadline. Real time: at the end of its tick. */
  private final boolean exact;
  private long cursor;
  private int size;
  private long cachedNext;
  private boolean cacheValid;
  /** Resumable scan of the cursor's slot for nodes due at {@link #scanNow}: the next index to look at. */
  private int scan = NONE;
  private int scanHead = NONE;
  private long scanNow;
  /** The {@code now} of the latest {@link #pollDue}. */
  private long lastNow;

  /**
   * @param now the clock's present reading: the cursor starts at its tick
   * @param exact whether a node is due at its own deadline (for virtual clocks, which jump from
   *     deadline to deadline) or only once its whole tick has passed (real clocks: a timer is at
   *     most one tick late, and finding what is due never scans a slot)
   */
  TimerWheel(long now, boolean exact) {
    this.exact = exact;
    addPage();
    for (int head = OVERDUE; head < FIRST_NODE; head++) {
      setNext(head, head);
      setPrev(head, head);
    }
    cursor = now >> TICK_SHIFT;
    lastNow = now;
  }

  /** @return the number of scheduled timers */
  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** @return whether {@code node} is scheduled in this wheel */
  boolean contains(TimerNode node) {
    return node.timerIndex != NONE && next(node.timerIndex) != NONE;
  }

  /** Schedules {@code node} at {@code deadline}; a node already scheduled is moved. */
  void add(TimerNode node, long deadline) {
    int i = node.timerIndex;
    if (i == NONE) {
      i = allocate(node);
    } else if (next(i) != NONE) {
      unlinkScheduled(node, i);
    }
    node.deadline = deadline;
    size++;
    if (!exact && deadline - lastNow <= 0) {
      append(OVERDUE, i);
      return;
    }
    long tick = deadline >> TICK_SHIFT;
    if (tick < cursor) {
      tick = cursor; // already due: it waits in the cursor's slot, where due nodes are looked for
    }
    int head = slotFor(tick);
    append(head, i);
    if (head == scanHead && scan == head) {
      scan = i; // the scan of this slot had passed its end: it must still see this node
    }
    if (cacheValid && deadline < cachedNext) {
      cachedNext = deadline;
    }
  }

  /**
   * Unschedules {@code node}.
   *
   * @return whether it was scheduled
   */
  boolean remove(TimerNode node) {
    int i = node.timerIndex;
    if (i == NONE || next(i) == NONE) {
      return false;
    }
    unlinkScheduled(node, i);
    if (!node.holdsTimerIndex()) {
      free(node, i);
    }
    return true;
  }

  /** Unschedules {@code node} and gives back its index, which a {@link TimerNode#holdsTimerIndex} node keeps otherwise. */
  void release(TimerNode node) {
    int i = node.timerIndex;
    if (i != NONE) {
      if (next(i) != NONE) {
        unlinkScheduled(node, i);
      }
      free(node, i);
    }
  }

  /**
   * Removes and returns a node whose deadline is at or before {@code now}, earliest tick first,
   * then nodes set when already overdue; null when none is due. Moves the cursor up to {@code
   * now}'s tick, cascading on the way.
   */
  TimerNode pollDue(long now) {
    if (size == 0) {
      return null;
    }
    if (now - lastNow > 0) {
      lastNow = now;
    }
    int due = pollWheel(now);
    if (due == NONE && next(OVERDUE) != OVERDUE) {
      due = next(OVERDUE);
    }
    if (due == NONE) {
      return null;
    }
    TimerNode node = node(due);
    int following = next(due);
    remove(node);
    if (following >= FIRST_NODE) {
      // the next node to fire is cold: a store to it starts its cache miss now, overlapping this
      // node's firing (a load would hold up everything after it until it arrived; a store waits
      // in the store buffer instead)
      node(following).timerIndex = following;
    }
    return node;
  }

  private int pollWheel(long now) {
    long nowTick = now >> TICK_SHIFT;
    for (; ; ) {
      int head = LEVEL0_HEADS + ((int) cursor & (LEVEL0_SLOTS - 1));
      if (next(head) != head) {
        return cursor < nowTick ? next(head) : exact ? scanForDue(head, now) : NONE;
      }
      if (cursor >= nowTick) {
        return NONE;
      }
      long nextTick = nextOccupiedTick();
      if (nextTick > nowTick) {
        cursor = nowTick; // nothing starts on the way: no slot to cascade
        return NONE;
      }
      moveCursorTo(nextTick);
    }
  }

  /**
   * @return when {@link #pollDue} will next return a node, or {@link Long#MAX_VALUE} when empty:
   *     in exact mode the earliest deadline; otherwise the end of the earliest occupied tick, or
   *     the start of a higher-level span due to cascade (a safe lower bound)
   */
  long nextDeadline() {
    if (size == 0) {
      return Long.MAX_VALUE;
    }
    if (!exact) {
      return next(OVERDUE) != OVERDUE ? lastNow : nextTickEnd();
    }
    if (!cacheValid) {
      cachedNext = computeNextDeadline();
      cacheValid = true;
    }
    return cachedNext;
  }

  // ---------------------------------------------------------------------------------------------

  private int allocate(TimerNode node) {
    int i = freeHead;
    if (i != NONE) {
      freeHead = prev(i);
    } else {
      if ((top & PAGE_MASK) == 0) {
        addPage();
      }
      i = top++;
    }
    nodePages[i >>> PAGE_BITS][i & PAGE_MASK] = node;
    node.timerIndex = i;
    return i;
  }

  private void free(TimerNode node, int i) {
    nodePages[i >>> PAGE_BITS][i & PAGE_MASK] = null;
    node.timerIndex = NONE;
    setPrev(i, freeHead);
    freeHead = i;
  }

  private void unlinkScheduled(TimerNode node, int i) {
    unlink(i);
    size--;
    if (node.deadline == cachedNext) {
      cacheValid = false;
    }
  }

  /**
   * The cursor's tick is the present one: only some of its nodes may be due. Scans on from where
   * the last call at the same {@code now} stopped, so a round's polls walk the slot once.
   */
  private int scanForDue(int head, long now) {
    if (scanHead != head || scanNow != now || scan == NONE) {
      scanHead = head;
      scanNow = now;
      scan = next(head);
    }
    for (int n = scan; n != head; n = next(n)) {
      if (node(n).deadline - now <= 0) {
        scan = next(n);
        return n;
      }
    }
    scan = head;
    return NONE;
  }

  private long nextTickEnd() {
    int distance = nextLevel0Distance(0);
    long tick = distance >= 0 ? cursor + distance + 1 : Long.MAX_VALUE;
    for (int level = 1; level < LEVELS; level++) {
      int d = nextLevelDistance(level);
      if (d >= 0) {
        int shift = levelShift(level);
        tick = Math.min(tick, ((cursor >> shift) + d) << shift);
      }
    }
    return tick << TICK_SHIFT;
  }

  private long computeNextDeadline() {
    long best = Long.MAX_VALUE;
    int distance = nextLevel0Distance(0);
    if (distance >= 0) {
      best = minDeadline(LEVEL0_HEADS + ((int) (cursor + distance) & (LEVEL0_SLOTS - 1)));
    }
    for (int level = 1; level < LEVELS; level++) {
      int d = nextLevelDistance(level);
      if (d < 0) {
        continue;
      }
      int shift = levelShift(level);
      long block = (cursor >> shift) + d;
      long startNanos = (block << shift) << TICK_SHIFT;
      if (startNanos < best) {
        best = Math.min(best, minDeadline(higherHead(level, (int) block & (LEVEL_SLOTS - 1))));
      }
    }
    return best;
  }

  private long minDeadline(int head) {
    long min = Long.MAX_VALUE;
    for (int n = next(head); n != head; n = next(n)) {
      min = Math.min(min, node(n).deadline);
    }
    return min;
  }

  /** The earliest tick after the cursor at which an occupied slot begins; cursor empty first. */
  private long nextOccupiedTick() {
    long best = Long.MAX_VALUE;
    int distance = nextLevel0Distance(1);
    if (distance >= 0) {
      best = cursor + distance;
    }
    for (int level = 1; level < LEVELS; level++) {
      int d = nextLevelDistance(level);
      if (d >= 0) {
        int shift = levelShift(level);
        best = Math.min(best, ((cursor >> shift) + d) << shift);
      }
    }
    return best;
  }

  /**
   * Moves the cursor to {@code tick}, where an occupied slot begins, and cascades every slot of a
   * higher level whose span begins there. Lower levels first: each cascade inserts at the heads of
   * its targets, so the nodes of the highest level, set earliest, end up first.
   */
  private void moveCursorTo(long tick) {
    cursor = tick;
    for (int level = 1; level < LEVELS; level++) {
      int shift = levelShift(level);
      if ((tick & ((1L << shift) - 1)) != 0) {
        break; // not at a boundary of this level, nor of any above it
      }
      int head = higherHead(level, (int) (tick >> shift) & (LEVEL_SLOTS - 1));
      if (next(head) != head) {
        cascade(head);
      }
    }
  }

  /** Moves every node of {@code head}'s slot down to where it belongs now, keeping their order. */
  private void cascade(int head) {
    int n = prev(head);
    while (n != head) {
      int before = prev(n);
      unlink(n);
      prepend(slotFor(node(n).deadline >> TICK_SHIFT), n);
      n = before;
    }
  }

  /** The slot for a node of tick {@code tick} ≥ cursor: the lowest level whose window holds it. */
  private int slotFor(long tick) {
    if (tick - cursor < LEVEL0_SLOTS) {
      return LEVEL0_HEADS + ((int) tick & (LEVEL0_SLOTS - 1));
    }
    for (int level = 1; level < LEVELS; level++) {
      int shift = levelShift(level);
      long block = tick >> shift;
      if (block - (cursor >> shift) < LEVEL_SLOTS) {
        return higherHead(level, (int) block & (LEVEL_SLOTS - 1));
      }
    }
    throw new IllegalStateException("deadline beyond the timer wheel: tick " + tick + ", cursor " + cursor);
  }

  private static int higherHead(int level, int slot) {
    return HIGHER_HEADS + (level - 1) * LEVEL_SLOTS + slot;
  }

  private static int levelShift(int level) {
    return LEVEL0_BITS + LEVEL_BITS * (level - 1);
  }

  /**
   * @param from 0 to include the cursor's own slot, 1 to start after it
   * @return the distance in ticks from the cursor to the first occupied level-0 slot, or -1
   */
  private int nextLevel0Distance(int from) {
    int start = (int) cursor & (LEVEL0_SLOTS - 1);
    for (int d = from; d < LEVEL0_SLOTS; ) {
      int index = (start + d) & (LEVEL0_SLOTS - 1);
      long word = level0Bits[index >>> 6] >>> (index & 63);
      if (word != 0) {
        int found = d + Long.numberOfTrailingZeros(word);
        return found < LEVEL0_SLOTS ? found : -1;
      }
      d += 64 - (index & 63);
    }
    return -1;
  }

  /** @return the distance in blocks from the cursor's block to level {@code level}'s first occupied slot, or -1 */
  private int nextLevelDistance(int level) {
    long bits = levelBits[level];
    if (bits == 0) {
      return -1;
    }
    int start = (int) (cursor >> levelShift(level)) & (LEVEL_SLOTS - 1);
    return Long.numberOfTrailingZeros(Long.rotateRight(bits, start));
  }

  private void append(int head, int i) {
    link(head, prev(head), head, i);
  }

  private void prepend(int head, int i) {
    link(head, head, next(head), i);
  }

  /** Links index {@code i} between the neighbours {@code before} and {@code after} in {@code head}'s slot. */
  private void link(int head, int before, int after, int i) {
    if (next(head) == head) {
      markOccupied(head);
    }
    setPrev(i, before);
    setNext(i, after);
    setNext(before, i);
    setPrev(after, i);
  }

  private void unlink(int i) {
    int before = prev(i);
    int after = next(i);
    setNext(before, after);
    setPrev(after, before);
    setNext(i, NONE);
    if (scan == i) {
      scan = after;
    }
    if (before == after) {
      markEmpty(before); // only a slot's sentinel links to itself
    }
  }

  private void markOccupied(int head) {
    if (head < HIGHER_HEADS) {
      if (head != OVERDUE) {
        int slot = head - LEVEL0_HEADS;
        level0Bits[slot >>> 6] |= 1L << (slot & 63);
      }
    } else {
      int h = head - HIGHER_HEADS;
      levelBits[1 + h / LEVEL_SLOTS] |= 1L << (h & (LEVEL_SLOTS - 1));
    }
  }

  private void markEmpty(int head) {
    if (head < HIGHER_HEADS) {
      if (head != OVERDUE) {
        int slot = head - LEVEL0_HEADS;
        level0Bits[slot >>> 6] &= ~(1L << (slot & 63));
      }
    } else {
      int h = head - HIGHER_HEADS;
      levelBits[1 + h / LEVEL_SLOTS] &= ~(1L << (h & (LEVEL_SLOTS - 1)));
    }
  }

  private void addPage() {
    int page = top >>> PAGE_BITS;
    if (page == MAX_PAGES) {
      throw new IllegalStateException(
          "too many timers on one loop thread: " + size + " (expected: fewer than " + (MAX_PAGES * PAGE_SIZE - FIRST_NODE) + ")");
    }
    if (page == linkPages.length) {
      linkPages = Arrays.copyOf(linkPages, 2 * page);
      nodePages = Arrays.copyOf(nodePages, 2 * page);
    }
    linkPages[page] = new int[2 * PAGE_SIZE];
    nodePages[page] = new TimerNode[PAGE_SIZE];
  }

  /** @return the node holding index {@code i}, or null when it is free */
  TimerNode nodeAt(int i) {
    return node(i);
  }

  private TimerNode node(int i) {
    return nodePages[i >>> PAGE_BITS][i & PAGE_MASK];
  }

  private int next(int i) {
    return linkPages[i >>> PAGE_BITS][(i & PAGE_MASK) << 1];
  }

  private int prev(int i) {
    return linkPages[i >>> PAGE_BITS][((i & PAGE_MASK) << 1) + 1];
  }

  private void setNext(int i, int to) {
    linkPages[i >>> PAGE_BITS][(i & PAGE_MASK) << 1] = to;
  }

  private void setPrev(int i, int to) {
    linkPages[i >>> PAGE_BITS][((i & PAGE_MASK) << 1) + 1] = to;
  }
}
