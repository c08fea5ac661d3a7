package dev.jwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwire.engine.EventLoop;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionProtocolTest {

  /**
   * The peer loses the first SYN: the connect state timeout fires at 0.6 s and the machine retries
   * in the same state (data stays postponed: keep state does not replay); the ack at 0.7 s is a
   * state change, which cancels the timeout and delivers the postponed data in the order it was
   * sent. Data sent while closing is still postponed when the machine stops: it is reported.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void postponedDataReachesThePeerInOrder_onceConnected_afterARetry(String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    List<String> acked = ConnectionProtocol.run(builder.get(), lines::add);

    assertThat(acked).containsExactly("early", "hello", "world");
    assertThat(lines).containsExactly(
        "[0.000s] conn: 'early' postponed (not connected)",
        "[0.100s] conn: SYN, attempt 1",
        "[0.100s] conn: 'early' postponed (connecting)",      // replayed after the change, postponed again
        "[0.100s] peer: SYN 1 lost",
        "[0.300s] conn: 'hello' postponed (connecting)",
        "[0.400s] conn: 'world' postponed (connecting)",
        "[0.600s] conn: connect timed out",
        "[0.600s] conn: SYN, attempt 2",
        "[0.700s] conn: connected after 2 attempt(s)",
        "[0.700s] conn: sends 'early'",
        "[0.700s] conn: sends 'hello'",
        "[0.700s] conn: sends 'world'",
        "[0.800s] conn: peer acknowledged data early",
        "[0.900s] conn: peer acknowledged data hello",
        "[1.000s] conn: peer acknowledged data world",
        "[1.200s] conn: closing",
        "[1.250s] conn: 'too late' postponed (closing)",
        "[1.300s] conn: closed",
        "[1.300s] conn: undelivered at the end: [Data[text=too late]]");
    assertThat(lines).as("the connect timeout never fires once connected")
        .filteredOn(l -> l.contains("timed out")).containsExactly("[0.600s] conn: connect timed out");
  }

  /**
   * The peer loses every SYN: three attempts, 0.5 s apart, then the machine gives up and stops;
   * everything it had postponed is reported, in the order it came. The peer ends on its own after two
   * seconds without a packet.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.jwire.examples.VirtualLoops#builders")
  void withoutAnAnswer_theMachineGivesUpAfterThreeAttempts_andReportsWhatItHeld(
      String kind, Supplier<EventLoop.Builder> builder) {
    List<String> lines = VirtualLoops.lines();

    List<String> acked = ConnectionProtocol.run(builder.get(), lines::add, 3);

    assertThat(acked).isEmpty();
    assertThat(lines).filteredOn(l -> l.contains("SYN"))
        .containsExactly(
            "[0.100s] conn: SYN, attempt 1", "[0.100s] peer: SYN 1 lost",
            "[0.600s] conn: SYN, attempt 2", "[0.600s] peer: SYN 2 lost",
            "[1.100s] conn: SYN, attempt 3", "[1.100s] peer: SYN 3 lost");
    assertThat(lines).endsWith(
        "[1.200s] conn: close postponed (connecting)",
        "[1.250s] conn: 'too late' postponed (connecting)",
        "[1.600s] conn: no answer after 3 attempts, giving up",
        "[1.600s] conn: undelivered at the end: [Data[text=early], Data[text=hello], Data[text=world], Close[],"
            + " Data[text=too late]]",
        "[3.100s] peer: idle for 2 s, done");
  }
}
