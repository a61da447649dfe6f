package dev.fanout.cli.demo;

import dev.fanout.fetch.FetchResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's closing comparison: each strategy's total time against the sum and the slowest of its
 * requests, and each crawl's time against its bound. Rows are added as sections run; not
 * thread-safe (sections run one after another).
 */
final class DemoTable {
  /**
   * A batch of fetches: {@code total} wall time, {@code sum} and {@code slowest} of its requests.
   */
  record Strategy(String name, int requests, Duration total, Duration sum, Duration slowest) {}

  /**
   * A crawl: {@code bound} is the injected latency along the slowest root-to-leaf path, {@code
   * (deepest + 1) x latency}, under which no crawl can finish.
   */
  record Crawl(String name, long fetches, int deepest, Duration latency, Duration time) {
    Duration bound() {
      return latency.multipliedBy(deepest + 1L);
    }
  }

  private final List<Strategy> strategies = new ArrayList<>();
  private final List<Crawl> crawls = new ArrayList<>();

  void add(String name, Duration total, List<? extends FetchResult> results) {
    Duration sum = Duration.ZERO;
    Duration slowest = Duration.ZERO;
    for (FetchResult result : results) {
      sum = sum.plus(result.elapsed());
      slowest = result.elapsed().compareTo(slowest) > 0 ? result.elapsed() : slowest;
    }
    strategies.add(new Strategy(name, results.size(), total, sum, slowest));
  }

  void add(Strategy row) {
    strategies.add(row);
  }

  void add(Crawl crawl) {
    crawls.add(crawl);
  }

  boolean isEmpty() {
    return strategies.isEmpty() && crawls.isEmpty();
  }

  List<Strategy> strategies() {
    return List.copyOf(strategies);
  }

  void print(PrintWriter out) {
    if (!strategies.isEmpty()) {
      out.printf(
          "%-36s %8s %9s %9s %9s %11s %11s%n",
          "strategy", "requests", "total", "sum", "slowest", "total/sum", "total/slow");
      for (Strategy s : strategies) {
        out.printf(
            "%-36.36s %8d %9s %9s %9s %11s %11s%n",
            s.name(),
            s.requests(),
            seconds(s.total()),
            seconds(s.sum()),
            seconds(s.slowest()),
            ratio(s.total(), s.sum()),
            ratio(s.total(), s.slowest()));
      }
    }
    if (!crawls.isEmpty()) {
      if (!strategies.isEmpty()) {
        out.println();
      }
      out.printf(
          "%-36s %8s %9s %9s %30s%n",
          "crawl", "fetches", "time", "bound", "bound = (depth+1) x latency");
      for (Crawl c : crawls) {
        out.printf(
            "%-36.36s %8d %9s %9s %30s%n",
            c.name(),
            c.fetches(),
            seconds(c.time()),
            seconds(c.bound()),
            String.format(
                "(%d+1) x %d ms, time/bound %s",
                c.deepest(), c.latency().toMillis(), ratio(c.time(), c.bound())));
      }
    }
  }

  static String seconds(Duration d) {
    return String.format("%.3f s", d.toNanos() / 1e9);
  }

  private static String ratio(Duration a, Duration b) {
    return b.isZero() ? "-" : String.format("%.2f", (double) a.toNanos() / b.toNanos());
  }
}
