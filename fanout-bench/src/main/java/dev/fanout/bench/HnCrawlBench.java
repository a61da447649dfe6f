package dev.fanout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.ResponseCheck;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.HnClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warm end-to-end crawl benchmark (issue 4, acceptance 5) against a replica running in another
 * process: crawls catalog stories several times in one JVM and prints, per run, the elapsed time, items
 * per second, and the (depth + 1) x latency bound, checking the counts against the catalog each time.
 *
 * <p>Run (the replica in its own process; {@code fanout-bench/hn-bench.sh} does all of it):
 * <pre>
 * ./fanout serve --port 8081 --latency 50ms &amp;
 * java -cp fanout-bench/target/fanout-bench.jar dev.fanout.bench.HnCrawlBench \
 *     --base http://127.0.0.1:8081 --latency-ms 50 -c 4096 --runs 5 10000 wide10000 deep10000
 * </pre>
 */
public final class HnCrawlBench {
  private HnCrawlBench() {}

  public static void main(String[] args) throws Exception {
    String base = "http://127.0.0.1:8081";
    int concurrency = 4096;
    int runs = 5;
    long latencyMs = 0;
    java.nio.file.Path cacert = null;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--base" -> base = args[++i];
        case "-c" -> concurrency = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
        case "--cacert" -> cacert = java.nio.file.Path.of(args[++i]);
        default -> names.add(args[i]);
      }
    }
    FetchOptions options = HnClient.withApiRetries(FetchOptions.builder()
        .concurrency(concurrency).perHost(concurrency).timeout(Duration.ofSeconds(30)).retries(3).cacert(cacert).build());
    boolean failed = false;
    try (Fetcher fetcher = Fetcher.create(options)) {
      JsonNode catalog = catalog(fetcher, base);
      CommentCrawler crawler = CommentCrawler.create(HnClient.create(fetcher, URI.create(base + "/v0")), concurrency);
      for (String name : names) {
        JsonNode entry = find(catalog, name);
        System.gc(); // each story starts from the same heap state
        long id = entry.get("id").asLong();
        int depth = entry.get("depth").asInt();
        double boundMs = 1.1 * (depth + 1) * latencyMs;
        for (int run = 1; run <= runs; run++) {
          CrawlResult r = crawler.crawl(id);
          double ms = r.elapsed().toNanos() / 1e6;
          boolean exact = r.complete() && r.comments() == entry.get("comments").asLong()
              && r.fetches() == entry.get("fetches").asLong() && r.depth() == depth;
          failed |= !exact;
          System.out.printf(Locale.ROOT,
              "%-10s run %d: %,d fetches, depth %d, %.1f ms, %,.0f items/s%s%s%n", name, run, r.fetches(),
              r.depth(), ms, r.fetches() / (ms / 1000), latencyMs > 0
                  ? String.format(Locale.ROOT, ", bound 1.1 x (depth+1) x %d ms = %.0f ms: %s", latencyMs, boundMs,
                      ms <= boundMs ? "within" : "OVER")
                  : "",
              exact ? "" : "  COUNTS WRONG: " + r);
        }
      }
    }
    System.exit(failed ? 1 : 0);
  }

  private static JsonNode catalog(Fetcher fetcher, String base) throws Exception {
    FetchResult result = fetcher.fetch(base + "/__catalog", true, ResponseCheck.ACCEPT_ALL);
    if (!(result instanceof FetchResult.Response r) || r.status() != 200) {
      throw new IllegalStateException("no catalog at " + base + "/__catalog: " + result);
    }
    return new ObjectMapper().readTree(r.body());
  }

  private static JsonNode find(JsonNode catalog, String name) {
    JsonNode entries = catalog.isArray() ? catalog : catalog.path("entries");
    for (JsonNode e : entries) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("no catalog story named '" + name + "'");
  }
}
