package dev.jwire.engine;

/**
 * Receives the error that ended a task, at most once per started chain (aiowire's
 * {@code start(wire, handler)}).
 *
 * <p><b>Threading.</b> Called on the task's loop thread, after the task has ended.
 *
 * <p><b>Errors.</b> If the handler throws, {@link EventLoop#run()} fails with an {@link
 * UnhandledWireException} whose cause is the original error; the handler's own exception is
 * attached as suppressed. Nothing is lost.
 */
@FunctionalInterface
public interface WireErrorHandler {

  /**
   * Handles {@code error}.
   *
   * @param ctx the failed task's context: its loop ({@code ctx.loop()}), its path at the failure,
   *     and {@code ctx.start(...)} to start other wires in its place
   * @param error what the step threw or its {@code Mono} signalled, unwrapped
   */
  void onError(WireContext ctx, Throwable error);
}
