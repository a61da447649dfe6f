package dev.fanout.replica;

import java.time.Duration;
import java.util.Objects;

/**
 * A web site the replica pretends to be when a request's {@code Host} header names it (the talk's
 * demo fetches python.org and friends; clients pin the name to 127.0.0.1). It answers a small HTML
 * page after {@code latency}, or, when {@code redirectTo} is set, a 301 to the same path on that
 * host (e.g. {@code python.org -> www.python.org}).
 *
 * @param latency hold before answering, {@code >= 0}
 * @param redirectTo the host to redirect to, or {@code null} to serve the page
 */
public record Site(Duration latency, String redirectTo) {
  public Site {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("site latency < 0: " + latency);
    }
    if (redirectTo != null && redirectTo.isBlank()) {
      throw new IllegalArgumentException("site redirectTo is blank; use null for no redirect");
    }
  }

  public static Site page(Duration latency) {
    return new Site(latency, null);
  }

  public static Site redirect(String toHost) {
    return new Site(Duration.ZERO, toHost);
  }
}
