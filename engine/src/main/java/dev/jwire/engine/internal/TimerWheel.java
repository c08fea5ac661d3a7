package dev.jwire.engine.internal;

/**
 * One loop thread's timers: a hierarchical timing wheel of {@link TimerNode}s, exact to the
 * nanosecond. Owned by one loop thread: no synchronization.
 *
 * <h2>Layout</h2>
 *
 * <p>Time is cut into ticks of 2<sup>15</sup> ns (32.8 µs). Level 0 has 2,048 slots, one per
 * tick, covering the next 67 ms; each higher level has 64 slots, each as wide as the whole level
 * below, so seven levels reach past the loop's longest deadline (2<sup>61</sup> ns). A slot is a
 * circular doubly linked list threaded through the nodes themselves, behind a {@link SlotHead}:
 * adding, cancelling and firing a timer are O(1) and allocate nothing, and a sleeping task costs
 * two references and a deadline — no array entry, no sequence number. A bitmap per level says
 * which slots hold nodes, so an idle wheel jumps straight to its next timer instead of walking
 * the ticks in between. Level 0 is wide so that a loop running tens of milliseconds late still
 * files short sleeps there: cascading costs a second visit to every node.
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

  /** slots[0] has {@link #LEVEL0_SLOTS} heads, every other level {@link #LEVEL_SLOTS}. */
  private final SlotHead[][] slots = new SlotHead[LEVELS][];
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
  /** Resumable scan of the cursor's slot for nodes due at {@link #scanNow}. */
  private TimerNode scan;
  private SlotHead scanHead;
  private long scanNow;
  /**
   * Real clocks: nodes set to a deadline the last poll had already reached ({@code sleep(0)}, a
   * catch-up run): due at the next poll, not at the end of a tick.
   */
  private final SlotHead overdue = new SlotHead(-1, 0);
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
    for (int level = 0; level < LEVELS; level++) {
      int n = level == 0 ? LEVEL0_SLOTS : LEVEL_SLOTS;
      slots[level] = new SlotHead[n];
      for (int i = 0; i < n; i++) {
        slots[level][i] = new SlotHead(level, i);
      }
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

  /** Schedules {@code node} at {@code deadline}; a node already scheduled is moved. */
  void add(TimerNode node, long deadline) {
    if (node.next != null) {
      remove(node);
    }
    node.deadline = deadline;
    size++;
    if (!exact && deadline - lastNow <= 0) {
      append(overdue, node);
      return;
    }
    long tick = deadline >> TICK_SHIFT;
    if (tick < cursor) {
      tick = cursor; // already due: it waits in the cursor's slot, where due nodes are looked for
    }
    SlotHead head = slotFor(tick);
    append(head, node);
    if (head == scanHead && scan == head) {
      scan = node; // the scan of this slot had passed its end: it must still see this node
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
    if (node.next == null) {
      return false;
    }
    unlink(node);
    size--;
    if (node.deadline == cachedNext) {
      cacheValid = false;
    }
    return true;
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
    TimerNode due = pollWheel(now);
    if (due == null && overdue.next != overdue) {
      due = overdue.next;
    }
    if (due != null) {
      remove(due);
    }
    return due;
  }

  private TimerNode pollWheel(long now) {
    long nowTick = now >> TICK_SHIFT;
    for (; ; ) {
      SlotHead head = slots[0][(int) cursor & (LEVEL0_SLOTS - 1)];
      if (head.next != head) {
        return cursor < nowTick ? head.next : exact ? scanForDue(head, now) : null;
      }
      if (cursor >= nowTick) {
        return null;
      }
      long next = nextOccupiedTick();
      if (next > nowTick) {
        cursor = nowTick; // nothing starts on the way: no slot to cascade
        return null;
      }
      moveCursorTo(next);
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
      return overdue.next != overdue ? lastNow : nextTickEnd();
    }
    if (!cacheValid) {
      cachedNext = computeNextDeadline();
      cacheValid = true;
    }
    return cachedNext;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The cursor's tick is the present one: only some of its nodes may be due. Scans on from where
   * the last call at the same {@code now} stopped, so a round's polls walk the slot once.
   */
  private TimerNode scanForDue(SlotHead head, long now) {
    if (scanHead != head || scanNow != now || scan == null) {
      scanHead = head;
      scanNow = now;
      scan = head.next;
    }
    for (TimerNode n = scan; n != head; n = n.next) {
      if (n.deadline - now <= 0) {
        scan = n.next;
        return n;
      }
    }
    scan = head;
    return null;
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
      best = minDeadline(slots[0][(int) (cursor + distance) & (LEVEL0_SLOTS - 1)]);
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
        best = Math.min(best, minDeadline(slots[level][(int) block & (LEVEL_SLOTS - 1)]));
      }
    }
    return best;
  }

  private static long minDeadline(SlotHead head) {
    long min = Long.MAX_VALUE;
    for (TimerNode n = head.next; n != head; n = n.next) {
      min = Math.min(min, n.deadline);
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
      SlotHead head = slots[level][(int) (tick >> shift) & (LEVEL_SLOTS - 1)];
      if (head.next != head) {
        cascade(head);
      }
    }
  }

  /** Moves every node of {@code head}'s slot down to where it belongs now, keeping their order. */
  private void cascade(SlotHead head) {
    TimerNode n = head.prev;
    while (n != head) {
      TimerNode before = n.prev;
      unlink(n);
      prepend(slotFor(n.deadline >> TICK_SHIFT), n);
      n = before;
    }
  }

  /** The slot for a node of tick {@code tick} ≥ cursor: the lowest level whose window holds it. */
  private SlotHead slotFor(long tick) {
    if (tick - cursor < LEVEL0_SLOTS) {
      return slots[0][(int) tick & (LEVEL0_SLOTS - 1)];
    }
    for (int level = 1; level < LEVELS; level++) {
      int shift = levelShift(level);
      long block = tick >> shift;
      if (block - (cursor >> shift) < LEVEL_SLOTS) {
        return slots[level][(int) block & (LEVEL_SLOTS - 1)];
      }
    }
    throw new IllegalStateException("deadline beyond the timer wheel: tick " + tick + ", cursor " + cursor);
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

  private void append(SlotHead head, TimerNode node) {
    link(head, head.prev, head, node);
  }

  private void prepend(SlotHead head, TimerNode node) {
    link(head, head, head.next, node);
  }

  /** Links {@code node} between the neighbours {@code before} and {@code after} in {@code head}'s slot. */
  private void link(SlotHead head, TimerNode before, TimerNode after, TimerNode node) {
    if (head.next == head) {
      markOccupied(head);
    }
    node.prev = before;
    node.next = after;
    before.next = node;
    after.prev = node;
  }

  private void unlink(TimerNode node) {
    TimerNode before = node.prev;
    TimerNode after = node.next;
    before.next = after;
    after.prev = before;
    node.next = null;
    node.prev = null;
    if (scan == node) {
      scan = after;
    }
    if (before == after) {
      markEmpty((SlotHead) before); // only a slot's head links to itself
    }
  }

  private void markOccupied(SlotHead head) {
    if (head.level < 0) {
      return; // the overdue list
    } else if (head.level == 0) {
      level0Bits[head.index >>> 6] |= 1L << (head.index & 63);
    } else {
      levelBits[head.level] |= 1L << head.index;
    }
  }

  private void markEmpty(SlotHead head) {
    if (head.level < 0) {
      return;
    } else if (head.level == 0) {
      level0Bits[head.index >>> 6] &= ~(1L << (head.index & 63));
    } else {
      levelBits[head.level] &= ~(1L << head.index);
    }
  }

  /** The sentinel of a slot's circular list; never fired. */
  private static final class SlotHead extends TimerNode {
    final int level;
    final int index;

    SlotHead(int level, int index) {
      this.level = level;
      this.index = index;
      next = this;
      prev = this;
    }

    @Override
    void fire() {
      throw new IllegalStateException("a timer slot's head never fires");
    }

    @Override
    public void runJob() {
      throw new IllegalStateException("a timer slot's head never runs");
    }
  }
}
