package dev.fanout.cli.fetch;

import dev.fanout.cli.shared.TerminalText;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.RunSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The talk's lines: {@code host status reason elapsed seconds}, or {@code Error retrieving URL url:
 * Kind (why)}.
 */
final class TextWriter implements ResultWriter {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean timestamps;

  TextWriter(PrintWriter out, PrintWriter err, boolean timestamps) {
    this.out = out;
    this.err = err;
    this.timestamps = timestamps;
  }

  static String line(FetchResult result) {
    return switch (result) {
      case FetchResult.Response r ->
          String.format(
              Locale.ROOT,
              "%-25.25s %d %s%.3f seconds",
              r.host(),
              r.status(),
              r.reason().isEmpty() ? "" : r.reason() + " ", // a server may send none
              seconds(r.elapsed()));
      case FetchResult.Failure f ->
          "Error retrieving URL " + f.url() + ": " + f.kind().label() + reason(f);
    };
  }

  /** The talk's line names only the kind; the reason follows in parentheses on the same line. */
  private static String reason(FetchResult.Failure f) {
    String message = f.message().strip();
    return message.isEmpty() ? "" : " (" + message + ")";
  }

  @Override
  public void result(FetchResult result) {
    String line = line(result);
    if (timestamps) {
      line = "[" + LocalTime.now().format(STAMP) + "] " + line;
    }
    // The URL (as read from -i), the reason phrase and the failure text come from outside.
    out.println(TerminalText.safe(line));
    out.flush();
  }

  @Override
  public void summary(Summary s) {
    out.println();
    if (s.interrupted()) {
      out.printf(
          Locale.ROOT,
          "INTERRUPTED: %d of %d URLs done (%d responses, %d failed) after %.3f seconds%n",
          s.responses() + s.failures(),
          s.urls(),
          s.responses(),
          s.failures(),
          seconds(s.fetching()));
    } else if (s.stoppedEarly()) {
      out.printf(
          Locale.ROOT,
          "Stopped at the first failure (--fail-fast): %d of %d URLs done, the rest cancelled;"
              + " took: %.3f seconds%n",
          s.responses() + s.failures(),
          s.urls(),
          seconds(s.fetching()));
    } else {
      out.printf(Locale.ROOT, "Fetching all results took: %.3f seconds%n", seconds(s.fetching()));
    }
    if (s.fibN() > 0) {
      if (s.fib() != null) {
        out.printf(Locale.ROOT, "N-th Fibonacci number took: %.3f seconds%n", seconds(s.fib()));
      }
      out.printf(Locale.ROOT, "CPU + I/O task took: %.3f seconds%n", seconds(s.total()));
    }
    out.flush();
    // The talk's last line stays stdout's last; the figures go to stderr, as in JSONL and CSV.
    for (String line : figures(s)) {
      err.println(TerminalText.safe(line));
    }
    err.flush();
  }

  /** The run's figures in words, a line each (see docs/decisions/0019). */
  static List<String> figures(Summary s) {
    RunSummary stats = s.stats();
    List<String> lines = new ArrayList<>();
    lines.add(
        "Statuses: "
            + (stats.statusClasses().isEmpty()
                ? "none"
                : stats.statusClasses().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")))
            + "; failures: "
            + (stats.failureKinds().isEmpty()
                ? "none"
                : stats.failureKinds().entrySet().stream()
                    .map(e -> e.getKey().label() + " " + e.getValue())
                    .collect(Collectors.joining(", "))));
    lines.add(
        String.format(
            Locale.ROOT, "Bytes: %d decoded, %d on the wire", stats.bytes(), stats.wireBytes()));
    RunSummary.Percentiles p = stats.latency();
    lines.add(
        p == null
            ? "Latency: no responses"
            : String.format(
                Locale.ROOT,
                "Latency: p50 %.3f s, p90 %.3f s, p99 %.3f s",
                seconds(p.p50()),
                seconds(p.p90()),
                seconds(p.p99())));
    lines.add(
        "Slowest hosts (total time): "
            + (stats.slowestHosts().isEmpty()
                ? "none"
                : stats.slowestHosts().stream()
                    .map(
                        h ->
                            String.format(
                                Locale.ROOT,
                                "%s %.3f s (%s)",
                                h.host(),
                                seconds(h.total()),
                                h.results() == 1 ? "1 URL" : h.results() + " URLs"))
                    .collect(Collectors.joining(", "))));
    lines.add(
        "Slowed hosts (429/503): "
            + (s.slowed().isEmpty()
                ? "none"
                : s.slowed().stream()
                    .map(
                        h ->
                            String.format(
                                Locale.ROOT,
                                "%s for %.3f s (%d %s%s)",
                                h.host(),
                                seconds(h.slowedFor()),
                                h.throttles(),
                                h.throttles() == 1 ? "refusal" : "refusals",
                                h.slowedNow() ? ", still slowed" : ""))
                    .collect(Collectors.joining(", "))));
    return lines;
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
