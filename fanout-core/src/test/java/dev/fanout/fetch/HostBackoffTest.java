package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.testkit.HostileServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Per-host politeness over a real loopback server that answers under two names (pinned with
 * resolve, no DNS): one name refuses with 429 for its first two seconds, the other always answers.
 * The evidence is what the server received, counted per name and window, not the client's timings.
 */
class HostBackoffTest {
  static final long WINDOW = TimeUnit.SECONDS.toNanos(2);

  /** A server whose {@code slow.test} answers 429 during the window from its first request. */
  static final class TwoNames implements AutoCloseable {
    final HostileServer server;
    final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
    final Map<String, ConcurrentLinkedQueue<Long>> arrivals = new ConcurrentHashMap<>();

    TwoNames(String retryAfter) throws Exception {
      server =
          HostileServer.http(
              r -> {
                long now = System.nanoTime();
                String host = r.header("Host").replaceFirst(":\\d+$", "");
                arrivals.computeIfAbsent(host, k -> new ConcurrentLinkedQueue<>()).add(now);
                if (host.equals("slow.test")) {
                  windowStart.compareAndSet(Long.MIN_VALUE, now);
                  if (now - windowStart.get() < WINDOW) {
                    return retryAfter == null
                        ? HostileServer.response("429 Too Many Requests", "slow down")
                        : HostileServer.response(
                            "429 Too Many Requests", "slow down", "Retry-After: " + retryAfter);
                  }
                }
                return HostileServer.response("200 OK", "ok");
              });
      // One request first, not counted: the server's first connection loads classes, and the
      // requests queued behind it would arrive together.
      try (Fetcher warm =
          Fetcher.create(
              FetchOptions.builder()
                  .resolve("warm.test:" + server.port() + ":127.0.0.1")
                  .build())) {
        warm.fetch(url("warm.test", 0));
      }
    }

    String url(String host, int i) {
      return "http://" + host + ":" + server.port() + "/item/" + i;
    }

    /** Requests to {@code host} that arrived within the slow host's 429 window. */
    long inWindow(String host) {
      long start = windowStart.get();
      return arrivals.getOrDefault(host, new ConcurrentLinkedQueue<>()).stream()
          .filter(t -> t - start < WINDOW)
          .count();
    }

    long all(String host) {
      return arrivals.getOrDefault(host, new ConcurrentLinkedQueue<>()).size();
    }

    Fetcher fetcher(FetchOptions.Builder options) {
      return Fetcher.create(
          options
              .concurrency(8)
              .resolve("slow.test:" + server.port() + ":127.0.0.1")
              .resolve("fast.test:" + server.port() + ":127.0.0.1")
              .build());
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  static List<Request> interleaved(TwoNames names, int each) {
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      requests.add(Request.get(names.url("slow.test", i)));
      requests.add(Request.get(names.url("fast.test", i)));
    }
    return requests;
  }

  void slowsOnlyTheRefusingHost(String retryAfter, int retries) throws Exception {
    int each = 40;
    try (TwoNames names = new TwoNames(retryAfter);
        Fetcher f = names.fetcher(FetchOptions.builder().hostBackoff(true).retries(retries))) {
      List<FetchResult> results = new ArrayList<>();
      BatchResult batch =
          f.runRequests(
              interleaved(names, each), BatchOptions.of(Strategy.AS_COMPLETED), results::add);

      assertThat(batch.requests()).isEqualTo(2 * each);
      assertThat(batch.responses()).isEqualTo(2 * each);
      // Without the back-off all 40 go out at once (and, with retries, again and again).
      assertThat(names.inWindow("slow.test"))
          .as("requests slow.test received while it answered 429")
          .isLessThanOrEqualTo(8 + 5);
      assertThat(names.inWindow("fast.test"))
          .as("fast.test kept its pace: every request arrived during slow.test's window")
          .isEqualTo(each);
      assertThat(names.all("slow.test")).isGreaterThanOrEqualTo(each);
      List<HostSlowdown> slowed = f.slowedHosts();
      assertThat(slowed)
          .extracting(HostSlowdown::host)
          .containsExactly("slow.test:" + names.server.port());
      assertThat(slowed.getFirst().throttles()).isPositive();
      assertThat(slowed.getFirst().slowedFor())
          .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(1));
    }
  }

  @Test
  void aHostAnswering429WithoutRetryAfterIsSlowedForAllItsUrlsWhileTheOtherKeepsItsPace()
      throws Exception {
    slowsOnlyTheRefusingHost(null, 0);
  }

  @Test
  void aHostAnswering429WithRetryAfterIsSlowedWhileItsRequestsAreRetried() throws Exception {
    slowsOnlyTheRefusingHost("1", 2);
  }

  @Test
  void ratePerHostPacesEachHostOnItsOwnClock() throws Exception {
    try (TwoNames names = new TwoNames(null)) {
      List<Request> requests = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        requests.add(Request.get(names.url("fast.test", i)));
        requests.add(Request.get(names.url("other.test", i)));
      }
      // other.test is not pinned: resolve it too.
      try (Fetcher g =
          Fetcher.create(
              FetchOptions.builder()
                  .concurrency(8)
                  .ratePerHost(5)
                  .retries(0)
                  .resolve("fast.test:" + names.server.port() + ":127.0.0.1")
                  .resolve("other.test:" + names.server.port() + ":127.0.0.1")
                  .build())) {
        BatchResult batch =
            g.runRequests(requests, BatchOptions.of(Strategy.AS_COMPLETED), r -> {});
        assertThat(batch.responses()).isEqualTo(16);
      }
      long first =
          List.of("fast.test", "other.test").stream()
              .flatMap(host -> names.arrivals.get(host).stream())
              .min(Long::compare)
              .orElseThrow();
      long second = TimeUnit.SECONDS.toNanos(1);
      for (String host : List.of("fast.test", "other.test")) {
        long early = names.arrivals.get(host).stream().filter(t -> t - first < second).count();
        // 5 a second: slots at 0, 200, 400, 600 and 800 ms; without the limit all 8 come at once.
        assertThat(early).as(host + " in the first second").isBetween(3L, 6L);
        assertThat(names.all(host)).isEqualTo(8);
        long last = names.arrivals.get(host).stream().max(Long::compare).orElseThrow();
        assertThat(last - first)
            .as(host + ": 8 requests at 5 a second span 1.4 s")
            .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1_200));
      }
    }
  }
}
