package dev.jwire.wires.internal;

/** A sender without a message that wants to hear when a slot frees up. */
abstract class RoomWatcher extends WaitNode {
  /** A receive freed a slot; outside the lock. The watcher is no longer registered. */
  abstract void roomFreed();
}
