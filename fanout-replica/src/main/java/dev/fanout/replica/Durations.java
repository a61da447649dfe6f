package dev.fanout.replica;

import java.time.Duration;

/**
 * Formats durations as the command line writes them ({@code 0ms}, {@code 50ms}, {@code 2s}); the
 * CLI parses them, in its one grammar of durations.
 */
final class Durations {
  private Durations() {}

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 && ms > 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
