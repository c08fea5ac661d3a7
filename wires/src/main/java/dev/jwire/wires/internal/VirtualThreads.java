package dev.jwire.wires.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads on a Java 17 baseline: the JDK 21 API ({@code Thread.ofVirtual().name(prefix,
 * 1).factory()}) looked up reflectively, so that the same jar uses virtual threads on 21+ and
 * platform threads on 17.
 */
public final class VirtualThreads {
  private static final Method OF_VIRTUAL = lookUpOfVirtual();

  private VirtualThreads() {}

  /** @return whether this JVM offers virtual threads (JDK 21 or later) */
  public static boolean available() {
    return OF_VIRTUAL != null;
  }

  /**
   * A factory of unstarted virtual threads named {@code prefix-1}, {@code prefix-2}, ...
   *
   * @param prefix the name prefix
   * @return the factory
   * @throws UnsupportedOperationException if virtual threads are not available
   */
  public static ThreadFactory factory(String prefix) {
    if (OF_VIRTUAL == null) {
      throw new UnsupportedOperationException(
          "virtual threads need JDK 21 or later (running on " + Runtime.version() + ")");
    }
    try {
      Object builder = OF_VIRTUAL.invoke(null);
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix + "-", 1L);
      return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot create a virtual thread factory", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a virtual thread factory", e);
    }
  }

  private static Method lookUpOfVirtual() {
    if (Runtime.version().feature() < 21) {
      return null; // 19 and 20 have the method as a preview that fails without --enable-preview
    }
    try {
      Method m = Thread.class.getMethod("ofVirtual");
      m.invoke(null); // proves it works here
      return m;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
