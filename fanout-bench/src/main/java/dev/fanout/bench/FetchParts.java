package dev.fanout.bench;

import static dev.fanout.bench.Fmt.f;
import static dev.fanout.bench.Fmt.n;
import static dev.fanout.bench.Fmt.ratio;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Parts 4 and 5: the talk's fetch strategies on URLs of known delays, and the transport/concurrency
 * sweep with per-request latency percentiles. Both through {@code fanout fetch} as a child process,
 * against a zero-latency replica in its own process.
 */
final class FetchParts {
  private static final String[] MODES = {
    "sequential", "gather", "as-completed", "ordered", "threads"
  };

  private final BenchConfig config;
  private final Runs runs;
  private final Path work;
  private final PrintStream log;
  private Section strategies;
  private Section transports;

  FetchParts(BenchConfig config, Runs runs, Path work, PrintStream log) {
    this.config = config;
    this.runs = runs;
    this.work = work;
    this.log = log;
  }

  /** Measures both parts on the shared zero-latency replica (not closed here). */
  void measure(ReplicaProcess replica) {
    try {
      log.println("bench: replica at " + replica.api() + " for fetch");
      strategies = strategies(replica);
      transports = transports(replica);
    } catch (IOException | RuntimeException e) {
      strategies =
          Section.notMeasured(
              "4. Fetch strategies", "the replica could not be used: " + e.getMessage());
      transports =
          Section.notMeasured(
              "5. Transports and concurrency", "the replica could not be used: " + e.getMessage());
    }
  }

  Section strategiesSection() {
    return strategies;
  }

  Section transportsSection() {
    return transports;
  }

