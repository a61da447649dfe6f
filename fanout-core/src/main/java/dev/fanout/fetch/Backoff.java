package dev.fanout.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/**
 * How long to wait before a retry: exponential back-off with jitter, or the server's {@code
 * Retry-After} cut to a cap. Randomness and the clock are injected so tests are deterministic.
 */
final class Backoff {
  static final Duration BASE = Duration.ofMillis(200);
  static final Duration MAX = Duration.ofSeconds(10);

  private final Duration maxRetryAfter;
  private final RandomGenerator random;
  private final InstantSource clock;

  Backoff(Duration maxRetryAfter, RandomGenerator random, InstantSource clock) {
    this.maxRetryAfter = maxRetryAfter;
    this.random = random;
    this.clock = clock;
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry).
   *
   * @param retryAfter the response's Retry-After header, or null
   */
  Duration delay(int retry, String retryAfter) {
    Duration asked = parseRetryAfter(retryAfter);
    if (asked != null) {
      return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }
    long ceiling = Math.min(MAX.toMillis(), BASE.toMillis() << Math.min(retry - 1, 20));
    // "Equal jitter": at least half the exponential step, so retries still back off, and a random
    // rest, so that many clients failing together do not retry together.
    long half = ceiling / 2;
    return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
  }

  /** Retry-After as delta-seconds or an HTTP date; null when absent or unparseable. */
  Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration until = Duration.between(clock.instant(), at);
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }
}
