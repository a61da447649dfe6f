package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.cli.CliRun;
import dev.fanout.testkit.HostileServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's politeness and run summary through the real command: one loopback server answers under
 * several names given with --resolve, and counts what each name received.
 */
class FetchPolitenessTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long WINDOW = TimeUnit.SECONDS.toNanos(2);

  /** Answers by name: {@code slow.test} 429 during 2 s from its first request, others by path. */
  static final class Names implements AutoCloseable {
    final HostileServer server;
    final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
    final Map<String, ConcurrentLinkedQueue<Long>> arrivals = new ConcurrentHashMap<>();

    Names() throws Exception {
      server =
          HostileServer.http(
              r -> {
                long now = System.nanoTime();
                String host = r.header("Host").replaceFirst(":\\d+$", "");
                arrivals.computeIfAbsent(host, k -> new ConcurrentLinkedQueue<>()).add(now);
                String path = r.head().split(" ")[1];
                if (host.equals("slow.test")) {
                  windowStart.compareAndSet(Long.MIN_VALUE, now);
                  if (now - windowStart.get() < WINDOW) {
                    return HostileServer.response(
                        "429 Too Many Requests", "slow down", "Retry-After: 1");
                  }
                }
                if (host.equals("busy.test")) {
                  return HostileServer.response("503 Service Unavailable", "busy");
                }
                return switch (path) {
                  case "/missing" -> HostileServer.response("404 Not Found", "nope");
                  case "/moved" -> HostileServer.redirect("/ok");
                  default -> HostileServer.response("200 OK", "hello");
                };
              });
      CliRun warm = CliRun.of(args(url("warm.test", "/ok")));
      assertThat(warm.exit())
          .as(warm.err())
          .isZero(); // the server's first connection loads classes
    }

    String url(String host, String path) {
      return "http://" + host + ":" + server.port() + path;
    }

    String resolve(String host) {
      return host + ":" + server.port() + ":127.0.0.1";
    }

    String[] args(String... rest) {
      List<String> all = new ArrayList<>(List.of("fetch", "--no-progress"));
      for (String host :
          List.of("slow.test", "fast.test", "busy.test", "a.test", "b.test", "warm.test")) {
        all.add("--resolve");
        all.add(resolve(host));
      }
      all.addAll(List.of(rest));
      return all.toArray(String[]::new);
    }

    long count(String host, long from, long to) {
      return arrivals.getOrDefault(host, new ConcurrentLinkedQueue<>()).stream()
          .filter(t -> t - from >= 0 && t - to < 0)
          .count();
    }

    List<Long> of(String host) {
      return List.copyOf(arrivals.getOrDefault(host, new ConcurrentLinkedQueue<>()));
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  static JsonNode summaryOf(CliRun r) throws Exception {
    return JSON.readTree(r.err().strip().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void aHostAnswering429ForTwoSecondsIsSlowedAloneAndTheSummaryNamesIt() throws Exception {
    try (Names names = new Names()) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        urls.add(names.url("slow.test", "/" + i));
        urls.add(names.url("fast.test", "/" + i));
      }
      List<String> args = new ArrayList<>(List.of("-c", "8", "--format", "jsonl"));
      args.addAll(urls);
      CliRun r = CliRun.of(names.args(args.toArray(String[]::new)));

      assertThat(r.exit()).as(r.err()).isZero();
      long start = names.windowStart.get();
      long end = start + WINDOW;
      // Without the back-off: the 30 requests at once, and 2 retries each a second later.
      assertThat(names.count("slow.test", start, end))
          .as("requests slow.test received while it answered 429")
          .isLessThanOrEqualTo(8 + 4);
      assertThat(names.count("fast.test", Long.MIN_VALUE / 2, end))
          .as("fast.test kept its pace: all its requests arrived within slow.test's window")
          .isEqualTo(30);
      JsonNode summary = summaryOf(r);
      assertThat(summary.get("status_classes").get("2xx").asInt()).isEqualTo(60);
      JsonNode slowed = summary.get("slowed_hosts");
      assertThat(slowed).hasSize(1);
      assertThat(slowed.get(0).get("host").asText()).isEqualTo("slow.test:" + names.server.port());
      assertThat(slowed.get(0).get("throttles").asInt()).isPositive();
      assertThat(slowed.get(0).get("slowed_ms").asDouble()).isGreaterThanOrEqualTo(1000);
    }
  }

  @Test
  void ratePerHostSpacesEachHostsRequestsOnItsOwnClock() throws Exception {
    try (Names names = new Names()) {
      List<String> args = new ArrayList<>(List.of("-c", "8", "--rate-per-host", "5"));
      for (int i = 0; i < 5; i++) {
        args.add(names.url("a.test", "/" + i));
        args.add(names.url("b.test", "/" + i));
      }
      CliRun r = CliRun.of(names.args(args.toArray(String[]::new)));
      assertThat(r.exit()).as(r.err()).isZero();
      List<Long> a = names.of("a.test");
      List<Long> b = names.of("b.test");
      assertThat(a).hasSize(5);
      assertThat(b).hasSize(5);
      long firstA = a.stream().min(Long::compare).orElseThrow();
      long firstB = b.stream().min(Long::compare).orElseThrow();
      // 5 a second: each host's five requests span at least 0.8 s (all at once without the limit)
      for (List<Long> host : List.of(a, b)) {
        long first = host.stream().min(Long::compare).orElseThrow();
        long last = host.stream().max(Long::compare).orElseThrow();
        assertThat(last - first).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(700));
      }
      // ... and b's first request did not wait for a's turn (a global rate would space them).
      long halfSecond = TimeUnit.MILLISECONDS.toNanos(500);
      assertThat(
              names.count("b.test", firstA, firstA + halfSecond)
                  + names.count("a.test", firstB, firstB + halfSecond))
          .as("both hosts served side by side")
          .isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void aBadRatePerHostIsAUsageErrorNamingTheValue() {
    CliRun r = CliRun.of("fetch", "--no-progress", "--rate-per-host", "-2", "http://127.0.0.1:9/");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--rate-per-host: must be 0 (unlimited) or a number from 0.001");
    assertThat(r.err()).contains("got -2");
  }

  /** Statuses 200, 200 (via a redirect), 404, 503 (slowing busy.test); InvalidUrl; refused. */
  List<String> mixed(Names names) throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    return List.of(
        names.url("a.test", "/ok"),
        names.url("a.test", "/moved"),
        names.url("a.test", "/missing"),
        names.url("busy.test", "/"),
        "http://exa mple.test/",
        "http://127.0.0.1:" + closed + "/");
  }

  @Test
  void theJsonlSummaryCountsClassesKindsBytesLatencyAndHosts() throws Exception {
    try (Names names = new Names()) {
      List<String> args = new ArrayList<>(List.of("--retries", "0", "--format", "jsonl"));
      args.addAll(mixed(names));
      CliRun r = CliRun.of(names.args(args.toArray(String[]::new)));
      assertThat(r.exit()).isEqualTo(1);
      JsonNode s = summaryOf(r);
      // The fields that were there before keep their place and meaning.
      assertThat(s.get("urls").asInt()).isEqualTo(6);
      assertThat(s.get("responses").asInt()).isEqualTo(4);
      assertThat(s.get("failures").asInt()).isEqualTo(2);
      assertThat(JSON.convertValue(s.get("status_classes"), Map.class))
          .isEqualTo(Map.of("2xx", 2, "4xx", 1, "5xx", 1));
      assertThat(JSON.convertValue(s.get("failure_kinds"), Map.class))
          .isEqualTo(Map.of("InvalidUrl", 1, "ConnectionRefused", 1));
      // "hello" twice, "nope", "busy": decoded and wire alike (no Content-Encoding).
      assertThat(s.get("bytes").asLong()).isEqualTo(5 + 5 + 4 + 4);
      assertThat(s.get("wire_bytes").asLong()).isEqualTo(18);
      JsonNode latency = s.get("latency_ms");
      double p50 = latency.get("p50").asDouble();
      double p90 = latency.get("p90").asDouble();
      double p99 = latency.get("p99").asDouble();
      assertThat(p50).isPositive();
      assertThat(p50).isLessThanOrEqualTo(p90);
      assertThat(p90).isLessThanOrEqualTo(p99);
      JsonNode slowest = s.get("slowest_hosts");
      assertThat(slowest.get(0).get("host").asText()).isEqualTo("a.test:" + names.server.port());
      assertThat(slowest.get(0).get("results").asInt()).isEqualTo(3);
      assertThat(slowest.findValuesAsText("host"))
          .contains("busy.test:" + names.server.port())
          .doesNotContain("exa mple.test");
      JsonNode slowed = s.get("slowed_hosts");
      assertThat(slowed).hasSize(1);
      assertThat(slowed.get(0).get("host").asText()).isEqualTo("busy.test:" + names.server.port());
      assertThat(slowed.get(0).get("throttles").asInt()).isEqualTo(1);
    }
  }

  @Test
  void theTextSummaryKeepsTheTalksLastLineAndWritesTheFiguresToStderr() throws Exception {
    try (Names names = new Names()) {
      List<String> args = new ArrayList<>(List.of("--retries", "0"));
      args.addAll(mixed(names));
      CliRun r = CliRun.of(names.args(args.toArray(String[]::new)));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.lines().getLast()).matches("Fetching all results took: \\d+\\.\\d{3} seconds");
      int port = names.server.port();
      assertThat(r.errLines())
          .contains("Statuses: 2xx 2, 4xx 1, 5xx 1; failures: InvalidUrl 1, ConnectionRefused 1")
          .contains("Bytes: 18 decoded, 18 on the wire")
          .anySatisfy(
              l ->
                  assertThat(l)
                      .matches(
                          "Latency: p50 \\d+\\.\\d{3} s, p90 \\d+\\.\\d{3} s, p99 \\d+\\.\\d{3} s"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .startsWith("Slowest hosts (total time): a.test:" + port + " ")
                      .contains("(3 URLs)")
                      .contains("busy.test:" + port))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .matches(
                          "Slowed hosts \\(429/503\\): busy\\.test:"
                              + port
                              + " for \\d+\\.\\d{3} s \\(1 refusal, still slowed\\)"));
    }
  }
}
