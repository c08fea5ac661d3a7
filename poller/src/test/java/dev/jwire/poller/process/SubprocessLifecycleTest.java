package dev.jwire.poller.process;

import static dev.jwire.poller.process.ProcessTesting.LIMIT;
import static dev.jwire.poller.process.ProcessTesting.alive;
import static dev.jwire.poller.process.ProcessTesting.lines;
import static dev.jwire.poller.process.ProcessTesting.processThreads;
import static dev.jwire.poller.process.ProcessTesting.runToEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.poller.process.ProcessTesting.Gate;
import dev.jwire.poller.process.ProcessTesting.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Ownership, cancellation, timeouts, back-pressure, many processes at once, and threads. */
class SubprocessLifecycleTest {
  /** Two background sleeps that print their pids, then a wait: a small process tree. */
  static final Command TREE = Command.shell("sleep 1000 & echo $!; sleep 1000 & echo $!; wait");

  /** Starts {@link #TREE}, records the shell's and its children's pids, then waits at the gate. */
  private static Wire startTree(List<Long> pids, Gate gate) {
    return Subprocess.start(TREE, p -> {
      pids.add(p.pid());
      return p.readLine(a -> p.readLine(b -> {
        pids.add(Long.parseLong(a));
        pids.add(Long.parseLong(b));
        return gate.then(() -> null);
      }));
    });
  }

  @Test
  void cancel_killsTheProcessAndItsChildren() {
    List<Long> pids = new CopyOnWriteArrayList<>();
    Gate gate = new Gate();
    try (EventLoop loop = EventLoop.create()) {
      Task task = loop.start(startTree(pids, gate));
      await().atMost(LIMIT).until(gate::isWaiting);
      assertThat(pids).hasSize(3).allMatch(ProcessTesting::alive);

      task.cancel();

      await().atMost(LIMIT).until(() -> pids.stream().noneMatch(ProcessTesting::alive));
      assertThat(loop.run(LIMIT)).isTrue();
      assertThat(task.state()).isEqualTo(Task.State.CANCELLED);
    }
  }

  @Test
  void theOwningTaskEnding_killsTheProcessTree() {
    List<Long> pids = new CopyOnWriteArrayList<>();

    Outcome o = runToEnd(Subprocess.start(TREE, p -> {
      pids.add(p.pid());
      return p.readLine(a -> Wire.call(() -> pids.add(Long.parseLong(a)))); // then the task is done
    }));

    assertThat(o.error()).isNull();
    assertThat(pids).hasSize(2);
    await().atMost(LIMIT).until(() -> pids.stream().noneMatch(ProcessTesting::alive));
  }

  @Test
  void aCancelledScope_killsTheProcessesOfItsTasks() {
    List<Long> pids = new CopyOnWriteArrayList<>();
    Gate gate1 = new Gate();
    Gate gate2 = new Gate();
    try (EventLoop loop = EventLoop.create()) {
      AtomicReference<dev.jwire.engine.Scope> scope = new AtomicReference<>();
      loop.start(Wire.scope(ScopeOptions.defaults().named("procs"), s -> {
        scope.set(s);
        s.start(startTree(pids, gate1));
        s.start(startTree(pids, gate2));
      }));
      await().atMost(LIMIT).until(() -> gate1.isWaiting() && gate2.isWaiting());
      assertThat(pids).hasSize(6).allMatch(ProcessTesting::alive);

      scope.get().cancel();

      await().atMost(LIMIT).until(() -> pids.stream().noneMatch(ProcessTesting::alive));
      assertThat(loop.run(LIMIT)).isTrue();
    }
  }

  @Test
  void aProcessThatIgnoresSigterm_isKilledAfterTheGracePeriod() {
    List<Long> pids = new CopyOnWriteArrayList<>();
    Gate gate = new Gate();
    Command stubborn = Command.shell("trap '' TERM; echo ready; sleep 1000 & echo $!; wait")
        .killGrace(Duration.ofMillis(100));
    try (EventLoop loop = EventLoop.create()) {
      Task task = loop.start(Subprocess.start(stubborn, p -> {
        pids.add(p.pid());
        return p.readLine(ready -> p.readLine(child -> {
          pids.add(Long.parseLong(child));
          return gate.then(() -> null);
        }));
      }));
      await().atMost(LIMIT).until(gate::isWaiting);

      task.cancel();

      await().atMost(LIMIT).until(() -> pids.stream().noneMatch(ProcessTesting::alive));
    }
  }

  @Test
  void timeout_killsTheTree_andFailsTheWireWithATimeoutError() {
    List<String> got = lines();
    AtomicReference<Subprocess> proc = new AtomicReference<>();
    Command slow = Command.shell("echo started; sleep 1000 & echo $!; wait").timeout(Duration.ofMillis(300));

    Outcome o = runToEnd(Subprocess.start(slow, p -> {
      proc.set(p);
      return p.forEachLine(got::add, got::add).then(p.awaitExit(code -> Wire.result(code)));
    }));

    assertThat(o.error())
        .isInstanceOf(SubprocessTimeoutException.class)
        .hasMessageContaining("(pid " + proc.get().pid() + ") did not exit within PT0.3S")
        .hasMessageContaining("it and its descendants were killed");
    assertThat(((SubprocessTimeoutException) o.error()).limit()).isEqualTo(Duration.ofMillis(300));
    assertThat(o.result()).isNull();
    assertThat(got).startsWith("started");
    assertThat(proc.get().timedOut()).isTrue();
    long child = Long.parseLong(got.get(1));
    await().atMost(LIMIT).until(() -> !alive(proc.get().pid()) && !alive(child));
  }

