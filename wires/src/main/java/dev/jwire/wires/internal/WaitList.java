package dev.jwire.wires.internal;

/**
 * An intrusive FIFO of {@link WaitNode}s with O(1) removal from anywhere, so a cancelled waiter
 * leaves at once instead of lingering until it reaches the head. Not thread-safe: its owner guards
 * it with its own lock.
 */
public final class WaitList {
  private WaitNode head;
  private WaitNode tail;
  private int size;

  /** @return the number of nodes */
  public int size() {
    return size;
  }

  /** @return whether the list is empty */
  public boolean isEmpty() {
    return head == null;
  }

  /** @return the first node, or null */
  public WaitNode first() {
    return head;
  }

  /**
   * @param node a node of this list
   * @return the node after it, or null
   */
  public static WaitNode next(WaitNode node) {
    return node.qNext;
  }

  /**
   * Appends {@code node}, which must not be in any list.
   *
   * @param node the node
   */
  public void add(WaitNode node) {
    if (node.qList != null) {
      throw new IllegalStateException("node already queued");
    }
    node.qList = this;
    node.qPrev = tail;
    node.qNext = null;
    if (tail == null) {
      head = node;
    } else {
      tail.qNext = node;
    }
    tail = node;
    size++;
  }

  /** @return the first node, removed, or null */
  public WaitNode poll() {
    WaitNode n = head;
    if (n != null) {
      unlink(n);
    }
    return n;
  }

  /**
   * Removes {@code node} if it is in this list.
   *
   * @param node the node
   * @return whether it was here
   */
  public boolean remove(WaitNode node) {
    if (node.qList != this) {
      return false;
    }
    unlink(node);
    return true;
  }

  private void unlink(WaitNode n) {
    WaitNode p = n.qPrev;
    WaitNode nx = n.qNext;
    if (p == null) {
      head = nx;
    } else {
      p.qNext = nx;
    }
    if (nx == null) {
      tail = p;
    } else {
      nx.qPrev = p;
    }
    n.qPrev = null;
    n.qNext = null;
    n.qList = null;
    size--;
  }
}
