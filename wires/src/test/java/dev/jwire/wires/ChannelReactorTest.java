package dev.jwire.wires;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jwire.engine.EventLoop;
import dev.jwire.engine.Wire;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** The Reactor bridges: {@code asFlux()} (the channel as a publisher) and {@code subscriber()}. */
class ChannelReactorTest {

  @org.junit.jupiter.api.BeforeAll
  static void boundTheVerifiers() {
    StepVerifier.setDefaultTimeout(Duration.ofSeconds(10));
  }

  @org.junit.jupiter.api.AfterAll
  static void resetTheVerifiers() {
    StepVerifier.resetDefaultTimeout();
  }

  @Test
  void asFlux_takesAMessageOnlyWhenRequested() {
    Channel<Integer> ch = Channel.bounded(8);
    for (int i = 1; i <= 5; i++) {
      ch.trySend(i);
    }
    StepVerifier.create(ch.asFlux(), 0)
        .expectSubscription()
        .then(() -> assertThat(ch.size()).isEqualTo(5))
        .thenRequest(2)
        .expectNext(1, 2)
        .then(() -> assertThat(ch.size()).as("nothing taken beyond demand").isEqualTo(3))
        .thenRequest(3)
        .expectNext(3, 4, 5)
        .then(ch::close)
        .verifyComplete();
  }

  @Test
  void asFlux_waitsForMessagesSentLater() {
    Channel<String> ch = Channel.rendezvous();
    StepVerifier.create(ch.asFlux())
        .then(() -> assertThat(ch.trySend("late")).as("a subscriber with demand waits as a receiver").isTrue())
        .expectNext("late")
        .then(() -> ch.close(new IllegalStateException("producer failed")))
        .verifyErrorSatisfies(e -> assertThat(e).isInstanceOf(ChannelClosedException.class)
            .hasRootCauseMessage("producer failed"));
  }

  @Test
  void asFlux_cancelled_leavesTheQueue_andTakesNothing() {
    Channel<String> ch = Channel.bounded(2);
    StepVerifier.create(ch.asFlux()).expectSubscription().thenCancel().verify();
    assertThat(ch.statistics().waitingReceivers()).isZero();
    ch.trySend("kept");
    assertThat(ch.tryReceive()).isEqualTo("kept");
  }

  @Test
  void asFlux_twoSubscribers_shareTheMessages_eachExactlyOnce() {
    Channel<Integer> ch = Channel.bounded(16);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    Flux<Integer> a = ch.asFlux().doOnNext(seen::add);
    Flux<Integer> b = ch.asFlux().doOnNext(seen::add);
    Flux.range(0, 1_000).subscribe(ch.subscriber());
    StepVerifier.create(Flux.merge(a, b).count()).expectNext(1_000L).verifyComplete();
    assertThat(seen).hasSize(1_000).doesNotHaveDuplicates();
  }

  @Test
  void subscriber_requestsOnlyAsTheChannelTakesMessages() {
    Channel<Integer> ch = Channel.bounded(4);
    AtomicLong requested = new AtomicLong();
    AtomicLong emitted = new AtomicLong();
    Flux.range(0, 100)
        .doOnRequest(requested::addAndGet)
        .doOnNext(i -> emitted.incrementAndGet())
        .subscribe(ch.subscriber());
    assertThat(requested).as("the capacity, up front").hasValue(4);
    int received = 0;
    while (received < 100) {
      assertThat(emitted.get() - received).as("never more outside the consumer than the capacity").isLessThanOrEqualTo(4);
      if (ch.tryReceive() != null) {
        received++;
      }
    }
    assertThat(ch.isEnded()).as("completion closed the channel").isTrue();
  }

  @Test
  void subscriber_slowConsumer_slowsThePublisherDown_withoutLosingMessages() throws Exception {
    Channel<Integer> ch = Channel.bounded(2);
    TestPublisher<Integer> source = TestPublisher.create();
    source.subscribe(ch.subscriber());
    source.assertMinRequested(2);
    source.next(1, 2);
    assertThat(ch.size()).isEqualTo(2);
    source.assertMaxRequested(0);
    assertThat(ch.take()).isEqualTo(1);
    assertThat(ch.take()).isEqualTo(2);
    source.assertMinRequested(1);
    source.next(3).complete();
    assertThat(ch.take()).isEqualTo(3);
    assertThat(ch.take()).isNull();
  }

  @Test
  void subscriber_publisherError_closesTheChannelWithItAfterTheMessages() {
    Channel<Integer> ch = Channel.bounded(4);
    Flux.just(1, 2).concatWith(Flux.error(new IllegalArgumentException("upstream broke"))).subscribe(ch.subscriber());
    StepVerifier.create(ch.asFlux())
        .expectNext(1, 2)
        .verifyErrorSatisfies(e -> assertThat(e).isInstanceOf(ChannelClosedException.class)
            .hasCauseInstanceOf(IllegalArgumentException.class));
  }

  @Test
  void subscriber_channelClosedBySomeoneElse_cancelsThePublisher() {
    Channel<Integer> ch = Channel.bounded(1);
    AtomicBoolean cancelled = new AtomicBoolean();
    Flux.range(0, 10).doOnCancel(() -> cancelled.set(true)).subscribe(ch.subscriber());
    ch.close();
    assertThat(ch.tryReceive()).isZero();
    await().untilTrue(cancelled);
  }

  @Test
  void from_feedsAWireConsumer_withBackPressure() {
    Channel<Integer> ch = Channel.from(Flux.range(1, 10_000), 32);
    AtomicLong sum = new AtomicLong();
    try (EventLoop loop = EventLoop.builder().threads(2).build()) {
      loop.start(ch.forEach(sum::addAndGet));
      assertThat(loop.run(Duration.ofSeconds(20))).isTrue();
    }
    assertThat(sum).hasValue(10_000L * 10_001 / 2);
  }

  @Test
  void asFlux_isConsumedByAWireProducerAcrossThreads() {
    Channel<Integer> ch = Channel.bounded(4);
    try (EventLoop loop = EventLoop.create()) {
      Wire[] produce = new Wire[1];
      int[] next = {0};
      produce[0] = Wire.defer(ctx -> next[0] < 500 ? ch.send(next[0]++, produce[0]) : Wire.call(() -> ch.close()));
      loop.start(produce[0]);
      StepVerifier.create(ch.asFlux().limitRate(3).count()).expectNext(500L).verifyComplete();
    }
  }
}
