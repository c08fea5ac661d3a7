package dev.jwire.poller.process.internal;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A FIFO of bytes in blocks of {@value #BLOCK} bytes, with an incremental search for the next
 * newline. Small appends fill the tail block, so a program that writes a few bytes at a time
 * costs no more memory than one that writes big chunks: the overhead is at most two partly used
 * blocks. Not thread-safe: {@link OutputPump} guards it.
 */
final class ByteQueue {
  static final int BLOCK = 8192;

  /** A block and the part of it that holds queued bytes: {@code [start, end)}. */
  private static final class Block {
    final byte[] data;
    int start;
    int end;

    Block(byte[] data, int end) {
      this.data = data;
      this.end = end;
    }
  }

  private final ArrayDeque<Block> blocks = new ArrayDeque<>();
  private int size;
  /** How many bytes from the front are known to hold no newline. */
  private int scanned;

  /** @return the number of queued bytes */
  int size() {
    return size;
  }

  /** Appends {@code n} bytes of {@code src} from {@code from}. */
  void append(byte[] src, int from, int n) {
    int off = from;
    int end = from + n;
    while (off < end) {
      Block tail = blocks.peekLast();
      if (tail == null || tail.end == tail.data.length) {
        tail = new Block(new byte[BLOCK], 0);
        blocks.addLast(tail);
      }
      int k = Math.min(end - off, tail.data.length - tail.end);
      System.arraycopy(src, off, tail.data, tail.end, k);
      tail.end += k;
      off += k;
    }
    size += n;
  }

  /** Puts {@code bytes} (not copied) in front of what is queued. */
  void prepend(byte[] bytes) {
    if (bytes.length > 0) {
      blocks.addFirst(new Block(bytes, bytes.length));
      size += bytes.length;
      scanned = 0;
    }
  }

  /** @return the index of the first {@code '\n'}, or -1; remembers how far it looked */
  int indexOfNewline() {
    if (scanned >= size) {
      return -1;
    }
    int pos = 0;
    for (Block b : blocks) {
      int len = b.end - b.start;
      if (pos + len > scanned) {
        for (int i = b.start + Math.max(0, scanned - pos); i < b.end; i++) {
          if (b.data[i] == '\n') {
            scanned = pos + i - b.start;
            return scanned;
          }
        }
      }
      pos += len;
    }
    scanned = size;
    return -1;
  }

  /** Removes the first {@code n} bytes (at most {@link #size()}) and returns them. */
  byte[] take(int n) {
    byte[] out = new byte[n];
    remove(out, n);
    return out;
  }

  /** Removes the first {@code n} bytes (at most {@link #size()}). */
  void skip(int n) {
    remove(null, n);
  }

  private void remove(byte[] into, int n) {
    int off = 0;
    Iterator<Block> it = blocks.iterator();
    while (off < n) {
      Block b = it.next();
      int k = Math.min(n - off, b.end - b.start);
      if (into != null) {
        System.arraycopy(b.data, b.start, into, off, k);
      }
      b.start += k;
      off += k;
      if (b.start == b.end) {
        it.remove();
      }
    }
    size -= n;
    scanned = Math.max(0, scanned - n);
  }
}
