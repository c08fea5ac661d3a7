package dev.jwire.wires.internal;

import dev.jwire.engine.Suspension;
import dev.jwire.engine.Wire;
import dev.jwire.engine.WireContext;
import dev.jwire.engine.internal.StepWire;
import dev.jwire.engine.internal.TaskImpl;
import reactor.core.publisher.Mono;

/** {@code broadcast.send(value, next)}: suspends while {@code WAIT} subscribers are full. */
final class BroadcastSendWire extends StepWire {
  private final BroadcastImpl<?> broadcast;
  private final Object value;
  private final Wire next;

  BroadcastSendWire(BroadcastImpl<?> broadcast, Object value, Wire next) {
    this.broadcast = broadcast;
    this.value = value;
    this.next = next;
  }

  @Override
  public Wire step(TaskImpl task) throws Throwable {
    if (broadcast.trySend0(value)) {
      return next; // no full WAIT subscriber: nothing to wait for
    }
    return task.suspend(new Waiter());
  }

  @Override
  public Mono<Wire> run(WireContext ctx) {
    return Wire.suspend(new Waiter()).run(ctx);
  }

  @Override
  public String name() {
    return "send " + broadcast.name();
  }

  /** One send: the suspender of the task's wait and the delivery its parts count down. */
  private final class Waiter extends WaitNode {
    private final BroadcastImpl.Delivery delivery = new BroadcastImpl.Delivery() {
      @Override
      void done() {
        suspension.resume(Boolean.TRUE);
      }
    };
    private Suspension<Object> suspension;

    @Override
    public void suspend(WireContext ctx, Suspension<Object> s) {
      suspension = s;
      broadcast.offer(value, delivery);
    }

    @Override
    public Wire resumed(WireContext ctx, Object ack) {
      return next;
    }

    @Override
    public void cancelled(Suspension<Object> s) {
      delivery.withdraw();
    }

    @Override
    public String name() {
      return BroadcastSendWire.this.name();
    }
  }
}
