package dev.jwire.engine.internal;

import reactor.core.scheduler.NonBlocking;

/**
 * A thread owned by an event loop. It is {@link NonBlocking}: Reactor's blocking operators refuse
 * to block on it, and BlockHound reports any blocking call made on it.
 */
public final class LoopThread extends Thread implements NonBlocking {
  LoopThread(Runnable body, String name) {
    super(body, name);
    setDaemon(true);
  }
}
