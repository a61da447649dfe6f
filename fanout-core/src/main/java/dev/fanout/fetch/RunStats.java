package dev.fanout.fetch;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up a run's results for its summary: responses per status class, failures per kind, bytes,
 * latency percentiles and the slowest hosts (see {@link RunSummary}). Feed it each result (e.g.
 * from the sink of {@link Fetcher#runFetched}); read {@link #summary()} at any time.
 *
 * <p>Thread-safe. Keeps one {@code long} per response (exact percentiles; 8 MB for a million) and
 * one entry per host.
 */
public final class RunStats {
  /** How many of the slowest hosts the summary names. */
  public static final int SLOWEST_HOSTS = 5;

  private final Map<String, Long> statusClasses = new TreeMap<>();
  private final Map<FailureKind, Long> failureKinds = new EnumMap<>(FailureKind.class);
  private final Map<String, long[]> hosts = new HashMap<>(); // host -> {results, total nanos}
  private long bytes;
  private long wireBytes;
  private long[] latencies = new long[64];
  private int responses;

  /** Counts one result. */
  public synchronized void add(FetchResult result) {
    switch (result) {
      case FetchResult.Response r -> {
        statusClasses.merge(r.status() / 100 + "xx", 1L, Long::sum);
        bytes += r.bytes();
        wireBytes += r.wireBytes();
        if (responses == latencies.length) {
          latencies = Arrays.copyOf(latencies, responses * 2);
        }
        latencies[responses++] = r.elapsed().toNanos();
      }
      case FetchResult.Failure f -> failureKinds.merge(f.kind(), 1L, Long::sum);
    }
    String host =
        result instanceof FetchResult.Failure f && f.kind() == FailureKind.INVALID_URL
            ? null // never reached a host
            : host(result.url());
    if (host != null) {
      long[] h = hosts.computeIfAbsent(host, k -> new long[2]);
      h[0]++;
      h[1] += result.elapsed().toNanos();
    }
  }

  /** The figures so far. */
  public synchronized RunSummary summary() {
    RunSummary.Percentiles latency = null;
    if (responses > 0) {
      long[] sorted = Arrays.copyOf(latencies, responses);
      Arrays.sort(sorted);
      latency = new RunSummary.Percentiles(rank(sorted, 50), rank(sorted, 90), rank(sorted, 99));
    }
    List<RunSummary.HostTime> slowest =
        hosts.entrySet().stream()
            .map(
                e ->
                    new RunSummary.HostTime(
                        e.getKey(), e.getValue()[0], Duration.ofNanos(e.getValue()[1])))
            .sorted(
                Comparator.comparing(RunSummary.HostTime::total)
                    .reversed()
                    .thenComparing(RunSummary.HostTime::host))
            .limit(SLOWEST_HOSTS)
            .toList();
    return new RunSummary(statusClasses, failureKinds, bytes, wireBytes, latency, slowest);
  }

  /** The nearest-rank percentile: the smallest value with at least p% of the values at or below. */
  private static Duration rank(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return Duration.ofNanos(sorted[Math.max(0, index)]);
  }

  /**
   * The URL's {@code host:port} as the request named it (the port when given), lower case, or null.
   * Read off the text rather than parsed again: a full parse per result cost 4 µs, most of what
   * counting a result costs (docs/decisions/0019).
   */
  static String host(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && "/?#\\".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at >= start) {
      start = at + 1;
    }
    return start == end ? null : url.substring(start, end).strip().toLowerCase(Locale.ROOT);
  }
}
