package dev.fanout.replica;

import java.util.Map;

/**
 * What a replica served so far (a snapshot; also at {@code GET /__stats}).
 *
 * @param requests requests received (every path)
 * @param byStatus responses started, per HTTP status
 * @param faults faults injected, per kind ({@code 503}, {@code hang}, {@code reset}, ...)
 * @param inFlight requests received and not yet finished
 * @param peakInFlight the most requests in flight at once
 * @param clientAborts requests whose client went away before the response was complete
 */
public record ReplicaStats(
    long requests,
    Map<Integer, Long> byStatus,
    Map<String, Long> faults,
    int inFlight,
    int peakInFlight,
    long clientAborts) {
  public ReplicaStats {
    byStatus = Map.copyOf(byStatus);
    faults = Map.copyOf(faults);
  }

  public long status(int code) {
    return byStatus.getOrDefault(code, 0L);
  }

  public long faultCount(String kind) {
    return faults.getOrDefault(kind, 0L);
  }

  public long faultsTotal() {
    return faults.values().stream().mapToLong(Long::longValue).sum();
  }
}
