package dev.jwire.poller.process.internal;

/**
 * The threads behind subprocesses: daemon platform threads with a small stack, all named {@value
 * #PREFIX}{@code ...} so that a test can see that none is left.
 *
 * <p>Why not virtual threads on JDK 21+: the pipes of a {@link Process} are plain file
 * descriptors, and a virtual thread blocked reading one captures its carrier (the scheduler
 * compensates by adding carriers, up to {@code jdk.virtualThreadScheduler.maxPoolSize}, 256 by
 * default). A few hundred silent processes would exhaust it and starve every other virtual thread.
 * A platform thread with a 256 KiB stack blocked in {@code read} costs little and disturbs nothing.
 */
public final class ProcessThreads {
  /** The name prefix of every thread started here. */
  public static final String PREFIX = "jwire-process-";

  private static final long STACK_SIZE = 256 * 1024;
  private static final System.Logger LOG = System.getLogger("dev.jwire.poller.process");

  private ProcessThreads() {}

  /**
   * Starts {@code body} on a new daemon thread named {@code PREFIX + name}. What {@code body}
   * throws is logged, never lost.
   *
   * @param name the thread's name after the prefix, e.g. {@code 1234-stdout}
   * @param body what the thread runs
   * @return the started thread
   */
  public static Thread start(String name, Runnable body) {
    Thread t = new Thread(null, () -> runLogged(body), PREFIX + name, STACK_SIZE);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Logs what escaped a subprocess thread. */
  static void logUncaught(String what, Throwable t) {
    LOG.log(System.Logger.Level.ERROR, what, t);
  }

  private static void runLogged(Runnable body) {
    try {
      body.run();
    } catch (Throwable t) {
      logUncaught("thread " + Thread.currentThread().getName() + " failed", t);
    }
  }
}
