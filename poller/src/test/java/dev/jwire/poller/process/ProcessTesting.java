package dev.jwire.poller.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.poller.process.internal.ProcessThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Helpers for the subprocess tests: run a wire to its end, gates, liveness of pids. */
final class ProcessTesting {
  /** A safety net against a hanging test, never an expectation on speed. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  private ProcessTesting() {}

  /** What a task left: its result and its error. */
  record Outcome(Object result, Throwable error) {}

  /** Runs {@code wire} on a fresh loop until it ends; its error goes into the outcome. */
  static Outcome runToEnd(Wire wire) {
    AtomicReference<Throwable> error = new AtomicReference<>();
    Task task;
    try (EventLoop loop = EventLoop.create()) {
      task = loop.start(wire, (ctx, e) -> error.set(e));
      assertThat(loop.run(LIMIT)).as("the wire ended within the safety limit").isTrue();
    }
    return new Outcome(task.result(), error.get());
  }

  /** @return a thread-safe list for lines written on the loop thread */
  static List<String> lines() {
    return Collections.synchronizedList(new ArrayList<>());
  }

  /**
   * Whether {@code pid} is a running process. A zombie (dead, not yet reaped: this machine's init
   * reaps orphans only now and then) is not, although {@code ProcessHandle.isAlive()} says so.
   */
  static boolean alive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false; // gone meanwhile
    }
  }

  /** @return the names of the live threads behind subprocesses */
  static List<String> processThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(ProcessThreads.PREFIX))
        .toList();
  }

  /** A wire that waits until the test opens it, then continues with what {@code next} makes. */
  static final class Gate {
    private final AtomicReference<Suspension<Void>> waiting = new AtomicReference<>();

    Wire then(Supplier<? extends Wire> next) {
      return Wire.<Void>suspend((ctx, s) -> waiting.set(s), v -> next.get());
    }

    boolean isWaiting() {
      Suspension<Void> s = waiting.get();
      return s != null && s.isPending();
    }

    void open() {
      assertThat(waiting.get().resume(null)).as("the gate was waiting").isTrue();
    }
  }
}
