package dev.fanout.examples;

import dev.fanout.fetch.BatchOptions;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.Strategy;
import java.time.Duration;
import java.util.List;

/**
 * The same strategies with fanout's {@link Fetcher}: results are values, one bad URL sinks nothing.
 */
public final class FanoutStrategies {
  private FanoutStrategies() {}

  // doc:begin
  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      FetchOptions.Builder options =
          FetchOptions.builder().retries(0).timeout(Duration.ofSeconds(5));
      internet.pins().forEach((host, address) -> options.resolve(host, 80, address)); // --resolve
      try (Fetcher fetcher = Fetcher.create(options.build())) {
        List<String> urls = LoopbackInternet.URLS_WITH_BAD_ONE;

        System.out.println("### gather: input order, once all are done");
        long start = System.nanoTime();
        fetcher.gather(urls).forEach(FanoutStrategies::print);
        System.out.printf("Fetching all results took: %.3f seconds%n", Talk.secondsSince(start));

        System.out.println("### as completed: each as it arrives");
        fetcher.asCompleted(urls, FanoutStrategies::print);

        System.out.println("### as completed, fail-fast: stop at the first failure");
        start = System.nanoTime();
        var failFast =
            BatchOptions.builder().strategy(Strategy.AS_COMPLETED).failFast(true).build();
        var batch = fetcher.run(urls, failFast, FanoutStrategies::print);
        System.out.printf(
            "stopped early: %s after %.3f seconds%n",
            batch.stoppedEarly(), Talk.secondsSince(start));
      }
    }
  }

  static void print(FetchResult result) {
    switch (result) {
      case FetchResult.Response r ->
          System.out.printf(
              "%-25.25s %d %s %.3f seconds%n",
              r.host(), r.status(), r.reason(), r.elapsed().toNanos() / 1e9);
      case FetchResult.Failure f ->
          System.out.println("Error retrieving URL " + f.url() + ": " + f.kind().label());
    }
  }
  // doc:end
}
