package dev.jwire.wires;

import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK against {@link ReceiveChannel#asFlux()}. Each publisher is a channel fed
 * through {@link SendChannel#subscriber()} by a range (so the back-pressured bridge is exercised in
 * both directions), or an unbounded count for the tests that need a long stream. Runs under JUnit
 * through testng-engine.
 */
public class ChannelPublisherTckTest extends PublisherVerification<Long> {

  public ChannelPublisherTckTest() {
    super(new TestEnvironment(500, 50));
  }

  @Override
  public Publisher<Long> createPublisher(long elements) {
    Flux<Long> source = elements == Long.MAX_VALUE
        ? Flux.<Long, Long>generate(() -> 0L, (i, sink) -> {
          sink.next(i);
          return i + 1;
        })
        : Flux.range(0, (int) Math.min(elements, Integer.MAX_VALUE)).map(i -> (long) i);
    return Channel.from(source, 16).asFlux();
  }

  @Override
  public Publisher<Long> createFailedPublisher() {
    Channel<Long> ch = Channel.bounded(1);
    ch.close(new IllegalStateException("the producer failed"));
    return ch.asFlux();
  }

  @Override
  public long maxElementsFromPublisher() {
    return Integer.MAX_VALUE;
  }
}
