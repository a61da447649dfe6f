package dev.fanout.cli.fetch;

import dev.fanout.fetch.BodySink;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetched;
import dev.fanout.fetch.HostSlowdown;
import dev.fanout.fetch.RunSummary;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one machine-readable record, in output order, shared by JSON Lines and CSV (and by
 * the cluster's results, which carry the same fields).
 */
public final class Records {
  static final String[] COLUMNS = {
    "url",
    "final_url",
    "host",
    "status",
    "reason",
    "protocol",
    "elapsed_ms",
    "queued_ms",
    "bytes",
    "wire_bytes",
    "error",
    "message",
    "attempts",
    "redirects",
    "finished_at"
  };

  /** The columns --output-dir adds: where the body was saved, and its SHA-256. */
  static final String[] SAVED_COLUMNS = {"saved", "sha256"};

  private Records() {}

  /** {@link #of(FetchResult)}, with the saved columns when bodies are being saved. */
  static Map<String, Object> of(Fetched fetched, boolean saving) {
    Map<String, Object> m = of(fetched.result());
    if (saving) {
      BodySink.Saved saved = fetched.saved();
      m.put("saved", saved == null ? null : saved.path().toString());
      m.put("sha256", saved == null ? null : saved.sha256());
    }
    return m;
  }

  /** The fields of {@code fanout fetch --format jsonl} for {@code result}, in their order. */
  public static Map<String, Object> of(FetchResult result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", result.url());
    switch (result) {
      case FetchResult.Response r -> {
        m.put("final_url", r.finalUrl().toString());
        m.put("host", r.host());
        m.put("status", r.status());
        m.put("reason", r.reason());
        m.put("protocol", r.protocol());
      }
      case FetchResult.Failure f -> {
        m.put("final_url", null);
        m.put("host", hostOf(f.url()));
        m.put("status", null);
        m.put("reason", null);
        m.put("protocol", null);
      }
    }
    m.put("elapsed_ms", millis(result.elapsed().toNanos()));
    m.put("queued_ms", millis(result.queued().toNanos()));
    m.put("bytes", result instanceof FetchResult.Response r ? r.bytes() : null);
    m.put("wire_bytes", result instanceof FetchResult.Response r ? r.wireBytes() : null);
    m.put("error", result instanceof FetchResult.Failure f ? f.kind().label() : null);
    m.put("message", result instanceof FetchResult.Failure f ? f.message() : null);
    m.put("attempts", result.attempts());
    m.put("redirects", result.redirects());
    m.put("finished_at", result.finishedAt().toString());
    return m;
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1000.0) / 1000.0;
  }

  private static String hostOf(String url) {
    try {
      URI uri = new URI(url.strip());
      if (uri.getHost() == null) {
        return null;
      }
      return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (Exception e) {
      return null;
    }
  }

  static Map<String, Object> summary(ResultWriter.Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("summary", true);
    m.put("urls", s.urls());
    m.put("responses", s.responses());
    m.put("failures", s.failures());
    m.put("interrupted", s.interrupted());
    m.put("stopped_early", s.stoppedEarly());
    m.put("complete", !s.interrupted() && !s.stoppedEarly());
    m.put("elapsed_ms", millis(s.fetching().toNanos()));
    if (s.fibN() > 0) {
      m.put("cpu_fib_n", s.fibN());
      m.put("cpu_fib_ms", s.fib() == null ? null : millis(s.fib().toNanos()));
      m.put("total_ms", millis(s.total().toNanos()));
    }
    RunSummary stats = s.stats();
    m.put("status_classes", new LinkedHashMap<>(stats.statusClasses()));
    Map<String, Long> kinds = new LinkedHashMap<>();
    stats.failureKinds().forEach((kind, n) -> kinds.put(kind.label(), n));
    m.put("failure_kinds", kinds);
    m.put("bytes", stats.bytes());
    m.put("wire_bytes", stats.wireBytes());
    if (stats.latency() == null) {
      m.put("latency_ms", null);
    } else {
      Map<String, Object> latency = new LinkedHashMap<>();
      latency.put("p50", millis(stats.latency().p50()));
      latency.put("p90", millis(stats.latency().p90()));
      latency.put("p99", millis(stats.latency().p99()));
      m.put("latency_ms", latency);
    }
    List<Map<String, Object>> slowest = new java.util.ArrayList<>();
    for (RunSummary.HostTime h : stats.slowestHosts()) {
      Map<String, Object> host = new LinkedHashMap<>();
      host.put("host", h.host());
      host.put("results", h.results());
      host.put("total_ms", millis(h.total()));
      slowest.add(host);
    }
    m.put("slowest_hosts", slowest);
    List<Map<String, Object>> slowed = new java.util.ArrayList<>();
    for (HostSlowdown h : s.slowed()) {
      Map<String, Object> host = new LinkedHashMap<>();
      host.put("host", h.host());
      host.put("throttles", h.throttles());
      host.put("slowed_ms", millis(h.slowedFor()));
      host.put("longest_wait_ms", millis(h.longestWait()));
      host.put("slowed_at_end", h.slowedNow());
      slowed.add(host);
    }
    m.put("slowed_hosts", slowed);
    return m;
  }

  private static double millis(Duration d) {
    return millis(d.toNanos());
  }
}
