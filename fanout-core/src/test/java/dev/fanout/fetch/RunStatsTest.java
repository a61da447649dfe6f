package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStatsTest {
  static FetchResult.Response response(String url, int status, long bytes, long wire, long ms) {
    return new FetchResult.Response(
        url,
        URI.create(url),
        status,
        "",
        "HTTP/1.1",
        new byte[0],
        bytes,
        wire,
        1,
        0,
        Duration.ZERO,
        Duration.ofMillis(ms),
        Instant.EPOCH);
  }

  static FetchResult.Failure failure(String url, FailureKind kind, long ms) {
    return new FetchResult.Failure(
        url, kind, "why", 1, Duration.ZERO, Duration.ofMillis(ms), Instant.EPOCH);
  }

  @Test
  void countsStatusClassesFailureKindsAndBytes() {
    RunStats stats = new RunStats();
    stats.add(response("http://a.test/1", 200, 10, 4, 1));
    stats.add(response("http://a.test/2", 204, 0, 0, 1));
    stats.add(response("http://a.test/3", 404, 5, 5, 1));
    stats.add(response("http://b.test:8080/", 503, 7, 7, 1));
    stats.add(failure("http://c.test/", FailureKind.TIMEOUT, 1));
    stats.add(failure("http://c.test/x", FailureKind.TIMEOUT, 1));
    stats.add(failure("not a url", FailureKind.INVALID_URL, 0));
    RunSummary s = stats.summary();
    assertThat(s.statusClasses())
        .containsExactly(Map.entry("2xx", 2L), Map.entry("4xx", 1L), Map.entry("5xx", 1L));
    assertThat(s.failureKinds())
        .containsExactly(
            Map.entry(FailureKind.INVALID_URL, 1L), Map.entry(FailureKind.TIMEOUT, 2L));
    assertThat(s.bytes()).isEqualTo(22);
    assertThat(s.wireBytes()).isEqualTo(16);
  }

  @Test
  void percentilesAreExactNearestRanksOverTheResponses() {
    RunStats stats = new RunStats();
    for (int ms = 100; ms >= 1; ms--) { // out of order on purpose
      stats.add(response("http://a.test/" + ms, 200, 0, 0, ms));
    }
    stats.add(failure("http://a.test/slow", FailureKind.TIMEOUT, 10_000)); // not a latency
    RunSummary.Percentiles p = stats.summary().latency();
    assertThat(p.p50()).isEqualTo(Duration.ofMillis(50));
    assertThat(p.p90()).isEqualTo(Duration.ofMillis(90));
    assertThat(p.p99()).isEqualTo(Duration.ofMillis(99));
  }

  @Test
  void noResponsesNoPercentiles() {
    RunStats stats = new RunStats();
    stats.add(failure("http://a.test/", FailureKind.RESET, 5));
    assertThat(stats.summary().latency()).isNull();
  }

  @Test
  void hostsAreReadOffTheUrlAsGiven() {
    assertThat(RunStats.host("http://User:pw@Example.TEST:8080/a?b#c"))
        .isEqualTo("example.test:8080");
    assertThat(RunStats.host("https://a.test?q")).isEqualTo("a.test");
    assertThat(RunStats.host("no scheme")).isNull();
  }

  @Test
  void theSlowestHostsAreTheFiveWithTheMostTimeInAll() {
    RunStats stats = new RunStats();
    for (int host = 1; host <= 7; host++) {
      for (int i = 0; i < host; i++) {
        stats.add(response("http://h" + host + ".test/" + i, 200, 0, 0, 100));
      }
    }
    stats.add(failure("http://h1.test/t", FailureKind.TIMEOUT, 10_000)); // failures count here
    assertThat(stats.summary().slowestHosts())
        .extracting(RunSummary.HostTime::host)
        .containsExactly("h1.test", "h7.test", "h6.test", "h5.test", "h4.test");
    assertThat(stats.summary().slowestHosts().get(1))
        .isEqualTo(new RunSummary.HostTime("h7.test", 7, Duration.ofMillis(700)));
  }
}
