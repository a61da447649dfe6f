package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pace's arithmetic on a clock the test moves: no waiting (the loopback tests wait). */
class HostPacingTest {
  static final long S = TimeUnit.SECONDS.toNanos(1);
  static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  final AtomicLong now = new AtomicLong(1_000 * S);

  HostPacing pacing(FetchOptions.Builder options) {
    Backoff backoff =
        new Backoff(
            Duration.ofSeconds(30),
            new SplittableRandom(1),
            InstantSource.fixed(Instant.parse("2026-11-29T12:00:00Z")));
    return new HostPacing(options.build(), backoff, now::get);
  }

  HostPacing backoff() {
    return pacing(FetchOptions.builder().hostBackoff(true));
  }

  /** Passes the gate now if it is open; true when it was. */
  boolean passes(HostPacing.Pace pace) {
    return pace.tryPass();
  }

  @Test
  void a429WithoutRetryAfterClosesTheHostForOneSecondThenTwo() {
    HostPacing pacing = backoff();
    HostPacing.Pace pace = pacing.of("a:80");
    assertThat(passes(pace)).isTrue();
    pace.answered(429, null, now.get());
    now.addAndGet(999 * MS);
    assertThat(pace.mustWait()).isTrue();
    now.addAndGet(MS);
    assertThat(passes(pace)).isTrue();
    long sent = now.get();
    pace.answered(429, null, sent);
    now.addAndGet(1_999 * MS);
    assertThat(pace.mustWait()).as("doubled to 2 s").isTrue();
    now.addAndGet(MS);
    assertThat(pace.mustWait()).isFalse();
    assertThat(pacing.slowedNow()).isEqualTo(1);
  }

  @Test
  void otherHostsAreNotSlowed() {
    HostPacing pacing = backoff();
    pacing.of("a:80").answered(503, null, now.get());
    assertThat(pacing.of("b:80").mustWait()).isFalse();
    assertThat(pacing.slowdowns()).extracting(HostSlowdown::host).containsExactly("a:80");
  }

  @Test
  void retryAfterIsHonouredInSecondsAndAsADateAndCutToMaxRetryAfter() {
    HostPacing pacing = backoff();
    HostPacing.Pace seconds = pacing.of("a:80");
    seconds.answered(429, "5", now.get());
    now.addAndGet(4_999 * MS);
    assertThat(seconds.mustWait()).isTrue();
    now.addAndGet(MS);
    assertThat(seconds.mustWait()).isFalse();

    HostPacing.Pace date = pacing.of("b:80");
    // The Backoff's wall clock reads 12:00:00; the date asks for 3 s.
    date.answered(503, "Sun, 29 Nov 2026 12:00:03 GMT", now.get());
    now.addAndGet(2_999 * MS);
    assertThat(date.mustWait()).isTrue();
    now.addAndGet(MS);
    assertThat(date.mustWait()).isFalse();

    HostPacing.Pace huge = pacing.of("c:80");
    huge.answered(429, "86400", now.get());
    now.addAndGet(30 * S - MS);
    assertThat(huge.mustWait()).isTrue();
    now.addAndGet(MS);
    assertThat(huge.mustWait()).as("cut to maxRetryAfter, 30 s").isFalse();
  }

  @Test
  void theDelayNeverPassesTheCap() {
    HostPacing pacing = backoff();
    HostPacing.Pace pace = pacing.of("a:80");
    for (int i = 0; i < 20; i++) {
      pace.answered(429, null, now.get());
      now.addAndGet(MS);
    }
    assertThat(pacing.slowdowns().getFirst().longestWait()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void answersToRequestsSentBeforeTheSlowDownDoNotCountAgain() {
    HostPacing pacing = backoff();
    HostPacing.Pace pace = pacing.of("a:80");
    long burst = now.get();
    now.addAndGet(5 * MS);
    for (int i = 0; i < 8; i++) {
      pace.answered(429, null, burst); // eight requests on the wire together, all refused
    }
    now.addAndGet(S);
    assertThat(pace.mustWait()).as("1 s, not 2^8 s").isFalse();
    assertThat(pacing.slowdowns().getFirst().throttles()).isEqualTo(8);
  }

  @Test
  void successesHalveTheDelayUntilTheHostIsBackToFullPace() {
    HostPacing pacing = backoff();
    HostPacing.Pace pace = pacing.of("a:80");
    pace.answered(429, null, now.get());
    now.addAndGet(S);
    pace.answered(429, null, now.get()); // delay 2 s
    now.addAndGet(2 * S);
    // 2 s -> 1 s -> 500 ms -> 250 ms -> 125 ms -> under 100 ms: done.
    long[] expected = {S, 500 * MS, 250 * MS, 125 * MS};
    for (long delay : expected) {
      assertThat(passes(pace)).isTrue();
      pace.answered(200, null, now.get());
      now.addAndGet(delay - MS);
      assertThat(pace.mustWait()).as("spaced by %d ms", delay / MS).isTrue();
      now.addAndGet(MS);
    }
    assertThat(passes(pace)).isTrue();
    pace.answered(200, null, now.get());
    assertThat(pace.mustWait()).as("back to full pace").isFalse();
    assertThat(pacing.slowedNow()).isZero();
    HostSlowdown slowdown = pacing.slowdowns().getFirst();
    assertThat(slowdown.slowedNow()).isFalse();
    assertThat(slowdown.throttles()).isEqualTo(2);
    // Slowed from the first 429 until the last halving: 1 + 2 + 1 + 0.5 + 0.25 + 0.125 s.
    assertThat(slowdown.slowedFor()).isEqualTo(Duration.ofMillis(4_875));
  }

  @Test
  void ratePerHostSpacesEachHostOnItsOwnClock() {
    HostPacing pacing = pacing(FetchOptions.builder().ratePerHost(4));
    HostPacing.Pace a = pacing.of("a:80");
    HostPacing.Pace b = pacing.of("b:80");
    assertThat(passes(a)).isTrue();
    assertThat(passes(b)).as("b has its own clock").isTrue();
    assertThat(passes(a)).isFalse();
    now.addAndGet(250 * MS);
    assertThat(passes(a)).isTrue();
    assertThat(passes(b)).isTrue();
    a.answered(429, null, now.get());
    assertThat(pacing.slowdowns()).as("no back-off unless asked").isEmpty();
  }

  @Test
  void withoutEitherOptionThereIsNoPacing() {
    assertThat(HostPacing.of(FetchOptions.defaults(), null)).isNull();
  }
}
