package dev.jwire.wires.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jwire.engine.Suspension;
import dev.jwire.wires.SelectCase;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of two channels (capacities 1 and 2) under Lincheck, against {@link Model}: two
 * bounded FIFO queues, the first closable, in a dozen lines of plain Java.
 *
 * <p>Besides {@code trySend} / {@code tryReceive} / {@code close}, three operations go through the
 * waiter queues without blocking, so that hand-overs, claims and withdrawals race each other:
 *
 * <ul>
 *   <li>{@code offerA}: queues as a waiting sender if the channel is full, then withdraws; if a
 *       receiver took the message meanwhile it counts as sent. Specified as {@code trySend}.
 *   <li>{@code pollA}: queues as a waiting receiver if the channel is empty, then withdraws; if a
 *       sender handed it a message meanwhile, that is the result. Specified as {@code tryReceive}.
 *   <li>{@code selectAThenB}: a select registering a receive case on A, then on B, then a default
 *       case claiming the select: exactly the claims a select makes. Specified as "A's head if any,
 *       else B's, else nothing".
 * </ul>
 */
@Param(name = "value", gen = IntGen.class, conf = "1:9")
public class ChannelLincheckTest {
  private final ChannelImpl<Integer> a = new ChannelImpl<>("a", 1);
  private final ChannelImpl<Integer> b = new ChannelImpl<>("b", 2);

  @Operation
  public boolean trySendA(@Param(name = "value") int v) {
    return a.trySend(v);
  }

  @Operation
  public boolean trySendB(@Param(name = "value") int v) {
    return b.trySend(v);
  }

  @Operation
  public Integer tryReceiveA() {
    return a.tryReceive();
  }

  @Operation
  public Integer tryReceiveB() {
    return b.tryReceive();
  }

  @Operation
  public boolean closeA() {
    return a.close();
  }

  @Operation
  public boolean offerA(@Param(name = "value") int v) {
    Probe p = new Probe(v);
    int r = a.send0(null, v, p);
    if (r != ChannelImpl.QUEUED) {
      return r == ChannelImpl.OK;
    }
    if (a.remove(p)) {
      return false;
    }
    return p.await() == ChannelImpl.OK;
  }

  @Operation
  public Integer pollA() {
    Catcher c = new Catcher();
    Object v = a.receive0(null, c);
    if (v == ChannelImpl.WAITING) {
      if (a.remove(c)) {
        return null;
      }
      v = c.await();
    }
    return v instanceof ChannelImpl.End ? null : (Integer) v;
  }

  @Operation
  public Integer selectAThenB() {
    SelectCase<?>[] cases = {a.onReceive(x -> null), b.onReceive(x -> null)};
    SelectRun run = new SelectRun(cases);
    FakeSuspension s = new FakeSuspension();
    run.suspension = s;
    SelectCase.Registration[] regs = new SelectCase.Registration[2];
    for (int i = 0; i < 2 && run.isOpen(); i++) {
      regs[i] = register(cases[i], new Arm(run, i));
    }
    if (new Arm(run, 2).tryClaim()) {
      s.resume(null); // the default case won
    }
    Object v = s.await();
    for (SelectCase.Registration r : regs) {
      if (r != null) {
        r.cancel();
      }
    }
    return v == null ? null : run.value instanceof ChannelImpl.End ? null : (Integer) run.value;
  }

  @SuppressWarnings("unchecked")
  private static SelectCase.Registration register(SelectCase<?> c, Arm arm) {
    try {
      return ((SelectCase<Object>) c).register(arm);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void modelChecking() {
    // Lincheck 2.x instruments classes with an ASM that cannot read JDK 25's class files (major
    // version 69): monitors in classes it failed to transform escape its scheduler, and a correct
    // run was reported as hung on Temurin 25. The stress mode below runs real threads everywhere.
    assumeTrue(Runtime.version().feature() < 25,
        "Lincheck 2.x model checking cannot instrument JDK " + Runtime.version().feature() + " classes");
    ModelCheckingOptions options = new ModelCheckingOptions()
        .iterations(30)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Model.class);
    new LinChecker(ChannelLincheckTest.class, options).check();
  }

  @Test
  void stress() {
    StressOptions options = new StressOptions()
        .iterations(30)
        .invocationsPerIteration(1_000)
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Model.class);
    new LinChecker(ChannelLincheckTest.class, options).check();
  }

  /** What the operations mean, sequentially. */
  public static final class Model {
    private final java.util.ArrayDeque<Integer> a = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<Integer> b = new java.util.ArrayDeque<>();
    private boolean closedA;

    public boolean trySendA(int v) {
      return !closedA && a.size() < 1 && a.add(v);
    }

    public boolean trySendB(int v) {
      return b.size() < 2 && b.add(v);
    }

    public Integer tryReceiveA() {
      return a.poll();
    }

    public Integer tryReceiveB() {
      return b.poll();
    }

    public boolean closeA() {
      boolean was = closedA;
      closedA = true;
      return !was;
    }

    public boolean offerA(int v) {
      return trySendA(v);
    }

    public Integer pollA() {
      return a.poll();
    }

    /** A's head; else A's end if it is closed (an ended channel's case wins, with nothing); else B's. */
    public Integer selectAThenB() {
      return !a.isEmpty() || closedA ? a.poll() : b.poll();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Model && ((Model) o).closedA == closedA
          && java.util.List.copyOf(((Model) o).a).equals(java.util.List.copyOf(a))
          && java.util.List.copyOf(((Model) o).b).equals(java.util.List.copyOf(b));
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(java.util.List.copyOf(a), java.util.List.copyOf(b), closedA);
    }
  }

  /** A sender that withdraws or waits for the hand-over already under way. */
  private static final class Probe extends Sender {
    private volatile int result = -1;

    Probe(Object item) {
      super(item);
    }

    @Override
    void sent() {
      result = ChannelImpl.OK;
    }

    @Override
    void closed(ChannelImpl<?> channel) {
      result = ChannelImpl.CLOSED;
    }

    int await() {
      int r;
      while ((r = result) == -1) {
        Thread.onSpinWait();
      }
      return r;
    }
  }

  /** A receiver that withdraws or waits for the hand-over already under way. */
  private static final class Catcher extends Receiver {
    private volatile Object value;

    @Override
    void deliver(ChannelImpl<?> channel, Object v) {
      value = v;
    }

    Object await() {
      Object v;
      while ((v = value) == null) {
        Thread.onSpinWait();
      }
      return v;
    }
  }

  /** Stands for the selecting task: takes the first resume. */
  private static final class FakeSuspension implements Suspension<Object> {
    private static final Object EMPTY = new Object();
    private final AtomicReference<Object> value = new AtomicReference<>(EMPTY);

    @Override
    public boolean resume(Object v) {
      return value.compareAndSet(EMPTY, v == null ? EMPTY_RESULT : v);
    }

    @Override
    public boolean fail(Throwable error) {
      throw new AssertionError("unexpected failure", error);
    }

    @Override
    public boolean isPending() {
      return value.get() == EMPTY;
    }

    private static final Object EMPTY_RESULT = new Object();

    /** @return null if the default case won, else the run */
    Object await() {
      Object v;
      while ((v = value.get()) == EMPTY) {
        Thread.onSpinWait();
      }
      return v == EMPTY_RESULT ? null : v;
    }
  }
}
