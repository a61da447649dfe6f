package dev.fanout.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * A host that answered 429 or 503 and was slowed for it (see {@link FetchOptions#hostBackoff()}).
 *
 * @param host {@code host:port}, lower case
 * @param throttles its 429 and 503 answers
 * @param slowedFor how long it was slowed in all, up to now for a host still slowed
 * @param longestWait the longest wait it was given at once (a Retry-After or the back-off's delay)
 * @param slowedNow whether it is still slowed
 */
public record HostSlowdown(
    String host, int throttles, Duration slowedFor, Duration longestWait, boolean slowedNow) {
  public HostSlowdown {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(slowedFor, "slowedFor");
    Objects.requireNonNull(longestWait, "longestWait");
  }
}
