package dev.jwire.engine;

import reactor.core.publisher.Mono;

/**
 * A synchronous state written as a class of its own: the object is the wire. The runner calls
 * {@link #step} directly, as it does for {@link Wire#sync}, with no {@code Mono} per step.
 *
 * <p>Use it when a state carries fields (a connection, a counter, a deadline): the task then holds
 * the state object itself, where {@code Wire.sync(this::step)} would put two more objects (the
 * wire and the method reference) between the task and those fields. With many thousands of tasks
 * that each wake rarely, every object a step reads is a cache miss, so this is the fastest way to
 * write a timer loop.
 *
 * <pre>{@code
 * final class Heartbeat implements SyncState {
 *   private final Peer peer;
 *   private int sent;
 *
 *   Heartbeat(Peer peer) { this.peer = peer; }
 *
 *   @Override
 *   public Wire step(WireContext ctx) {
 *     peer.ping(++sent);
 *     return Wire.sleep(Duration.ofSeconds(1)).then(this);
 *   }
 * }
 * loop.start(new Heartbeat(peer));
 * }</pre>
 */
@FunctionalInterface
public interface SyncState extends Wire {

  /**
   * Runs this state once, on the task's thread.
   *
   * @param ctx the running task
   * @return the successor, or {@code null} when the machine is done
   */
  Wire step(WireContext ctx);

  /**
   * The same step in Reactor form, for code that runs wires by hand; the loop calls {@link #step}.
   *
   * @param ctx the running task
   * @return the successor, or empty when the machine is done
   */
  @Override
  default Mono<Wire> run(WireContext ctx) {
    return Mono.fromSupplier(() -> step(ctx));
  }
}
