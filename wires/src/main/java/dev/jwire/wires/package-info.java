/**
 * The wider library of wires built on {@code dev.jwire.engine}: timers, timeouts, all/any/race,
 * blocking offload, channels and select, mailboxes, synchronisation and supervision. It grows
 * issue by issue; the core algebra (call, then, times, forever, sleep) lives beside
 * {@link dev.jwire.engine.Wire} in the engine.
 *
 * <h2>Blocking and CPU-bound work</h2>
 *
 * <p>A step must never block its loop thread. Work that blocks (files, JDBC, a legacy client) or
 * computes for long goes to worker threads through {@link dev.jwire.wires.Blocking}:
 *
 * <ul>
 *   <li>{@link dev.jwire.wires.Blocking#call(java.util.concurrent.Callable,
 *       java.util.function.Function) Blocking.call(work, then)} runs {@code work} on a worker and
 *       continues on the task's loop thread with {@code then.apply(result)} (ayo's {@code aside});
 *   <li>{@link dev.jwire.wires.Blocking#callOn(String, java.util.concurrent.Callable,
 *       java.util.function.Function) Blocking.callOn("db", ...)} does so on an executor registered
 *       by name with {@link dev.jwire.wires.BlockingExecutors} (ayo's {@code aside_in});
 *   <li>{@link dev.jwire.wires.Blocking#parallel(dev.jwire.engine.Wire) Blocking.parallel(wire)}
 *       runs a whole state machine with its steps on workers (asyncframes' {@code PFrame}).
 * </ul>
 *
 * <p>Work runs on {@link dev.jwire.wires.BlockingPool#defaultPool()} unless told otherwise: a
 * bounded pool on virtual threads (JDK 21+) or platform threads (JDK 17-20), which loop threads
 * can hand work to without ever blocking. Cancelling a task interrupts its running work.
 *
 * <h2>Supervision and hot swap</h2>
 *
 * <ul>
 *   <li>{@link dev.jwire.wires.Monitor} tells a wire, a callback or a {@code Mono} how another task
 *       ended, as an {@link dev.jwire.wires.Outcome} (asyncoro's monitoring);
 *   <li>{@link dev.jwire.wires.Supervisor} restarts child wires when they end (Erlang/OTP's
 *       supervisor): {@link dev.jwire.wires.Restart} types, a {@link dev.jwire.wires.RestartPolicy}
 *       with {@link dev.jwire.wires.Backoff} and an intensity limit past which it gives up with a
 *       {@link dev.jwire.wires.RestartLimitException}, and a {@link dev.jwire.wires.RestartLog};
 *   <li>{@link dev.jwire.wires.HotSwap} replaces a named machine's code while it runs, with an
 *       optional migration of its state (asyncoro's hot-swapping, Erlang's {@code code_change}).
 * </ul>
 *
 * <h2>Message passing and synchronisation</h2>
 *
 * <ul>
 *   <li>{@link dev.jwire.wires.Channel}: a FIFO between wires and plain threads, bounded,
 *       rendezvous or unbounded; wires {@code send}/{@code receive} without holding a thread,
 *       threads {@code put}/{@code take}; a Reactor {@code Flux} and {@code Subscriber} bridge.
 *   <li>{@link dev.jwire.wires.Select}: the first ready of several cases (channel receives and
 *       sends, timers, wires finishing, or any {@link dev.jwire.wires.SelectCase}).
 *   <li>{@link dev.jwire.wires.Broadcast}: every subscriber gets every message, with a policy for
 *       slow subscribers.
 *   <li>{@link dev.jwire.wires.Lock}, {@link dev.jwire.wires.Semaphore}, {@link
 *       dev.jwire.wires.Event}, {@link dev.jwire.wires.Condition}: asyncio-style primitives whose
 *       waits suspend the wire.
 * </ul>
 *
 * <h2>Mailboxes, state machines and go</h2>
 *
 * <ul>
 *   <li>{@link dev.jwire.wires.Mailbox}: a task's own channel, which only the task receives from;
 *       closed when the task ends, its leftovers reported. {@link dev.jwire.wires.Mailboxes} sends
 *       to it by task or by a name registered in the loop.
 *   <li>{@link dev.jwire.wires.StateMachine}: Erlang's {@code gen_statem} on a mailbox, with
 *       postponed messages and state timeouts.
 *   <li>{@link dev.jwire.wires.Go}: spool's {@code go}, a blocking function on a worker with a
 *       two-way {@link dev.jwire.wires.GoChannel}.
 * </ul>
 *
 * <p>All are built on {@link dev.jwire.engine.Wire#suspend}: a waiter is a node in a queue that
 * holds the task's suspension; whoever ends the wait resumes it, from any thread, outside the
 * primitive's lock.
 */
package dev.jwire.wires;