  @Test
  void timeout_whileAwaitingExit_failsAtOnce() {
    Outcome o = runToEnd(Subprocess.run(Command.of("sleep", "1000").timeout(Duration.ofMillis(200)), l -> { }));

    assertThat(o.error()).isInstanceOf(SubprocessTimeoutException.class).hasMessageContaining("'sleep 1000'");
  }

  @Test
  void timeout_notReached_changesNothing() {
    Outcome o = runToEnd(Subprocess.run(Command.shell("exit 5").timeout(Duration.ofMinutes(10)), l -> { }));

    assertThat(o.error()).isNull();
    assertThat(o.result()).isEqualTo(5);
  }

  /**
   * A consumer that stops after one line: the reader fills the buffer to exactly its capacity and
   * reads no more, so the program blocks in its writes. Then the consumer takes everything.
   */
  @Test
  void slowConsumer_theBufferFillsToItsCapacityAndNoFurther() {
    int capacity = 16 * 1024;
    Gate gate = new Gate();
    AtomicReference<Subprocess> proc = new AtomicReference<>();
    List<String> rest = new ArrayList<>();
    Command seq = Command.of("seq", "1", "200000").bufferSize(capacity).maxLineLength(100);
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Subprocess.start(seq, p -> {
        proc.set(p);
        return p.readLine(first -> gate.then(() -> p.stdout().forEachLine(rest::add)));
      }));
      await().atMost(LIMIT).until(() -> gate.isWaiting() && proc.get().stdout().statistics().buffered() == capacity);

      ProcessOutput.Statistics full = proc.get().stdout().statistics();
      assertThat(full.bytesRead()).as("one line of 2 bytes taken, the buffer full").isEqualTo(capacity + 2);
      assertThat(full.maxBuffered()).isEqualTo(capacity);
      assertThat(proc.get().isAlive()).as("blocked in its writes, not done").isTrue();

      gate.open();
      assertThat(loop.run(LIMIT)).isTrue();
    }
    assertThat(rest).hasSize(199_999).startsWith("2").endsWith("200000");
    ProcessOutput.Statistics end = proc.get().stdout().statistics();
    assertThat(end.bytesRead()).isEqualTo(1_288_895L);
    assertThat(end.maxBuffered()).isEqualTo(capacity);
  }

  @Test
  void fiftyProcessesAtOnce_doNotDisturbEachOther() {
    int n = 50;
    List<List<String>> outputs = new ArrayList<>();
    IntStream.range(0, n).forEach(i -> outputs.add(lines()));
    AtomicReference<List<Object>> codes = new AtomicReference<>();
    String script = "i=0; while [ $i -lt 200 ]; do echo \"$ID $i\"; i=$((i+1)); done; "
        + "echo \"$ID\" >&2; exit $((ID % 7))";
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Wire.scope(
          ScopeOptions.defaults().collectResults(),
          s -> IntStream.range(0, n).forEach(i -> s.start(Subprocess.run(
              Command.shell(script).env("ID", Integer.toString(i)), outputs.get(i)::add))),
          s -> Wire.call(() -> codes.set(s.results()))));
      assertThat(loop.run(LIMIT)).isTrue();
    }
    for (int i = 0; i < n; i++) {
      int id = i;
      List<String> expected = new ArrayList<>(IntStream.range(0, 200).mapToObj(k -> id + " " + k).toList());
      assertThat(outputs.get(i)).as("output of process %d", i).hasSize(201).containsAll(expected).contains(id + "");
      assertThat(outputs.get(i).stream().filter(l -> l.contains(" ")).toList()).isEqualTo(expected);
    }
    assertThat(codes.get()).isEqualTo(IntStream.range(0, n).mapToObj(i -> (Object) (i % 7)).toList());
  }

  @Test
  void afterTheLoopCloses_noSubprocessThreadIsLeft() {
    List<Long> pids = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.create()) {
      loop.start(Subprocess.run(Command.shell("seq 1 1000; echo e >&2"), l -> { }));
      loop.start(Subprocess.start(Command.of("cat"), p -> p.write("x\n").then(p.readLine(l -> null))));
      loop.start(startTree(pids, new Gate()));
      await().atMost(LIMIT).until(() -> pids.size() == 3);
      loop.cancelAll();
    }
    await().atMost(LIMIT).until(() -> pids.stream().noneMatch(ProcessTesting::alive));
    await().atMost(LIMIT).untilAsserted(() -> assertThat(processThreads()).isEmpty());
  }
}
