package dev.jwire.wires;

/**
 * What a fixed-rate {@link Every} does with ticks it missed, because a run overran its period or
 * the loop was stalled. A tick reached by waiting for it is never a misfire, whatever the
 * scheduling noise; ticks whose time passed while a run was still going, or several at once after
 * a stall, are.
 *
 * <pre>
 *  period 10 ms, a run that takes 25 ms, ticks at 0 10 20 30 ...
 *  SKIP      runs at 0, 30, 60 ...          (10 and 20 are dropped)
 *  COALESCE  runs at 0, 25, 50 ...          (10 and 20 become one run at 25, then the grid)
 *  CATCH_UP  runs at 0, 25, 50, 75 ...      (each missed tick runs, back to back, until caught up)
 *  OVERLAP   runs start at 0, 10, 20 ...    (runs are concurrent tasks; nothing is missed)
 * </pre>
 */
public enum MisfirePolicy {
  /** Missed ticks are dropped; the next run waits for the next tick on the grid. */
  SKIP,
  /** All missed ticks become one run, at once; then the grid. The default. */
  COALESCE,
  /**
   * Missed ticks queue up and each gets its run, back to back, as soon as possible; after a
   * stall of N periods there are N runs, so the count of runs keeps pace with time.
   */
  CATCH_UP,
  /**
   * Every tick starts its run on time, as a task of its own, even while earlier runs still go on;
   * runs may overlap. After a stall, each missed tick starts a run at once.
   */
  OVERLAP
}
