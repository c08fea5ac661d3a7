package dev.jwire.wires;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link Backoff} and {@link RestartPolicy}: the delay arithmetic and the rules of their settings. */
class BackoffTest {

  @Test
  void nominalDelay_doublesFromInitialUpToTheCap() {
    Backoff b = Backoff.exponential(ofMillis(100), ofSeconds(1));
    List<Long> millis = new ArrayList<>();
    for (int k = 0; k < 7; k++) {
      millis.add(b.nominalDelay(k).toMillis());
    }
    assertThat(millis).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
    assertThat(b.nominalDelay(100_000)).isEqualTo(ofSeconds(1)); // no overflow far out
  }

  @Test
  void nominalDelay_otherMultiplier() {
    Backoff b = Backoff.exponential(ofMillis(10), ofSeconds(10)).multiplier(3);
    assertThat(List.of(b.nominalDelay(0), b.nominalDelay(1), b.nominalDelay(2)))
        .containsExactly(ofMillis(10), ofMillis(30), ofMillis(90));
  }

  /** Seeded property: every jittered delay lies in [nominal * (1 - jitter), nominal]. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 1234567})
  void delay_jitter_staysWithinItsBounds(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (double jitter : new double[] {0.1, 0.5, 1.0}) {
      Backoff b = Backoff.exponential(ofMillis(100), ofSeconds(30)).jitter(jitter);
      for (int k = 0; k < 20; k++) {
        long nominal = b.nominalDelay(k).toNanos();
        long d = b.delay(k, random).toNanos();
        assertThat(d).as("seed %d, jitter %s, attempt %d", seed, jitter, k)
            .isBetween((long) Math.floor(nominal * (1 - jitter)), nominal);
      }
    }
  }

  @Test
  void delay_sameSeed_sameDelays_noJitter_exactlyNominal() {
    Backoff b = Backoff.exponential(ofMillis(100), ofSeconds(30)).jitter(0.5);
    SplittableRandom r1 = new SplittableRandom(9);
    SplittableRandom r2 = new SplittableRandom(9);
    for (int k = 0; k < 10; k++) {
      assertThat(b.delay(k, r1)).isEqualTo(b.delay(k, r2));
    }
    Backoff exact = b.jitter(0);
    assertThat(exact.delay(3, new SplittableRandom())).isEqualTo(ofMillis(800));
  }

  @Test
  void factories_none_fixed() {
    assertThat(Backoff.none().delay(5, new SplittableRandom())).isEqualTo(Duration.ZERO);
    assertThat(Backoff.fixed(ofMillis(250)).nominalDelay(9)).isEqualTo(ofMillis(250));
  }

  @Test
  void invalidSettings_areRejectedNamingTheRule() {
    Backoff b = Backoff.exponential(ofMillis(100), ofSeconds(1));
    assertThatThrownBy(() -> Backoff.exponential(ofSeconds(2), ofSeconds(1)))
        .hasMessage("max : PT1S (expected: >= initial PT2S)");
    assertThatThrownBy(() -> Backoff.exponential(ofMillis(-1), ofSeconds(1)))
        .hasMessage("initial : PT-0.001S (expected: >= 0)");
    assertThatThrownBy(() -> b.multiplier(0.5)).hasMessage("multiplier : 0.5 (expected: >= 1)");
    assertThatThrownBy(() -> b.jitter(1.5)).hasMessage("jitter : 1.5 (expected: from 0 to 1)");
    assertThatThrownBy(() -> b.resetAfter(null)).hasMessage("resetAfter : null (expected: non-null)");
    assertThatThrownBy(() -> b.nominalDelay(-1)).hasMessage("attempt : -1 (expected: >= 0)");
    assertThatThrownBy(() -> b.delay(0, null)).hasMessage("random : null (expected: non-null)");
  }

  @Test
  void restartPolicy_defaultsAndCopies() {
    RestartPolicy d = RestartPolicy.defaults();
    assertThat(d.restart()).isEqualTo(Restart.PERMANENT);
    assertThat(d.maxRestarts()).isEqualTo(10);
    assertThat(d.within()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.seed()).isEmpty();
    RestartPolicy p = d.restart(Restart.TRANSIENT).maxRestarts(3, ofSeconds(5)).seed(4);
    assertThat(p.restart()).isEqualTo(Restart.TRANSIENT);
    assertThat(p.seed()).hasValue(4);
    assertThat(d.restart()).as("defaults unchanged").isEqualTo(Restart.PERMANENT);
    assertThat(p.toString()).contains("TRANSIENT", "max 3 in PT5S", "seed 4");
  }

  @Test
  void restartPolicy_invalidSettings_areRejected() {
    RestartPolicy d = RestartPolicy.defaults();
    assertThatThrownBy(() -> d.maxRestarts(-1, ofSeconds(1))).hasMessage("restarts : -1 (expected: >= 0)");
    assertThatThrownBy(() -> d.maxRestarts(1, Duration.ZERO)).hasMessage("period : PT0S (expected: > 0)");
    assertThatThrownBy(() -> d.restart(null)).hasMessage("type : null (expected: non-null)");
    assertThatThrownBy(() -> d.backoff(null)).hasMessage("delays : null (expected: non-null)");
  }
}
