package dev.jwire.wires;

import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;

/**
 * One case of a {@link Select#select select}: something that may become ready, and what the
 * selecting wire does if it is the case that wins. Channels make their cases with {@link
 * ReceiveChannel#onReceive} and {@link SendChannel#onSend}; {@link Select} has timers and wires
 * finishing. This class is also the SPI for new kinds of cases: any source of completions can take
 * part in a select by extending it.
 *
 * <p>A case is an immutable description, like a wire: the same case may serve any number of selects,
 * one after another or at once. What one select's registration needs lives in the {@link Selection}
 * and in the {@link Registration} that {@link #register} returns.
 *
 * <p><b>Protocol.</b> When a select runs, it calls {@link #register} on every case (in a random
 * order, for fairness) on the selecting task's thread. A case that is ready at once completes its
 * selection right there; otherwise it arranges for it to be completed later, from any thread.
 * The first completed selection wins; every registration (the winner's too) is then {@link
 * Registration#cancel cancelled}, on the task's thread, and the winner's {@link #selected} returns
 * the wire to run next.
 *
 * <pre>{@code
 * // a case that wins when a CompletableFuture completes
 * final class OnFuture<V> extends SelectCase<V> {
 *   public Registration register(Selection<V> s) {
 *     future.thenAccept(s::trySelect);
 *     return null;                                // nothing to undo
 *   }
 *   public Wire selected(WireContext ctx, V value) { return then.apply(value); }
 * }
 * }</pre>
 *
 * <p><b>Values are never lost.</b> A source that hands a value over ({@link Selection#trySelect},
 * {@link Selection#complete}) still owns it when that call returns false; a value that was accepted
 * but could not be used because the task was cancelled comes back through {@link #undelivered}.
 *
 * @param <V> the type of the value the case wins with
 */
public abstract class SelectCase<V> {

  /** For subclasses. */
  protected SelectCase() {}

  /**
   * Registers this case with one running select; on the selecting task's thread.
   *
   * @param selection the handle that completes the select with this case
   * @return what undoes the registration when the select ends, or null if there is nothing to undo
   * @throws Exception to fail the select (registrations made so far are cancelled)
   */
  public abstract Registration register(Selection<V> selection) throws Exception;

  /**
   * This case won with {@code value}: returns the wire to run next; on the task's thread.
   *
   * @param ctx the selecting task
   * @param value the value the case completed with
   * @return the successor, or null when the wire is done
   * @throws Exception to fail the task's step
   */
  public abstract Wire selected(WireContext ctx, V value) throws Exception;

  /**
   * This case won with {@code value}, but the task was cancelled before it could take it: give the
   * value back to where it came from. On the task's thread. By default does nothing.
   *
   * @param value the value
   */
  public void undelivered(V value) {}

  /**
   * Whether this case may become ready through something outside the loop (a plain thread, a
   * socket, a future completed elsewhere) rather than the loop's own tasks and timers. A select
   * with such a case tells a virtual-time loop to give it real time before jumping ahead (see
   * {@link dev.jwire.engine.Suspender#waitsOnOutside()}). Default: false; override it for such
   * sources.
   *
   * @return whether the case waits on the outside world
   */
  public boolean waitsOnOutside() {
    return false;
  }

  /** @return a short description for paths and dumps */
  public String name() {
    return getClass().getSimpleName();
  }

  /** Undoes one registration: stop watching, take waiters out of queues. Must be idempotent. */
  @FunctionalInterface
  public interface Registration {
    /** Cancels the registration; on the selecting task's thread. */
    void cancel();
  }
}
