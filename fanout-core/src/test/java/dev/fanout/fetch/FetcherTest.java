package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One URL at a time against the replica's generic endpoints: statuses, failures, retries, limits.
 */
class FetcherTest {
  static Replica replica;

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  static String at(String path) {
    return replica.baseUri() + path;
  }

  static Fetcher fetcher(FetchOptions.Builder options) {
    return Fetcher.create(options.build());
  }

  @Test
  void anyStatusIsAResponseWithItsReason() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().retries(0))) {
      FetchResult.Response r = (FetchResult.Response) f.fetch(at("/status/404"));
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.reason()).isEqualTo("Not Found");
      assertThat(r.protocol()).isEqualTo("HTTP/1.1");
      assertThat(r.host()).isEqualTo("127.0.0.1:" + replica.port());
      assertThat(r.attempts()).isEqualTo(1);
    }
  }

  @Test
  void unknownHostIsNamedAndNotRetried() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder())) {
      FetchResult.Failure r = (FetchResult.Failure) f.fetch("http://not.a.thing.invalid/");
      assertThat(r.kind()).isEqualTo(FailureKind.UNKNOWN_HOST);
      assertThat(r.attempts()).isEqualTo(1);
    }
  }

  @Test
  void invalidUrlsAreResultsNotExceptions() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder())) {
      for (String bad : List.of("www.python.org", "ftp://example.org/", "http://", "http://a b/")) {
        FetchResult r = f.fetch(bad);
        assertThat(r).as(bad).isInstanceOf(FetchResult.Failure.class);
        assertThat(((FetchResult.Failure) r).kind()).as(bad).isEqualTo(FailureKind.INVALID_URL);
        assertThat(r.attempts()).isZero();
      }
    }
  }

  @Test
  void a503TwiceThen200EndsWith200AfterThreeAttempts() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().retries(2))) {
      FetchResult r = f.fetch(at("/flaky/2/503?key=" + UUID.randomUUID()));
      assertThat(r).isInstanceOf(FetchResult.Response.class);
      assertThat(((FetchResult.Response) r).status()).isEqualTo(200);
      assertThat(r.attempts()).isEqualTo(3);
    }
  }

  @Test
  void retriesRunOutOnAPersistent503() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().retries(1))) {
      FetchResult r = f.fetch(at("/flaky/5/503?key=" + UUID.randomUUID()));
      assertThat(((FetchResult.Response) r).status()).isEqualTo(503);
      assertThat(r.attempts()).isEqualTo(2);
    }
  }

  @Test
  void statusesOutsideRetryStatusesAreNotRetried() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().retryStatuses(java.util.Set.of(429)))) {
      FetchResult r = f.fetch(at("/flaky/2/503?key=" + UUID.randomUUID()));
      assertThat(((FetchResult.Response) r).status()).isEqualTo(503);
      assertThat(r.attempts()).isEqualTo(1);
    }
  }

  @Test
  void aRejectedBodyIsRetriedThenReportedBadBody() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().retries(2))) {
      List<Integer> seen = new ArrayList<>();
      FetchResult r =
          f.fetch(
              at("/bytes/10"),
              true,
              (status, body) -> {
                seen.add(body.length);
                return "not JSON";
              });
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.BAD_BODY);
      assertThat(r.attempts()).isEqualTo(3);
      assertThat(seen).containsExactly(10, 10, 10);
    }
  }

  @Test
  void aHangPastTheTimeoutIsATimeout() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().timeout(Duration.ofMillis(300)).retries(0))) {
      FetchResult r = f.fetch(at("/hang"));
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.TIMEOUT);
      assertThat(r.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }
  }

  @Test
  void aBodyOverMaxBodyIsAbortedAsBodyTooLarge() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().maxBody(1000))) {
      FetchResult r = f.fetch(at("/bytes/100000"));
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.BODY_TOO_LARGE);
      assertThat(r.attempts()).isEqualTo(1);
      FetchResult small = f.fetch(at("/bytes/1000"), true, ResponseCheck.ACCEPT_ALL);
      assertThat(((FetchResult.Response) small).body()).hasSize(1000);
    }
  }

  @Test
  void aStreamedBodyOverMaxBodyIsAbortedToo() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().maxBody(100))) {
      // /drip announces its length; the check happens before a byte of the body is read.
      FetchResult r = f.fetch(at("/drip?bytes=1000&interval=1"));
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.BODY_TOO_LARGE);
    }
  }

  @Test
  void redirectsAreFollowedToTheFinalUrl() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder())) {
      FetchResult.Response r = (FetchResult.Response) f.fetch(at("/redirect/3"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.finalUrl().getPath()).isEqualTo("/redirect/0");
      // Issue 17: attempts are the final request's tries; the hops are counted apart.
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.redirects()).isEqualTo(3);
    }
  }

  @Test
  void moreRedirectsThanAllowedAreTooManyRedirects() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().maxRedirects(2))) {
      FetchResult r = f.fetch(at("/redirect/3"));
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.TOO_MANY_REDIRECTS);
    }
  }

  @Test
  void resolvePinsANameToLoopbackWithoutDns() throws Exception {
    int port = replica.port();
    try (Fetcher f =
        fetcher(FetchOptions.builder().resolve("www.python.org:" + port + ":127.0.0.1"))) {
      FetchResult.Response r =
          (FetchResult.Response) f.fetch("http://www.python.org:" + port + "/status/200");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.host()).isEqualTo("www.python.org:" + port);
    }
  }

  @Test
  void aNamePinnedToNowhereIsUnknownHostWithoutAnyLookup() throws Exception {
    FetchOptions.Builder options =
        FetchOptions.builder()
            .resolve(
                "not.a.thing", 80, java.net.InetSocketAddress.createUnresolved("not.a.thing", 80));
    try (Fetcher f = fetcher(options)) {
      FetchResult r = f.fetch("http://not.a.thing/");
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.UNKNOWN_HOST);
      assertThat(((FetchResult.Failure) r).message()).contains("pinned as unresolvable");
    }
  }

  @Test
  void nothingListeningIsConnectionRefused() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().retries(1))) {
      FetchResult r = f.fetch("http://127.0.0.1:1/");
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.CONNECTION_REFUSED);
      assertThat(r.attempts()).isEqualTo(2);
    }
  }

  @Test
  void perHostLimitCapsRequestsInFlightAtTheServer() throws Exception {
    try (Replica own =
            Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
        Fetcher f = fetcher(FetchOptions.builder().perHost(2))) {
      List<String> urls = java.util.Collections.nCopies(8, own.baseUri() + "/delay/100");
      List<FetchResult> results = f.gather(urls);
      assertThat(results).allMatch(r -> r instanceof FetchResult.Response);
      assertThat(own.stats().peakInFlight()).isEqualTo(2);
    }
  }

  @Test
  void rateLimitSpacesRequests() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().rate(10))) {
      long t0 = System.nanoTime();
      f.gather(java.util.Collections.nCopies(5, at("/status/200")));
      // 5 requests at 10/s: the 5th may start 400 ms after the first.
      assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(390);
    }
  }

  @Test
  void failFastCancelsTheRequestsInFlight() throws Exception {
    try (Replica own =
            Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
        Fetcher f = fetcher(FetchOptions.builder())) {
      String hang = own.baseUri() + "/hang";
      List<FetchResult> delivered = new ArrayList<>();
      BatchResult batch =
          f.run(
              List.of(
                  hang, hang, hang, own.baseUri() + "/delay/300", "http://not.a.thing.invalid/"),
              BatchOptions.builder().strategy(Strategy.AS_COMPLETED).failFast(true).build(),
              delivered::add);
      assertThat(batch.stoppedEarly()).isTrue();
      assertThat(delivered).hasSize(1);
      assertThat(((FetchResult.Failure) delivered.getFirst()).kind())
          .isEqualTo(FailureKind.UNKNOWN_HOST);
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (own.stats().clientAborts() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(own.stats().clientAborts()).isGreaterThanOrEqualTo(4);
      assertThat(own.stats().inFlight()).isZero();
    }
  }

  @Test
  void withoutFailFastEveryUrlGetsItsResult() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder())) {
      List<FetchResult> results =
          f.gather(List.of(at("/status/200"), "http://not.a.thing.invalid/", at("/status/500")));
      assertThat(results).hasSize(3);
      assertThat(results.get(1)).isInstanceOf(FetchResult.Failure.class);
      assertThat(((FetchResult.Response) results.get(2)).status()).isEqualTo(500);
    }
  }

  @Test
  void interruptingTheCallerCancelsItsRequest() throws Exception {
    try (Replica own =
            Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
        Fetcher f = fetcher(FetchOptions.builder())) {
      Thread caller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      f.fetch(own.baseUri() + "/hang");
                    } catch (InterruptedException expected) {
                      // the point of the test
                    }
                  });
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (own.stats().inFlight() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      caller.interrupt();
      caller.join(3000);
      assertThat(caller.isAlive()).isFalse();
      while (own.stats().clientAborts() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(own.stats().clientAborts()).isEqualTo(1);
    }
  }

  @Test
  void fetchAsyncAnswersAsFetchDoes() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().retries(0))) {
      FetchResult.Response r =
          (FetchResult.Response)
              f.fetchAsync(at("/bytes/10"), true, ResponseCheck.ACCEPT_ALL).get();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).hasSize(10);
      assertThat(r.attempts()).isEqualTo(1);
      FetchResult bad = f.fetchAsync("www.python.org", false, ResponseCheck.ACCEPT_ALL).get();
      assertThat(((FetchResult.Failure) bad).kind()).isEqualTo(FailureKind.INVALID_URL);
      assertThat(f.inFlight()).isZero();
    }
  }

  @Test
  void fetchAsyncRetriesAndRedirectsFromItsFirstAttempt() throws Exception {
    try (Fetcher f = fetcher(FetchOptions.builder().retries(2))) {
      // The first attempt is made without a thread; the rest of the loop carries on from it.
      FetchResult flaky =
          f.fetchAsync(at("/flaky/2/503?key=" + UUID.randomUUID()), false, ResponseCheck.ACCEPT_ALL)
              .get();
      assertThat(((FetchResult.Response) flaky).status()).isEqualTo(200);
      assertThat(flaky.attempts()).isEqualTo(3);
      FetchResult.Response redirected =
          (FetchResult.Response)
              f.fetchAsync(at("/redirect/3"), false, ResponseCheck.ACCEPT_ALL).get();
      assertThat(redirected.finalUrl().getPath()).isEqualTo("/redirect/0");
      assertThat(redirected.attempts()).isEqualTo(1);
      assertThat(redirected.redirects()).isEqualTo(3);
      List<Integer> seen = java.util.Collections.synchronizedList(new ArrayList<>());
      FetchResult rejected =
          f.fetchAsync(
                  at("/bytes/10"),
                  true,
                  (status, body) -> {
                    seen.add(body.length);
                    return "not JSON";
                  })
              .get();
      assertThat(((FetchResult.Failure) rejected).kind()).isEqualTo(FailureKind.BAD_BODY);
      assertThat(rejected.attempts()).isEqualTo(3);
      assertThat(seen).hasSizeGreaterThanOrEqualTo(3).allMatch(n -> n == 10);
    }
  }

  @Test
  void fetchAsyncWaitsItsTurnWhenTheSlotsAreTaken() throws Exception {
    try (Replica own =
            Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
        Fetcher f = fetcher(FetchOptions.builder().concurrency(2))) {
      List<java.util.concurrent.CompletableFuture<FetchResult>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(f.fetchAsync(own.baseUri() + "/delay/100", false, ResponseCheck.ACCEPT_ALL));
      }
      for (var call : calls) {
        assertThat(((FetchResult.Response) call.get()).status()).isEqualTo(200);
      }
      assertThat(own.stats().peakInFlight()).isEqualTo(2);
    }
  }

  @Test
  void cancellingFetchAsyncAbortsItsRequestAndFreesItsSlot() throws Exception {
    try (Replica own =
            Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
        Fetcher f = fetcher(FetchOptions.builder().concurrency(1))) {
      var call = f.fetchAsync(own.baseUri() + "/hang", false, ResponseCheck.ACCEPT_ALL);
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (own.stats().inFlight() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(call.cancel(false)).isTrue();
      while (own.stats().clientAborts() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(own.stats().clientAborts()).isEqualTo(1);
      assertThat(f.inFlight()).isZero();
      // The one slot is free again.
      var next = f.fetchAsync(own.baseUri() + "/status/200", false, ResponseCheck.ACCEPT_ALL);
      assertThat(
              ((FetchResult.Response) next.get(10, java.util.concurrent.TimeUnit.SECONDS)).status())
          .isEqualTo(200);
    }
  }
}
