package dev.fanout.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How a mirror run behaves.
 *
 * @param concurrency item requests in flight at most (the fetcher may bound them further)
 * @param users also store the profiles of the items' authors
 * @param follow after the selection, keep polling {@code maxitem} and {@code updates} until
 *     interrupted
 * @param pollInterval the pause between polls when following
 */
public record MirrorOptions(int concurrency, boolean users, boolean follow, Duration pollInterval) {
  public MirrorOptions {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency < 1: " + concurrency);
    }
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive: " + pollInterval);
    }
  }

  public static MirrorOptions defaults() {
    return new MirrorOptions(256, false, false, Duration.ofSeconds(5));
  }

  public MirrorOptions withConcurrency(int value) {
    return new MirrorOptions(value, users, follow, pollInterval);
  }

  public MirrorOptions withUsers(boolean value) {
    return new MirrorOptions(concurrency, value, follow, pollInterval);
  }

  public MirrorOptions withFollow(boolean value, Duration interval) {
    return new MirrorOptions(concurrency, users, value, interval);
  }
}
