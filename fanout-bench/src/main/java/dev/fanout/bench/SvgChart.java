package dev.fanout.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart as SVG, with a min–max bar at every point: enough for "time vs size" and "items/s vs
 * concurrency", written by our own code so the charts regenerate with the numbers.
 */
final class SvgChart {
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"
  };
  private static final int W = 720;
  private static final int H = 420;
  private static final int LEFT = 80;
  private static final int RIGHT = 180;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;

  /** One point: x, and the sample measured there. */
  record Point(double x, Sample y) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;
  private final boolean logY;
  private final Map<String, List<Point>> series = new LinkedHashMap<>();

  SvgChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
    this.logY = logY;
  }

  SvgChart add(String name, double x, Sample y) {
    if (!y.isEmpty()) {
      series.computeIfAbsent(name, k -> new ArrayList<>()).add(new Point(x, y));
    }
    return this;
  }

  boolean isEmpty() {
    return series.isEmpty();
  }

  String svg() {
    double minX = Double.MAX_VALUE,
        maxX = -Double.MAX_VALUE,
        minY = Double.MAX_VALUE,
        maxY = -Double.MAX_VALUE;
    for (List<Point> points : series.values()) {
      for (Point p : points) {
        minX = Math.min(minX, p.x());
        maxX = Math.max(maxX, p.x());
        minY = Math.min(minY, p.y().min());
        maxY = Math.max(maxY, p.y().max());
      }
    }
    if (series.isEmpty()) {
      minX = minY = 1;
      maxX = maxY = 10;
    }
    if (!logY) {
      minY = 0;
    }
    Axis xAxis = new Axis(minX, maxX, logX, LEFT, W - RIGHT);
    Axis yAxis = new Axis(minY, maxY * (logY ? 1.3 : 1.1), logY, H - BOTTOM, TOP);
    StringBuilder sb = new StringBuilder();
    sb.append(
        f(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\" font-size=\"12\">\n",
            W, H, W, H));
    sb.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H));
    sb.append(
        f(
            "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>\n",
            LEFT, esc(title)));
    sb.append(
        f(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
            LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
    sb.append(
        f(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
            LEFT, TOP, LEFT, H - BOTTOM));
    for (double t : xAxis.ticks()) {
      double px = xAxis.map(t);
      sb.append(
          f(
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
              px, TOP, px, H - BOTTOM));
      sb.append(
          f(
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
              px, H - BOTTOM + 16, label(t)));
    }
    for (double t : yAxis.ticks()) {
      double py = yAxis.map(t);
      sb.append(
          f(
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
              LEFT, py, W - RIGHT, py));
      sb.append(
          f(
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
              LEFT - 6, py + 4, label(t)));
    }
    sb.append(
        f(
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
            (LEFT + W - RIGHT) / 2, H - 18, esc(xLabel)));
    sb.append(
        f(
            "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18"
                + " %d)\">%s</text>\n",
            (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, esc(yLabel)));
    int i = 0;
    for (Map.Entry<String, List<Point>> s : series.entrySet()) {
      String colour = COLOURS[i % COLOURS.length];
      List<Point> points = new ArrayList<>(s.getValue());
      points.sort((a, b) -> Double.compare(a.x(), b.x()));
      StringBuilder path = new StringBuilder();
      for (Point p : points) {
        double px = xAxis.map(p.x());
        path.append(path.isEmpty() ? "M" : " L")
            .append(f("%.1f %.1f", px, yAxis.map(p.y().median())));
        sb.append(
            f(
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                px, yAxis.map(p.y().min()), px, yAxis.map(p.y().max()), colour));
        sb.append(
            f(
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>\n",
                px, yAxis.map(p.y().median()), colour));
      }
      sb.append(
          f("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", path, colour));
      int ly = TOP + 10 + i * 20;
      sb.append(
          f(
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>\n",
              W - RIGHT + 12, ly, W - RIGHT + 32, ly, colour));
      sb.append(f("<text x=\"%d\" y=\"%d\">%s</text>\n", W - RIGHT + 38, ly + 4, esc(s.getKey())));
      i++;
    }
    sb.append(
        f(
            "<text x=\"%d\" y=\"%d\" fill=\"#666\" font-size=\"10\">points: median; bars:"
                + " min–max</text>\n",
            W - RIGHT + 12, H - BOTTOM));
    sb.append("</svg>\n");
    return sb.toString();
  }

  private record Axis(double min, double max, boolean log, double from, double to) {
    double map(double v) {
      double lo = log ? Math.log10(min) : min;
      double hi = log ? Math.log10(max) : max;
      double x = log ? Math.log10(Math.max(v, min)) : v;
      double t = hi == lo ? 0.5 : (x - lo) / (hi - lo);
      return from + t * (to - from);
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      if (log) {
        for (double d = Math.pow(10, Math.floor(Math.log10(min))); d <= max * 1.0001; d *= 10) {
          for (double m : new double[] {1, 2, 5}) {
            if (d * m >= min * 0.9999 && d * m <= max * 1.0001) {
              ticks.add(d * m);
            }
          }
        }
        return ticks;
      }
      double step = Math.pow(10, Math.floor(Math.log10((max - min) / 5)));
      for (double m : new double[] {1, 2, 5, 10}) {
        if ((max - min) / (step * m) <= 6) {
          step *= m;
          break;
        }
      }
      for (double t = Math.ceil(min / step) * step; t <= max; t += step) {
        ticks.add(t);
      }
      return ticks;
    }
  }

  private static String label(double v) {
    if (v >= 1000 && v % 1000 == 0) {
      return f("%.0fk", v / 1000);
    }
    return v == Math.rint(v) ? f("%.0f", v) : f("%.2g", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
