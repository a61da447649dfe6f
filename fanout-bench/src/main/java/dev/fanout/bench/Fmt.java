package dev.fanout.bench;

import java.util.Locale;

/** Number formatting for the document: one locale, fixed decimals. */
final class Fmt {
  private Fmt() {}

  static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  static String n(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** a / b as {@code 1.23x}, or – when either is missing. */
  static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : f("%.2fx", a / b);
  }
}
