package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");
  final Backoff backoff =
      new Backoff(Duration.ofSeconds(30), new SplittableRandom(42), InstantSource.fixed(NOW));

  @Test
  void delaysGrowExponentiallyWithJitterWithinBounds() {
    for (int retry = 1; retry <= 8; retry++) {
      long ceiling = Math.min(10_000, 200L << (retry - 1));
      Duration d = backoff.delay(retry, null);
      assertThat(d.toMillis()).as("retry " + retry).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void retryAfterSecondsIsHonoured() {
    assertThat(backoff.delay(1, "3")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void retryAfterIsCutToTheCap() {
    assertThat(backoff.delay(1, "3600")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void retryAfterAsHttpDateCountsFromNow() {
    assertThat(backoff.delay(1, "Wed, 25 Nov 2026 18:00:05 GMT")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void garbageRetryAfterFallsBackToBackoff() {
    assertThat(backoff.delay(1, "soon").toMillis()).isBetween(100L, 200L);
  }
}
