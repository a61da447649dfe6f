package dev.fanout.hn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The crawl's in-flight limit, fed round trips directly: no clock, no server. */
class AdaptiveLimitTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Sends {@code n} requests (all must be admitted at once) and answers them with {@code rtt}. */
  private static void roundTrip(AdaptiveLimit limit, int n, long rtt) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      limit.acquire();
    }
    for (int i = 0; i < n; i++) {
      limit.release(rtt);
    }
  }

  /** A crawl with plenty queued: every answer's slot, and any the limit added, is taken at once. */
  private static final class BusyCrawl {
    final AdaptiveLimit limit;
    int inFlight;

    BusyCrawl(AdaptiveLimit limit) throws InterruptedException {
      this.limit = limit;
      fill();
    }

    void fill() throws InterruptedException {
      while (inFlight < limit.limit()) {
        limit.acquire();
        inFlight++;
      }
    }

    /** Answers everything in flight now, one by one, each with {@code rtt}. */
    void roundTrip(long rtt) throws InterruptedException {
      for (int n = inFlight; n > 0; n--) {
        limit.release(rtt);
        inFlight--;
        fill();
      }
    }
  }

  @Test
  void startsAtAQuarterOfTheCeiling() {
    assertThat(new AdaptiveLimit(256, 4096).limit()).isEqualTo(1024);
    assertThat(new AdaptiveLimit(256, 512).limit()).isEqualTo(256);
    assertThat(new AdaptiveLimit(64, 64).limit()).isEqualTo(64);
  }

  @Test
  void answersBackAtTheFastestPaceDoubleTheLimitEachRoundTrip() throws InterruptedException {
    AdaptiveLimit limit = new AdaptiveLimit(256, 4096);
    BusyCrawl crawl = new BusyCrawl(limit);
    crawl.roundTrip(50 * MS);
    assertThat(limit.limit()).isEqualTo(2048);
    crawl.roundTrip(56 * MS); // within 10% + 1 ms of the fastest: no queue
    assertThat(limit.limit()).isEqualTo(4096);
    crawl.roundTrip(50 * MS);
    assertThat(limit.limit()).as("never above the ceiling").isEqualTo(4096);
  }

  @Test
  void answersThatQueuedShrinkTheLimitInProportionToTheirWait() throws InterruptedException {
    AdaptiveLimit limit = new AdaptiveLimit(256, 4096);
    roundTrip(limit, 1, 50 * MS); // the server's pace: 50 ms, so up to 56 ms is unqueued
    roundTrip(limit, 500, 112 * MS); // each waited half its round trip: -0.5 each
    assertThat(limit.limit()).isEqualTo(1024 - 250);
    BusyCrawl crawl = new BusyCrawl(limit);
    for (int i = 0; i < 10; i++) {
      crawl.roundTrip(1000 * MS);
    }
    assertThat(limit.limit()).as("never below the floor").isEqualTo(256);
  }

  @Test
  void aLocalServerIsNeverHeldBackForItsQueue() throws InterruptedException {
    AdaptiveLimit limit = new AdaptiveLimit(256, 4096);
    roundTrip(limit, 1, 200_000); // 0.2 ms: loopback with no latency
    BusyCrawl crawl = new BusyCrawl(limit);
    crawl.roundTrip(80 * MS); // all queue, and still the way to the most items per second
    assertThat(limit.limit()).isEqualTo(2048);
  }

  @Test
  void aBudgetWithNothingToAdaptIsTheBudget() throws InterruptedException {
    AdaptiveLimit limit = new AdaptiveLimit(256, 256);
    roundTrip(limit, 256, 50 * MS);
    roundTrip(limit, 256, 5000 * MS);
    assertThat(limit.limit()).isEqualTo(256);
  }

  @Test
  void aThinChainOfRequestsDoesNotGrowTheLimit() throws InterruptedException {
    AdaptiveLimit limit = new AdaptiveLimit(256, 4096);
    for (int i = 0; i < 10_000; i++) {
      roundTrip(limit, 1, 50 * MS);
    }
    assertThat(limit.limit()).isEqualTo(1024);
  }

  @Test
  void failuresAndRetriesTeachNothing() throws InterruptedException {
    AdaptiveLimit limit = new AdaptiveLimit(256, 4096);
    roundTrip(limit, 1024, -1);
    assertThat(limit.limit()).isEqualTo(1024);
    roundTrip(limit, 1, 50 * MS);
    roundTrip(limit, 1024, -1);
    assertThat(limit.limit()).isEqualTo(1024);
  }

  @Test
  void acquireWaitsAtTheLimitUntilARelease() throws Exception {
    AdaptiveLimit limit = new AdaptiveLimit(1, 8); // starts at 2
    limit.acquire();
    limit.acquire();
    CountDownLatch admitted = new CountDownLatch(1);
    Thread third =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    limit.acquire();
                    admitted.countDown();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    assertThat(admitted.await(200, TimeUnit.MILLISECONDS)).as("admitted over the limit").isFalse();
    limit.release(-1);
    assertThat(admitted.await(10, TimeUnit.SECONDS)).isTrue();
    third.join();
  }

  @Test
  void rejectsAFloorAboveTheCeiling() {
    assertThatThrownBy(() -> new AdaptiveLimit(512, 256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("512");
    assertThatThrownBy(() -> new AdaptiveLimit(0, 256))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
