package dev.fanout.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Repeated measurements of one figure, summarised as median with min–max (the suite's only
 * summary).
 *
 * @param values the measurements in the order taken (copied); may be empty when nothing succeeded
 */
public record Sample(List<Double> values) {
  public Sample {
    values = List.copyOf(values);
  }

  /** A sample of the given values. */
  public static Sample of(double... values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return new Sample(list);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public double median() {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  public double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** {@code median (min–max)} with the given number of decimals, or {@code –} when empty. */
  public String format(int decimals) {
    if (values.isEmpty()) {
      return "–";
    }
    String f = "%." + decimals + "f";
    String median = String.format(Locale.ROOT, f, median());
    if (values.size() == 1) {
      return median + " (1 run)";
    }
    return median
        + " ("
        + String.format(Locale.ROOT, f, min())
        + "–"
        + String.format(Locale.ROOT, f, max())
        + ")";
  }
}
