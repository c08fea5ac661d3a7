package dev.jwire.engine;

import dev.jwire.engine.internal.Checks;
import dev.jwire.engine.internal.Signals;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a main wire as a program, in one line (ayo's {@code run_as_main}):
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   Program.runMain(server);            // exits with the outcome's code
 * }
 * }</pre>
 *
 * <pre>
 *  starting ──▶ main runs (in scope "main") + started ──▶ stopping ──▶ everything ends ──▶ stopped
 *                         ▲ Ctrl+C / SIGTERM: stopping, then main is cancelled (cleanup runs)
 *                         └ a second signal, or the shutdown grace passing: exit at once
 * </pre>
 *
 * <p><b>Exit codes.</b> 0 when main finished; 1 when it (or a hook) failed, the error printed to
 * standard error; 128 + the signal's number (130 for SIGINT, 143 for SIGTERM) when a signal
 * stopped it, cleanly or by force.
 *
 * <p><b>Lifecycle hooks.</b> Each is a wire, run to its end on the loop: {@code starting} before
 * main, {@code started} beside main once it has started, {@code stopping} when the program begins
 * to stop (main ended, or a signal), {@code stopped} after every task has ended.
 *
 * <p><b>Signals.</b> SIGINT and SIGTERM are handled through {@code sun.misc.Signal} where the JDK
 * offers it; elsewhere a shutdown hook cancels main and waits up to the grace period.
 */
public final class Program {
  private final Wire main;
  private EventLoop.Builder loop = EventLoop.builder().name("main");
  private Wire starting = Wire.nothing();
  private Wire started = Wire.nothing();
  private Wire stopping = Wire.nothing();
  private Wire stopped = Wire.nothing();
  private Duration grace = Duration.ofSeconds(10);
  private boolean handleSignals = true;
  private PrintStream err = System.err;

  private Program(Wire main) {
    this.main = main;
  }

  /**
   * Runs {@code main} as a program and exits the JVM with its {@linkplain Program exit code}.
   *
   * @param main the main wire
   */
  public static void runMain(Wire main) {
    System.exit(of(main).run());
  }

  /**
   * @param main the main wire
   * @return a program to configure, then {@link #run()}
   */
  public static Program of(Wire main) {
    return new Program(Checks.notNull(main, "main"));
  }

  /**
   * @param builder the settings of the program's loop (default: one thread, named {@code main})
   * @return this program
   */
  public Program loop(EventLoop.Builder builder) {
    this.loop = Checks.notNull(builder, "builder");
    return this;
  }

  /**
   * @param hook runs to its end before main starts; its failure ends the program with code 1
   * @return this program
   */
  public Program onStarting(Wire hook) {
    this.starting = Checks.notNull(hook, "hook");
    return this;
  }

  /**
   * @param hook starts beside main once main has started
   * @return this program
   */
  public Program onStarted(Wire hook) {
    this.started = Checks.notNull(hook, "hook");
    return this;
  }

  /**
   * @param hook runs when the program begins to stop: after main ended, or on a signal before
   *     main is cancelled
   * @return this program
   */
  public Program onStopping(Wire hook) {
    this.stopping = Checks.notNull(hook, "hook");
    return this;
  }

  /**
   * @param hook runs after every task has ended, before the loop closes
   * @return this program
   */
  public Program onStopped(Wire hook) {
    this.stopped = Checks.notNull(hook, "hook");
    return this;
  }

  /**
   * @param grace how long cleanup may take after a signal before the program exits anyway
   *     (default 10 s); more than zero
   * @return this program
   */
  public Program shutdownGrace(Duration grace) {
    this.grace = Checks.positive(grace, "grace");
    return this;
  }

  /**
   * @param handle whether to handle SIGINT and SIGTERM (default true); off for programs embedded
   *     in a process that handles signals itself
   * @return this program
   */
  public Program handleSignals(boolean handle) {
    this.handleSignals = handle;
    return this;
  }

  /**
   * @param err where a failure is printed (default {@code System.err})
   * @return this program
   */
  public Program errors(PrintStream err) {
    this.err = Checks.notNull(err, "err");
    return this;
  }

  /**
   * Runs the program on the calling thread until it has stopped.
   *
   * @return the exit code
   */
  public int run() {
    AtomicInteger signalled = new AtomicInteger();
    try (EventLoop l = loop.build()) {
      runHook(l, starting);
      Scope mainScope = l.openScope(ScopeOptions.defaults().named("main"));
      Signals.Registration signals =
          handleSignals ? Signals.install(signo -> onSignal(l, mainScope, signo, signalled)) : Signals.NONE;
      try {
        mainScope.start(main);
        l.start(started);
        Throwable failure = null;
        try {
          mainScope.close();
        } catch (RuntimeException | Error e) {
          failure = e;
        }
        if (signalled.get() == 0) {
          runHook(l, stopping);
        }
        l.cancelAll(); // the program ends with main: whatever else runs is cancelled
        l.run();
        runHook(l, stopped);
        if (signalled.get() != 0) {
          return 128 + signalled.get();
        }
        if (failure != null) {
          throw failure;
        }
        return 0;
      } finally {
        signals.remove();
      }
    } catch (Throwable t) {
      if (signalled.get() != 0) {
        return 128 + signalled.get();
      }
      err.println("jwire: the program failed: " + t);
      t.printStackTrace(err);
      return 1;
    }
  }

  private static void runHook(EventLoop l, Wire hook) {
    l.start(hook);
    l.run();
  }

  /** First signal: stopping hook, then cancel main; a second, or the grace passing, halts. */
  private void onSignal(EventLoop l, Scope mainScope, int signo, AtomicInteger signalled) {
    if (!signalled.compareAndSet(0, signo)) {
      Runtime.getRuntime().halt(128 + signalled.get());
      return;
    }
    Thread deadline = new Thread(() -> {
      try {
        Thread.sleep(grace.toMillis());
        Runtime.getRuntime().halt(128 + signo);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "jwire-shutdown-deadline");
    deadline.setDaemon(true);
    deadline.start();
    try {
      l.start(stopping.then(Wire.call(mainScope::cancel)), (ctx, e) -> mainScope.cancel());
    } catch (IllegalStateException closing) {
      mainScope.cancel(); // the loop is already closing: cancelling is all that is left to do
    }
  }
}
