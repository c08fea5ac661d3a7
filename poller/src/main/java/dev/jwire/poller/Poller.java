package dev.jwire.poller;

import dev.jwire.engine.Scope;
import dev.jwire.engine.ScopeOptions;
import dev.jwire.engine.Suspension;
import dev.jwire.engine.Task;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.Checks;
import java.nio.channels.SelectableChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;

/**
 * aiowire's {@code Poller}: a wire that maps channels to callback wires. While it runs, each
 * registered channel is watched for its operations on the loop thread's own selector (epoll on
 * Linux), and when it is ready its callback wire runs as a task of the poller's scope.
 *
 * <pre>{@code
 * Poller poller = new Poller();
 * poller.register(pipe.source(), SelectionKey.OP_READ, (ch, ops) -> readSome(ch));
 * poller.register(server, SelectionKey.OP_ACCEPT, Wire.call(() -> accept(server)));
 * loop.start(poller);
 * ...
 * poller.shutdown();
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>A channel's readiness is not reported again while its callback runs, so a callback never
 *       runs twice at once; watching resumes when it ends (read what is there, or it fires again).
 *   <li>Callbacks run as tasks on the loop, never inside the selector's processing.
 *   <li>A channel can be registered once: a second registration fails with a clear error. A
 *       callback that fails unregisters its channel and goes to {@link #onError}; the other
 *       channels go on.
 *   <li>{@link #register}, {@link #unregister} and {@link #shutdown} may be called from any thread,
 *       before or while the poller runs. The poller wire ends when {@code shutdown()} is called.
 *   <li>Closing the loop closes its selectors; the channels stay their owners' to close.
 * </ul>
 */
public final class Poller implements Wire {
  private static final System.Logger LOG = System.getLogger(Poller.class.getName());

  /** Computes the callback wire for a ready channel. */
  @FunctionalInterface
  public interface ReadyHandler {
    /**
     * @param channel the ready channel
     * @param readyOps the operations it is ready for
     * @return the wire to run now; null for nothing
     */
    Wire onReady(SelectableChannel channel, int readyOps);
  }

  private final String name;
  private final Map<SelectableChannel, Registration> registrations = new ConcurrentHashMap<>();
  private volatile BiConsumer<? super SelectableChannel, ? super Throwable> onError =
      (ch, e) -> LOG.log(System.Logger.Level.WARNING, () -> "poller callback for " + ch + " failed: " + e, e);
  private final Object lock = new Object();
  private Scope scope; // guarded by lock
  private Suspension<Boolean> running; // guarded by lock
  private boolean shutdown; // guarded by lock
  private boolean started; // guarded by lock

  /** A poller named {@code poller}. */
  public Poller() {
    this("poller");
  }

  /**
   * @param name the poller's name in paths and dumps
   */
  public Poller(String name) {
    this.name = Checks.notBlank(name, "name");
  }

  private final class Registration {
    final SelectableChannel channel;
    final int ops;
    final ReadyHandler handler;
    volatile Task task;
    volatile boolean removed;

    Registration(SelectableChannel channel, int ops, ReadyHandler handler) {
      this.channel = channel;
      this.ops = ops;
      this.handler = handler;
    }

    Wire watch() {
      return Wire.awaitReady(channel, ops, ready -> {
        if (removed) {
          return null;
        }
        Wire callback = handler.onReady(channel, ready);
        return callback == null ? watch() : callback.then(Wire.defer(ctx -> removed ? Wire.nothing() : watch()));
      });
    }

    void start(Scope s) {
      task = s.start(
          Wire.named("watch " + channel.getClass().getSimpleName(), watch()),
          (ctx, error) -> {
            registrations.remove(channel, this);
            onError.accept(channel, error);
          });
    }
  }

