package dev.jwire.wires;

/** Lets a wire's checked failure pass through functional interfaces unchanged (not wrapped). */
final class Rethrow {
  private Rethrow() {}

  /**
   * Throws {@code t} as it is, checked or not.
   *
   * @return never returns; declared so that callers can write {@code throw Rethrow.unchecked(t)}
   */
  static RuntimeException unchecked(Throwable t) {
    Rethrow.<RuntimeException>sneaky(t);
    return new IllegalStateException("unreachable", t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
