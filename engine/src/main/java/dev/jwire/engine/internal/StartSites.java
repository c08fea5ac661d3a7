package dev.jwire.engine.internal;

import dev.jwire.engine.StartSiteCapture;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Records where tasks are started, as {@link StartSiteCapture} asks. */
final class StartSites {
  private static final StackTraceElement[] NONE = new StackTraceElement[0];
  /** A small first batch: the caller is usually within a few frames of {@code start}. */
  private static final StackWalker WALKER =
      StackWalker.getInstance(java.util.Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE), 6);
  private static final Predicate<String> JWIRE =
      c -> c.startsWith("dev.jwire.engine.internal.") || c.equals("dev.jwire.engine.EventLoop");
  /**
   * Whether a class is part of jwire's libraries (engine, wires, poller), as opposed to a program
   * or a test that happens to share their packages: libraries are not under {@code test-classes}.
   */
  private static final ClassValue<Boolean> LIBRARY =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          String n = type.getName();
          if (!(n.startsWith("dev.jwire.engine.") || n.startsWith("dev.jwire.wires.") || n.startsWith("dev.jwire.poller."))) {
            return false;
          }
          java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
          return source == null || source.getLocation() == null || !source.getLocation().toString().contains("test-classes");
        }
      };
  /** Caller frames by class, then by method (name, descriptor) and bytecode index. */
  private static final ClassValue<Map<Site, StackTraceElement>> SITES =
      new ClassValue<>() {
        @Override
        protected Map<Site, StackTraceElement> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  /** One call site within a class; overloads differ by descriptor. */
  private record Site(String method, String descriptor, int bytecodeIndex) {}

  private StartSites() {}

  static Object capture(StartSiteCapture mode) {
    switch (mode) {
      case CALLER:
        // a start made by library code inside a step finds no program frame: null, so the caller
        // inherits the running task's site instead of pointing at the thread's run()
        return WALKER.walk(s -> s.filter(f -> !LIBRARY.get(f.getDeclaringClass())).findFirst()
            .filter(f -> !f.getClassName().startsWith("java.")).map(StartSites::intern).orElse(null));
      case FULL:
        StackTraceElement[] all = new Throwable().getStackTrace();
        int i = 0;
        while (i < all.length && JWIRE.test(all[i].getClassName())) {
          i++;
        }
        return Arrays.copyOfRange(all, i, all.length);
      default:
        return null;
    }
  }

  private static StackTraceElement intern(StackWalker.StackFrame frame) {
    Site site = new Site(frame.getMethodName(), frame.getDescriptor(), frame.getByteCodeIndex());
    return SITES.get(frame.getDeclaringClass()).computeIfAbsent(site, k -> frame.toStackTraceElement());
  }

  static StackTraceElement[] toStackTrace(Object site) {
    if (site instanceof StackTraceElement[]) {
      return (StackTraceElement[]) site;
    }
    if (site instanceof StackTraceElement) {
      return new StackTraceElement[] {(StackTraceElement) site};
    }
    return NONE;
  }
}
