package dev.jwire.wires;

import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.internal.Checks;
import java.util.function.Function;

/**
 * The wire's end of a function started with {@link Go#go}: what it sends goes to the function's
 * {@link Go.Self#get()}, what the function {@link Go.Self#put puts} comes out here.
 *
 * <pre>
 *   wire side                        worker thread
 *   send / put   ──input──────────▶  self.get()
 *   receive / take ◀──output──────   self.put(...)
 *   close()  = end of input           return = end of output; throw = output fails
 *   cancel() = interrupt
 * </pre>
 *
 * <p>Both directions are {@link Channel}s, with their guarantees and their three ways of use:
 * wires ({@link #send}, {@link #receive}), plain threads ({@link #put}, {@link #take}), anyone
 * ({@link #input()}{@code .trySend}, {@link #output()}{@code .tryReceive}).
 *
 * <p><b>The end.</b> When the function returns, the output ends once drained ({@code receive} is
 * done, or continues with its {@code onEnd}); when it throws, receivers fail with a {@link
 * ChannelClosedException} caused by that error, and the task fails with it too (without reaching
 * the scope: the channel carries it). Either way the input closes: later sends are refused.
 *
 * <p><b>Threading.</b> Every method may be called from any thread; {@code put} and {@code take}
 * only from plain threads.
 *
 * @param <I> what the wire sends to the function
 * @param <O> what the function sends back
 */
public final class GoChannel<I, O> {
  private final SendChannel<I> input;
  private final ReceiveChannel<O> output;
  private final Task task;

  GoChannel(SendChannel<I> input, ReceiveChannel<O> output, Task task) {
    this.input = input;
    this.output = output;
    this.task = task;
  }

  /** @return the channel to the function: its {@code close()} is {@link #close()} */
  public SendChannel<I> input() {
    return input;
  }

  /** @return the channel from the function */
  public ReceiveChannel<O> output() {
    return output;
  }

  /** @return the task that runs the function on a worker: monitor it, or cancel it */
  public Task task() {
    return task;
  }

  /**
   * A wire that sends {@code value} to the function, waiting (without a thread) while the input is
   * full, then continues with {@code next}.
   *
   * @param value the value; not null
   * @param next the successor
   * @return the wire; it fails with {@link ChannelClosedException} once the function has ended
   */
  public Wire send(I value, Wire next) {
    return input.send(value, Checks.notNull(next, "next"));
  }

  /**
   * A wire that takes the function's next value and continues with {@code then.apply(value)}; at
   * the end of the output (the function returned) it is done; if the function threw, it fails.
   *
   * @param then makes the successor from the value
   * @return the wire
   */
  public Wire receive(Function<? super O, ? extends Wire> then) {
    return output.receive(then);
  }

  /**
   * Like {@link #receive(Function)}, continuing with {@code onEnd} once the function has returned
   * and its output is drained.
   *
   * @param then makes the successor from the value
   * @param onEnd the successor at the end
   * @return the wire
   */
  public Wire receive(Function<? super O, ? extends Wire> then, Wire onEnd) {
    return output.receive(then, onEnd);
  }

  /**
   * Sends {@code value} to the function from a plain thread, blocking while the input is full.
   *
   * @param value the value; not null
   * @throws InterruptedException if interrupted while waiting
   * @throws ChannelClosedException if the function has ended
   */
  public void put(I value) throws InterruptedException {
    input.put(value);
  }

  /**
   * Takes the function's next value on a plain thread, blocking while there is none.
   *
   * @return the value, or null once the function has returned and its output is drained
   * @throws InterruptedException if interrupted while waiting
   * @throws ChannelClosedException at the end of the output if the function threw
   */
  public O take() throws InterruptedException {
    return output.take();
  }

  /**
   * Closes the input: the function's {@code get()} returns null once it has taken what was sent,
   * and its {@code isOpen()} says false. The way to ask a function that reads until the end to
   * finish. Idempotent.
   *
   * @return whether this call closed it
   */
  public boolean close() {
    return input.close();
  }

  /**
   * Cancels the function's task: a function not started yet never starts; a running one has its
   * thread interrupted (its blocked {@code get} or {@code put} throws {@link
   * InterruptedException}). Both channels close; the output ends normally, and {@link #task()} is
   * {@code CANCELLED}.
   */
  public void cancel() {
    task.cancel();
  }

  /** @return whether the function may still send: its output is open (spool's {@code alive}) */
  public boolean isOpen() {
    return output.isOpen();
  }

  @Override
  public String toString() {
    return "GoChannel[" + task.name() + (isOpen() ? "]" : ", ended]");
  }
}
