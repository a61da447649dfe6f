package dev.fanout.replica;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the replica holds each response before sending it: none, fixed, or uniformly spread over
 * a range. Holds never block a platform thread (they are timers).
 *
 * @param min the shortest hold, {@code >= 0}
 * @param max the longest hold, {@code >= min}
 */
public record Latency(Duration min, Duration max) {

  public Latency {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isNegative()) {
      throw new IllegalArgumentException("latency < 0: " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency range max < min: " + min + ".." + max);
    }
  }

  public static Latency none() {
    return new Latency(Duration.ZERO, Duration.ZERO);
  }

  public static Latency fixed(Duration latency) {
    return new Latency(latency, latency);
  }

  public static Latency range(Duration min, Duration max) {
    return new Latency(min, max);
  }

  public boolean isNone() {
    return max.isZero();
  }

  /** The hold in nanoseconds for a request, given a uniform random {@code u} in [0, 1). */
  long nanos(double u) {
    long lo = min.toNanos();
    long hi = max.toNanos();
    return lo == hi ? lo : lo + (long) ((hi - lo) * u);
  }

  @Override
  public String toString() {
    return min.equals(max)
        ? Durations.format(min)
        : Durations.format(min) + ".." + Durations.format(max);
  }
}
