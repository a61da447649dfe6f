package dev.fanout.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run's results add up to (see {@link RunStats}), as Scrapy's stats or httpx's {@code
 * -stats} give it.
 *
 * @param statusClasses responses per status class ({@code "2xx"}, {@code "4xx"}...), in class order
 * @param failureKinds failures per kind, in the kinds' order
 * @param bytes the responses' bodies, decoded
 * @param wireBytes the responses' bodies as they came over the wire
 * @param latency the responses' elapsed time at the 50th, 90th and 99th percentiles (nearest rank,
 *     exact), or null without a response
 * @param slowestHosts the hosts that took the most time in all (the sum of their results' elapsed
 *     time, responses and failures), at most {@link RunStats#SLOWEST_HOSTS}, slowest first
 */
public record RunSummary(
    Map<String, Long> statusClasses,
    Map<FailureKind, Long> failureKinds,
    long bytes,
    long wireBytes,
    Percentiles latency,
    List<HostTime> slowestHosts) {
  public RunSummary {
    statusClasses = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(statusClasses));
    failureKinds = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(failureKinds));
    slowestHosts = List.copyOf(slowestHosts);
  }

  /** Latency percentiles; {@code p50 <= p90 <= p99}. */
  public record Percentiles(Duration p50, Duration p90, Duration p99) {
    public Percentiles {
      Objects.requireNonNull(p50, "p50");
      Objects.requireNonNull(p90, "p90");
      Objects.requireNonNull(p99, "p99");
    }
  }

  /**
   * One host's share of the run.
   *
   * @param host {@code host:port} as the results' URLs name it
   * @param results the results of URLs at this host
   * @param total the sum of their elapsed times
   */
  public record HostTime(String host, long results, Duration total) {
    public HostTime {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(total, "total");
    }
  }
}