  private Section strategies(ReplicaProcess replica) throws IOException {
    int count = config.quick() ? 10 : 100;
    List<Integer> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      delays.add(50 + (int) Math.round(450.0 * i / (count - 1)));
    }
    Collections.shuffle(delays, new Random(7));
    List<String> urls = delays.stream().map(d -> replica.base() + "/delay/" + d).toList();
    Path file = Files.write(work.resolve("strategy-urls.txt"), urls);
    double sum = delays.stream().mapToInt(Integer::intValue).sum() / 1000.0;
    double slowest = Collections.max(delays) / 1000.0;
    List<String> findings = new ArrayList<>();
    Table table =
        new Table(
            "mode",
            "cold total s",
            "cold / sum",
            "cold / slowest",
            "warm total s",
            "warm / slowest");
    for (String mode : MODES) {
      boolean sequential = mode.equals("sequential");
      Sample s = runs.fetchMode(mode, file, count, 100, sequential ? 1 : config.runs(), findings);
      Sample warm =
          sequential
              ? new Sample(List.of())
              : runs.fetchModeWarm(mode, file, count, 100, config.runs(), findings);
      table.row(
          mode,
          s.format(3),
          ratio(s.median(), sum),
          ratio(s.median(), slowest),
          warm.format(3),
          ratio(warm.median(), slowest));
      if (s.isEmpty()) {
        continue;
      }
      if (sequential && s.median() < sum) {
        findings.add(
            f(
                "sequential took %.3f s, less than the sum of the delays %.3f s: the replica's"
                    + " /delay is not honoured.",
                s.median(), sum));
      } else if (!sequential && s.median() > 1.25 * slowest) {
        String why =
            !warm.isEmpty() && warm.median() <= 1.25 * slowest
                ? f(
                    "Warm (the same command again in one JVM) it takes %.3f s, within the goal: the"
                        + " cold excess of %.0f ms is the JVM loading and compiling the HTTP client"
                        + " on its first requests, paid once per process.",
                    warm.median(), (s.median() - slowest) * 1000)
                : warm.isEmpty()
                    ? "No warm figure was measured, so start-up and steady-state cost cannot be"
                        + " told apart."
                    : f(
                        "Warm it takes %.3f s, still %.2fx the slowest URL: start-up explains %.0f"
                            + " ms of the cold excess; the remaining %.0f ms is client and server"
                            + " work for %d requests in flight at once on %d shared cores.",
                        warm.median(),
                        warm.median() / slowest,
                        (s.median() - warm.median()) * 1000,
                        (warm.median() - slowest) * 1000,
                        count,
                        Runtime.getRuntime().availableProcessors());
        findings.add(
            f(
                "**Goal missed** (cold): %s took %.3f s, %.2fx the slowest URL (%.3f s). %s",
                mode, s.median(), s.median() / slowest, slowest, why));
      }
    }
    String body =
        f(
                "`fanout fetch --mode MODE -c 100 -i FILE` on %d URLs of the replica's"
                    + " `/delay/{ms}`, delays spread evenly over 50–500 ms in shuffled order: sum"
                    + " %.3f s, slowest %.3f s. Total is the command's own `Fetching all results"
                    + " took` line; cold = a fresh JVM per run, warm = the same command again in"
                    + " one JVM after one warm-up run. Sequential runs once, cold (it takes the sum"
                    + " by design). Goal: every concurrent mode within 1.25x the slowest URL.%n%n",
                count, sum, slowest)
            + table.markdown();
    return new Section("4. Fetch strategies", body, findings, Map.of());
  }

  private Section transports(ReplicaProcess replica) throws IOException {
    List<Integer> levels = config.quick() ? List.of(16, 256) : List.of(16, 64, 256, 1024, 4096);
    int count = config.quick() ? 1_000 : 20_000;
    ReplicaProcess.Story story = replica.story("10000");
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      urls.add(replica.api() + "/item/" + (story.id() + i) + ".json");
    }
    Path file = Files.write(work.resolve("transport-urls.txt"), urls);
    List<String> findings = new ArrayList<>();
    Table table = new Table("protocol", "concurrency", "items/s", "p50 ms", "p99 ms");
    SvgChart chart =
        new SvgChart(
            "Items/s vs concurrency (zero latency)", "concurrency (-c)", "items/s", true, false);
    Map<String, Map<Integer, Runs.Batch>> results = new LinkedHashMap<>();
    for (boolean h2c : new boolean[] {false, true}) {
      String protocol = h2c ? "HTTP/2 (h2c)" : "HTTP/1.1";
      for (int c : levels) {
        Runs.Batch b = runs.fetchBatch(file, count, c, h2c, config.runs(), findings);
        results.computeIfAbsent(protocol, k -> new LinkedHashMap<>()).put(c, b);
        table.row(
            protocol, n(c), b.itemsPerSecond().format(0), b.p50().format(2), b.p99().format(2));
        chart.add(protocol, c, b.itemsPerSecond());
      }
    }
    for (int c : levels) {
      Runs.Batch h1 = results.get("HTTP/1.1").get(c), h2 = results.get("HTTP/2 (h2c)").get(c);
      if (!h1.itemsPerSecond().isEmpty()
          && !h2.itemsPerSecond().isEmpty()
          && h2.itemsPerSecond().median() < 0.9 * h1.itemsPerSecond().median()) {
        findings.add(
            f(
                "At -c %d HTTP/2 is slower than HTTP/1.1 (%.0f vs %.0f items/s): on loopback there"
                    + " is no connection set-up to save, and HTTP/2 adds framing, HPACK and flow"
                    + " control per request on one connection.",
                c, h2.itemsPerSecond().median(), h1.itemsPerSecond().median()));
      }
    }
    StringBuilder body =
        new StringBuilder(
            f(
                "`fanout fetch --mode as-completed -c N -i FILE --format jsonl [--h2c]` on %s item"
                    + " URLs of a zero-latency replica. Items/s = URLs / (last finish − first"
                    + " start); latency = each record's `elapsed_ms` (slot wait excluded) in an"
                    + " HdrHistogram. The client choice behind these numbers is recorded in"
                    + " `docs/decisions/` by the fetch work.%n%n",
                n(count)));
    body.append(table.markdown());
    Map<String, String> charts = new LinkedHashMap<>();
    if (!chart.isEmpty()) {
      charts.put("items-per-second-vs-concurrency.svg", chart.svg());
      body.append("\n![items/s vs concurrency](benchmarks/items-per-second-vs-concurrency.svg)\n");
    }
    return new Section("5. Transports and concurrency", body.toString(), findings, charts);
  }
}