  /**
   * Watches {@code channel} for {@code ops} and runs {@code callback} each time it is ready.
   *
   * @param channel the channel; switched to non-blocking mode when watched
   * @param ops some of {@code SelectionKey.OP_*}, valid for the channel
   * @param callback the wire to run; run anew each time
   * @return this
   * @throws IllegalStateException if the channel is registered already, or the poller was shut down
   */
  public Poller register(SelectableChannel channel, int ops, Wire callback) {
    Checks.notNull(callback, "callback");
    return register(channel, ops, (ch, ready) -> callback);
  }

  /**
   * Watches {@code channel} for {@code ops}; when it is ready, runs the wire {@code handler}
   * computes.
   *
   * @param channel the channel; switched to non-blocking mode when watched
   * @param ops some of {@code SelectionKey.OP_*}, valid for the channel
   * @param handler computes the callback wire from the channel and its ready operations
   * @return this
   * @throws IllegalStateException if the channel is registered already, or the poller was shut down
   */
  public Poller register(SelectableChannel channel, int ops, ReadyHandler handler) {
    Checks.notNull(channel, "channel");
    Checks.notNull(handler, "handler");
    if (ops == 0 || (ops & ~channel.validOps()) != 0) {
      throw new IllegalArgumentException(
          "ops : " + ops + " (expected: a non-empty subset of " + channel.validOps() + ", the operations "
              + channel.getClass().getSimpleName() + " supports)");
    }
    Registration r = new Registration(channel, ops, handler);
    synchronized (lock) {
      if (shutdown) {
        throw new IllegalStateException("poller '" + name + "' is shut down: register() is not allowed after shutdown()");
      }
      if (registrations.putIfAbsent(channel, r) != null) {
        throw new IllegalStateException(
            channel + " is registered with poller '" + name + "' already: unregister it first");
      }
      if (scope != null) {
        r.start(scope);
      }
    }
    return this;
  }

  /**
   * Stops watching {@code channel}, cancelling its callback if one runs. Does nothing if it is not
   * registered.
   *
   * @param channel the channel
   * @return whether it was registered
   */
  public boolean unregister(SelectableChannel channel) {
    Registration r = registrations.remove(Checks.notNull(channel, "channel"));
    if (r == null) {
      return false;
    }
    r.removed = true;
    Task t = r.task;
    if (t != null) {
      t.cancel();
    }
    return true;
  }

  /** @return whether {@code channel} is registered */
  public boolean isRegistered(SelectableChannel channel) {
    return registrations.containsKey(channel);
  }

  /**
   * @param handler gets the channel and error of a callback that failed (its channel is
   *     unregistered); by default they are logged
   * @return this
   */
  public Poller onError(BiConsumer<? super SelectableChannel, ? super Throwable> handler) {
    onError = Checks.notNull(handler, "handler");
    return this;
  }

  /** Unregisters every channel and ends the poller wire. Idempotent; any thread. */
  public void shutdown() {
    Suspension<Boolean> r;
    synchronized (lock) {
      shutdown = true;
      r = running;
      running = null;
    }
    for (SelectableChannel ch : registrations.keySet()) {
      unregister(ch);
    }
    if (r != null) {
      r.resume(Boolean.TRUE);
    }
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Mono.just(Wire.scope(ScopeOptions.defaults().named(name).supervised(), this::open));
  }

  private void open(Scope s) {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("poller '" + name + "' is running already: start it once");
      }
      started = true;
      if (shutdown) {
        return;
      }
      scope = s;
      for (Registration r : registrations.values()) {
        r.start(s);
      }
    }
    // the scope stays open until shutdown(), even with nothing registered
    s.start(Wire.named("until shutdown", Wire.<Boolean>suspend(
        (c, suspension) -> {
          boolean now;
          synchronized (lock) {
            now = shutdown;
            if (!now) {
              running = suspension;
            }
          }
          if (now) {
            suspension.resume(Boolean.TRUE);
          }
        },
        done -> null)));
  }

  @Override
  public String name() {
    return name;
  }
}
