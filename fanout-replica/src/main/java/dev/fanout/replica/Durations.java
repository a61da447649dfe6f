package dev.fanout.replica;

import java.time.Duration;

/** Parses and formats the short durations of the command line: {@code 0}, {@code 50ms}, {@code 2s}. */
final class Durations {
  private Durations() {}

  static Duration parse(String text) {
    String s = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.equals("0")) {
        return Duration.ZERO;
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "bad duration: '" + text + "' (use e.g. 0, 50ms, 2s, or a range 20ms..400ms)");
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 && ms > 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
