/**
 * jwire's engine: wires, the event loop, tasks, clock and timers.
 *
 * <p>Exports only the API package; {@code dev.jwire.engine.internal} stays private.
 */
module dev.jwire.engine {
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires static reactor.blockhound;

  exports dev.jwire.engine;

  provides reactor.blockhound.integration.BlockHoundIntegration with
      dev.jwire.engine.internal.JwireBlockHoundIntegration;
}
