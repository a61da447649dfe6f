package dev.fanout.cli.shared;

import java.util.ArrayDeque;

/**
 * The ETA of a progress line, from the rate of the last few seconds: the average since the start
 * would carry a slow first moment (a cold JVM, a crawl whose budget grows) into every estimate, and
 * a two-second crawl would show minutes. Nothing is shown in the first second, nor while nothing
 * moves.
 */
public final class Eta {
  private static final long FIRST_SHOWN_NANOS = 1_000_000_000L;
  private static final long WINDOW_NANOS = 5_000_000_000L;
  private static final long SHORTEST_SPAN_NANOS = 200_000_000L;

  private final long startNanos;
  private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanos, done}

  public Eta(long startNanos) {
    this.startNanos = startNanos;
  }

  /**
   * Records {@code done} at {@code nowNanos} and returns e.g. {@code ETA 12s}, or null when there
   * is no estimate worth showing.
   *
   * @param total the expected total, or a negative number when unknown
   */
  public synchronized String at(long nowNanos, long done, long total) {
    samples.addLast(new long[] {nowNanos, done});
    // Keep one sample at or just past the window's start as the anchor the rate is measured from.
    while (samples.size() > 2 && nowNanos - secondOldest()[0] >= WINDOW_NANOS) {
      samples.removeFirst();
    }
    if (total < 0 || done <= 0 || done >= total || nowNanos - startNanos < FIRST_SHOWN_NANOS) {
      return null;
    }
    long[] first = samples.peekFirst();
    long span = nowNanos - first[0];
    long moved = done - first[1];
    if (span < SHORTEST_SPAN_NANOS) {
      span = nowNanos - startNanos;
      moved = done;
    }
    if (moved <= 0) {
      return null; // stalled: any number would be a guess
    }
    double perSecond = moved / (span / 1e9);
    return "ETA " + format(Math.max(1, Math.round((total - done) / perSecond)));
  }

  private long[] secondOldest() {
    var it = samples.iterator();
    it.next();
    return it.next();
  }

  /**
   * {@code 45s}, {@code 2m05s}, {@code 1h07m}: never {@code 16:30}, which reads as a time of day.
   */
  static String format(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
    }
    return seconds / 3600 + "h" + String.format("%02d", seconds / 60 % 60) + "m";
  }
}
