package dev.fanout.bench;

import dev.fanout.fetch.BatchOptions;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.Strategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Issue 2, acceptance 2 in figures: URLs answering after 300, 100 and 200 ms under each strategy —
 * the order results are handed over and the wall time against the sum (600 ms) and the max (300
 * ms).
 *
 * <p>Run: {@code ./fanout-bench/run FetchModesBench [--rounds 5]}. Server in a child process; one
 * warm-up batch first; the median of the rounds is printed.
 */
public final class FetchModesBench {
  public static void main(String[] args) throws Exception {
    int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 5;
    try (ServerProcess server = ServerProcess.start();
        Fetcher fetcher = Fetcher.create(FetchOptions.defaults())) {
      List<Integer> delays = List.of(300, 100, 200);
      List<String> urls = delays.stream().map(d -> server.http + "/delay/" + d).toList();
      fetcher.gather(urls);
      System.out.println(
          "| mode | order handed over (ms delays) | median wall ms | / sum (600) | / max (300) |");
      System.out.println("|---|---|---|---|---|");
      for (Strategy strategy : Strategy.values()) {
        List<Double> walls = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          order.clear();
          long t0 = System.nanoTime();
          fetcher.run(urls, BatchOptions.of(strategy), r -> order.add(delayOf(r)));
          walls.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(walls);
        double median = walls.get(walls.size() / 2);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.1f | %.2f | %.2f |%n",
            strategy,
            String.join(", ", order),
            median,
            median / 600,
            median / 300);
      }
    }
  }

  private static String delayOf(FetchResult result) {
    return result.url().substring(result.url().lastIndexOf('/') + 1);
  }
}
