package dev.jwire.engine.internal;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Teaches BlockHound about jwire: loop threads are non-blocking (they are Reactor {@code
 * NonBlocking} threads), and the only place they may block is the worker's idle wait for work (a park, or a select when the
 * thread does I/O).
 * Registered through {@code ServiceLoader}, so {@code BlockHound.install()} picks it up.
 */
public final class JwireBlockHoundIntegration implements BlockHoundIntegration {
  @Override
  public void applyTo(BlockHound.Builder builder) {
    builder.nonBlockingThreadPredicate(p -> p.or(LoopThread.class::isInstance));
    builder.allowBlockingCallsInside(LoopWorker.class.getName(), "park");
    builder.allowBlockingCallsInside(IoSelector.class.getName(), "select");
  }
}
