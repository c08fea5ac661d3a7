package dev.jwire.engine.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * SIGINT and SIGTERM handling for {@code Program}. Uses {@code sun.misc.Signal} (module
 * jdk.unsupported) reflectively, so that the default handlers, which would exit the JVM at once,
 * are replaced; falls back to a shutdown hook where that API is missing.
 */
public final class Signals {
  /** A registration that does nothing. */
  public static final Registration NONE = () -> {};

  private Signals() {}

  /** Undoes an {@link #install}. */
  @FunctionalInterface
  public interface Registration {
    /** Restores the previous handlers. */
    void remove();
  }

  /**
   * Routes SIGINT (2) and SIGTERM (15) to {@code onSignal}, called with the signal's number.
   *
   * @param onSignal receives each signal's number, on a JVM signal thread
   * @return how to undo it
   */
  public static Registration install(IntConsumer onSignal) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      List<Object[]> previous = new ArrayList<>();
      for (String name : new String[] {"INT", "TERM"}) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        int number = (int) signalClass.getMethod("getNumber").invoke(signal);
        InvocationHandler h = (proxy, m, args) -> {
          if (m.getName().equals("handle")) {
            onSignal.accept(number);
          }
          return m.getName().equals("toString") ? "jwire signal handler" : null;
        };
        Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, h);
        previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
      }
      return () -> {
        for (Object[] p : previous) {
          try {
            handle.invoke(null, p[0], p[1]);
          } catch (ReflectiveOperationException ignored) {
            // the JVM is going down or the API vanished: nothing to restore
          }
        }
      };
    } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
      Thread hook = new Thread(() -> onSignal.accept(15), "jwire-shutdown-hook");
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // already running: nothing to remove
        }
      };
    }
  }
}
