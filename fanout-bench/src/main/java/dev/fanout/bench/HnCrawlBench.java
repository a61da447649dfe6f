package dev.fanout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.ResponseCheck;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlListener;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.HnClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warm end-to-end crawl benchmark (issue 4, acceptance 5) against a replica running in another
 * process: crawls catalog stories several times in one JVM and prints, per run, the elapsed time,
 * items per second, and the (depth + 1) x latency bound, checking the counts against the catalog
 * each time.
 *
 * <p>Run (the replica in its own process; {@code fanout-bench/hn-bench.sh} does all of it):
 *
 * <pre>
 * ./fanout serve --port 8081 --latency 50ms &amp;
 * java -cp fanout-bench/target/fanout-bench.jar dev.fanout.bench.HnCrawlBench \
 *     --base http://127.0.0.1:8081 --latency-ms 50 -c 4096 --h2c --warmup 10 --runs 5 10000 wide10000
 * </pre>
 *
 * Options: {@code --cacert FILE} for a {@code --tls} replica, {@code --h2c} for HTTP/2 without TLS,
 * {@code --warmup N} rounds first; {@code -Dbench.timeline=true} prints when each depth's first and
 * last answers arrived.
 */
public final class HnCrawlBench {
  private HnCrawlBench() {}

  public static void main(String[] args) throws Exception {
    String base = "http://127.0.0.1:8081";
    int concurrency = 4096;
    int runs = 5;
    long latencyMs = 0;
    java.nio.file.Path cacert = null;
    boolean h2c = false;
    int warmup = 0;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--base" -> base = args[++i];
        case "-c" -> concurrency = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
        case "--cacert" -> cacert = java.nio.file.Path.of(args[++i]);
        case "--h2c" -> h2c = true;
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> names.add(args[i]);
      }
    }
    FetchOptions options =
        FetchOptions.builder()
            .concurrency(concurrency)
            .perHost(concurrency)
            .timeout(Duration.ofSeconds(30))
            .retries(3)
            .cacert(cacert)
            .h2c(h2c)
            .build();
    boolean failed = false;
    try (HnClient client = HnClient.create(URI.create(base + "/v0"), options)) {
      JsonNode catalog = catalog(client.fetcher(), base);
      // When each depth's first and last answers arrived: shows where a crawl loses time against
      // the
      // (depth + 1) x latency bound (the first answer at each depth is the critical path).
      long[] first = new long[64];
      long[] last = new long[64];
      long[] runStart = new long[1];
      boolean timeline = Boolean.getBoolean("bench.timeline");
      CrawlListener listener =
          (root, response, depth) -> {
            if (timeline && depth < first.length) {
              long at = System.nanoTime() - runStart[0];
              synchronized (first) {
                if (first[depth] == 0) {
                  first[depth] = at;
                }
                last[depth] = Math.max(last[depth], at);
              }
            }
          };
      CommentCrawler crawler = CommentCrawler.create(client, concurrency, listener);
      // Warm-up: both JVMs' JIT compilers need ~100,000 requests before the times settle (as JMH's
      // warm-up iterations); each story is crawled in turn, the times shown but not summarised.
      for (int round = 1; round <= warmup; round++) {
        StringBuilder line = new StringBuilder("warm-up " + round + ":");
        for (String name : names) {
          CrawlResult r = crawler.crawl(find(catalog, name).get("id").asLong());
          line.append(
              String.format(
                  Locale.ROOT,
                  " %s %.0f ms%s",
                  name,
                  r.elapsed().toNanos() / 1e6,
                  r.complete() ? "" : " (INCOMPLETE)"));
        }
        System.out.println(line);
      }
      for (String name : names) {
        JsonNode entry = find(catalog, name);
        List<Double> times = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        System.gc(); // each story starts from the same heap state
        long id = entry.get("id").asLong();
        int depth = entry.get("depth").asInt();
        double boundMs = 1.1 * (depth + 1) * latencyMs;
        for (int run = 1; run <= runs; run++) {
          java.util.Arrays.fill(first, 0);
          java.util.Arrays.fill(last, 0);
          runStart[0] = System.nanoTime();
          long cpuBefore = processCpuNanos();
          CrawlResult r = crawler.crawl(id);
          double ms = r.elapsed().toNanos() / 1e6;
          double cpuMs = (processCpuNanos() - cpuBefore) / 1e6;
          times.add(ms);
          cpus.add(cpuMs);
          boolean exact =
              r.complete()
                  && r.comments() == entry.get("comments").asLong()
                  && r.fetches() == entry.get("fetches").asLong()
                  && r.depth() == depth;
          failed |= !exact;
          System.out.printf(
              Locale.ROOT,
              "%-10s run %d: %,d fetches, depth %d, %.1f ms, %,.0f items/s, client CPU %.0f"
                  + " ms%s%s%n",
              name,
              run,
              r.fetches(),
              r.depth(),
              ms,
              r.fetches() / (ms / 1000),
              cpuMs,
              latencyMs > 0
                  ? String.format(
                      Locale.ROOT,
                      ", bound 1.1 x (depth+1) x %d ms = %.0f ms: %s",
                      latencyMs,
                      boundMs,
                      ms <= boundMs ? "within" : "OVER")
                  : "",
              exact ? "" : "  COUNTS WRONG: " + r);
          if (timeline) {
            StringBuilder line = new StringBuilder("  depth: first..last answer ms:");
            for (int d = 0; d <= Math.min(depth, first.length - 1); d++) {
              line.append(
                  String.format(Locale.ROOT, " %d:%.0f..%.0f", d, first[d] / 1e6, last[d] / 1e6));
            }
            System.out.println(line);
          }
        }
        java.util.Collections.sort(times);
        java.util.Collections.sort(cpus);
        double median = times.get(times.size() / 2);
        System.out.printf(
            Locale.ROOT,
            "%-10s %d runs%s: best %.1f ms, median %.1f ms, worst %.1f ms, client CPU median %.0f"
                + " ms%s%n",
            name,
            times.size(),
            warmup > 0 ? " after " + warmup + " warm-up rounds" : "",
            times.getFirst(),
            median,
            times.getLast(),
            cpus.get(cpus.size() / 2),
            latencyMs > 0
                ? String.format(
                    Locale.ROOT,
                    "; bound %.0f ms: median %s (%.2f x (depth+1) x latency)",
                    boundMs,
                    median <= boundMs ? "within" : "OVER",
                    median / ((depth + 1) * (double) latencyMs))
                : String.format(
                    Locale.ROOT,
                    "; median %,.0f items/s",
                    entry.get("fetches").asLong() / (median / 1000)));
      }
    }
    System.exit(failed ? 1 : 0);
  }

  /** CPU time of this process (every thread: ours, Jetty's, GC, JIT), in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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
