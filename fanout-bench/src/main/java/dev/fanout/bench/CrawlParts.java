package dev.fanout.bench;

import static dev.fanout.bench.Fmt.f;
import static dev.fanout.bench.Fmt.n;
import static dev.fanout.bench.Fmt.ratio;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parts 1–3: fanout's crawl against the bound (depth + 1) x latency, against the Python peers on
 * the same replica in the same run, and against wrk's ceiling on the same endpoint.
 *
 * <p>One replica process per latency; every crawler of that latency runs against it in turn.
 */
final class CrawlParts {
  static final int CONCURRENCY = 4096;
  private static final double GOAL_RATIO = 1.1;
  private static final double GOAL_ITEMS_PER_SECOND = 20_000;

  /** One measured case: a thread at a latency, with every crawler's figures. */
  record Case(
      ReplicaProcess.Story story,
      int latencyMs,
      Runs.Crawl cold,
      Runs.Crawl warm,
      Runs.Crawl talk,
      Runs.Crawl tuned) {
    double bound() {
      return (story.depth() + 1) * latencyMs / 1000.0;
    }
  }

  private final BenchConfig config;
  private final Runs runs;
  private final Tools tools;
  private final PrintStream log;
  private final List<Case> cases = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Sample wrk = new Sample(List.of());
  private final List<String> wrkFailures = new ArrayList<>();
  private String wrkCommand = "";

  CrawlParts(BenchConfig config, Runs runs, Tools tools, PrintStream log) {
    this.config = config;
    this.runs = runs;
    this.tools = tools;
    this.log = log;
  }

  private List<Integer> boundLatencies() {
    return config.quick() ? List.of(20) : List.of(20, 50);
  }

  private int peerLatency() {
    return config.quick() ? 20 : 50;
  }

  private List<String> boundThreads() {
    return config.quick() ? List.of("500") : List.of("500", "2500", "10000", "wide10000");
  }

  private List<String> peerThreads(int latency) {
    if (latency == 0) {
      return config.quick() ? List.of("500") : List.of("2500", "10000");
    }
    return latency == peerLatency()
        ? (config.quick() ? List.of("500") : List.of("500", "2500", "10000"))
        : List.of();
  }

  private List<String> zeroThreads() {
    return config.quick() ? List.of("500") : List.of("2500", "10000", "wide10000");
  }

  /**
   * Runs every case; failures become notes, never exceptions.
   *
   * @param zero the shared zero-latency replica (not closed here)
   */
  void measure(ReplicaProcess zero) {
    measureOn(zero, 0);
    for (int latency : boundLatencies()) {
      try (ReplicaProcess replica =
          ReplicaProcess.start(config.launcher(), List.of("--latency", latency + "ms"))) {
        measureOn(replica, latency);
      } catch (IOException | RuntimeException e) {
        notes.add("The replica at " + latency + " ms latency could not be used: " + e.getMessage());
      }
    }
  }

  private void measureOn(ReplicaProcess replica, int latency) {
    try {
      log.println("bench: replica at " + replica.api() + " latency " + latency + " ms");
      List<String> threads = new ArrayList<>(latency == 0 ? zeroThreads() : boundThreads());
      peerThreads(latency).stream().filter(t -> !threads.contains(t)).forEach(threads::add);
      for (String name : threads) {
        cases.add(
            measureCase(
                replica,
                replica.story(name),
                latency,
                peerThreads(latency).contains(name),
                config.runs()));
      }
      if (latency > 0 && !config.quick() && config.deepRuns() > 0) {
        cases.add(
            measureCase(replica, replica.story("deep10000"), latency, false, config.deepRuns()));
      }
      if (latency == 0) {
        measureWrk(replica);
      }
    } catch (RuntimeException e) {
      notes.add("Crawls at " + latency + " ms latency stopped: " + e.getMessage());
    }
  }

  private Case measureCase(
      ReplicaProcess replica, ReplicaProcess.Story story, int latency, boolean peers, int n) {
    URI api = replica.api();
    Duration timeout =
        Duration.ofSeconds(Math.max(300, (story.depth() + 1L) * latency * 3 / 1000 + 120));
    Runs.Crawl cold = runs.fanoutCold(api, story, CONCURRENCY, List.of(), n, timeout);
    ReplicaProcess.Story warmup = replica.story(config.quick() ? "small" : "2500");
    Runs.Crawl warm =
        runs.fanoutWarm(
            api,
            warmup,
            config.quick() ? 2 : 5,
            story,
            CONCURRENCY,
            List.of(),
            n,
            timeout.multipliedBy(n + 1L));
    Runs.Crawl talk = null, tuned = null;
    if (peers && tools.aiohttp().isPresent()) {
      talk = runs.python("talk_crawler.py", api, story, List.of(), n, timeout);
      tuned =
          runs.python(
              "tuned_crawler.py", api, story, List.of(Integer.toString(CONCURRENCY)), n, timeout);
    }
    return new Case(story, latency, cold, warm, talk, tuned);
  }

  private void measureWrk(ReplicaProcess replica) {
    if (tools.wrk().isEmpty()) {
      return;
    }
    ReplicaProcess.Story story = replica.story(config.quick() ? "500" : "10000");
    URI url = URI.create(replica.api() + "/item/" + story.id() + ".json");
    int seconds = config.quick() ? 2 : 10;
    wrkCommand = "wrk -t2 -c64 -d" + seconds + "s " + url.toString().replaceAll(":\\d+/", ":PORT/");
    wrk = runs.wrk(url, 64, seconds, config.runs(), wrkFailures);
  }

  List<Case> cases() {
    return cases;
  }

  Sample wrk() {
    return wrk;
  }

  // ---- Part 1
  // -------------------------------------------------------------------------------------

  Section boundSection() {
    StringBuilder body = new StringBuilder();
    List<String> findings = new ArrayList<>();
    body.append(
        f(
            "`fanout hn comments ID --format jsonl -c %d` against the replica in its own process."
                + " *Crawl* is the crawl's own `elapsed_ms`; *process* is the whole cold command"
                + " (JVM start included). Cold = a fresh JVM per run, as a user runs it; warm = the"
                + " same command repeated in one JVM after warm-up crawls of another thread. Bound"
                + " = (depth + 1) x latency: one round trip per tree level, the least any client"
                + " can take. Goal (issue 4): the 10,000-comment threads at 50 ms within %.1fx the"
                + " bound.%n%n",
            CONCURRENCY, GOAL_RATIO));
    Table table =
        new Table(
            "thread",
            "comments",
            "depth",
            "latency",
            "bound s",
            "cold crawl s",
            "cold / bound",
            "warm crawl s",
            "warm / bound",
            "cold process s");
    for (Case c : cases) {
      if (c.latencyMs() == 0) {
        continue;
      }
      table.row(
          c.story().name(),
          n(c.story().comments()),
          Integer.toString(c.story().depth()),
          c.latencyMs() + " ms",
          f("%.3f", c.bound()),
          c.cold().seconds().format(3),
          ratio(c.cold().seconds().median(), c.bound()),
          c.warm().seconds().format(3),
          ratio(c.warm().seconds().median(), c.bound()),
          c.cold().wall().format(3));
      boundFindings(c, findings);
    }
    body.append(table.isEmpty() ? "No latency case was measured.\n" : table.markdown());
    body.append(
        f(
            "%nZero latency: items per second = fetches / crawl time (goal, issue 4: at least %s"
                + " items/s).%n%n",
            n((long) GOAL_ITEMS_PER_SECOND)));
    Table zero =
        new Table(
            "thread", "fetches", "cold crawl s", "cold items/s", "warm crawl s", "warm items/s");
    for (Case c : cases) {
      if (c.latencyMs() != 0) {
        continue;
      }
      zero.row(
          c.story().name(),
          n(c.story().fetches()),
          c.cold().seconds().format(3),
          rate(c.story(), c.cold().seconds()).format(0),
          c.warm().seconds().format(3),
          rate(c.story(), c.warm().seconds()).format(0));
      double best =
          Math.max(
              rate(c.story(), c.cold().seconds()).median(),
              rate(c.story(), c.warm().seconds()).median());
      if (!Double.isNaN(best) && best < GOAL_ITEMS_PER_SECOND) {
        findings.add(
            f(
                "**Goal missed**: zero-latency items/s on %s is %.0f (best of cold and warm), below"
                    + " the %s goal. %s",
                c.story().name(), best, n((long) GOAL_ITEMS_PER_SECOND), ceilingWhy(best)));
      }
    }
    body.append(zero.isEmpty() ? "No zero-latency case was measured.\n" : zero.markdown());
    if (!config.quick() && config.deepRuns() == 0) {
      findings.add("The 10,000-deep chain was not measured (--deep-runs 0).");
    } else if (config.quick()) {
      body.append(
          "\n"
              + "`--quick` measures only the 500-comment thread at 20 ms; the deep chain (10,001"
              + " round trips) is left to the full run.\n");
    }
    failures(findings, c -> List.of(c.cold(), c.warm()));
    findings.addAll(notes);
    return new Section("1. Crawl vs the bound", body.toString(), findings, Map.of());
  }

  private void boundFindings(Case c, List<String> findings) {
    boolean goalCase =
        c.latencyMs() == 50
            && (c.story().name().equals("10000") || c.story().name().equals("wide10000"));
    for (var entry : Map.of("cold", c.cold(), "warm", c.warm()).entrySet()) {
      double t = entry.getValue().seconds().median();
      if (Double.isNaN(t) || t <= GOAL_RATIO * c.bound()) {
        continue;
      }
      double excessMs = (t - c.bound()) * 1000;
      String why =
          f(
              "The excess is %.0f ms, %.2f ms per tree level beyond the replica's latency.",
              excessMs, excessMs / (c.story().depth() + 1));
      Case zero = find(c.story().name(), 0);
      if (zero != null && !zero.warm().seconds().isEmpty()) {
        double work =
            (entry.getKey().equals("cold") ? zero.cold() : zero.warm()).seconds().median() * 1000;
        why +=
            f(
                " The same thread at zero latency takes %.0f ms (%s): the client's and server's own"
                    + " work on this machine's %d cores, which latency hides only partly.",
                work, entry.getKey(), Runtime.getRuntime().availableProcessors());
      }
      if (entry.getKey().equals("cold")
          && !c.warm().seconds().isEmpty()
          && c.warm().seconds().median() <= GOAL_RATIO * c.bound()) {
        why +=
            " Warm, the same crawl is within the goal, so the cold excess is JIT compilation and"
                + " class loading.";
      }
      if (goalCase) {
        findings.add(
            f(
                "**Goal missed** (%s): %s at %d ms took %.3f s, %.2fx the bound %.3f s (goal"
                    + " %.1fx). %s",
                entry.getKey(),
                c.story().name(),
                c.latencyMs(),
                t,
                t / c.bound(),
                c.bound(),
                GOAL_RATIO,
                why));
      } else if (t > 1.5 * c.bound()) {
        findings.add(
            f(
                "%s at %d ms (%s) took %.2fx the bound. %s",
                c.story().name(), c.latencyMs(), entry.getKey(), t / c.bound(), why));
      }
    }
  }

  private String ceilingWhy(double itemsPerSecond) {
    if (wrk.isEmpty()) {
      return "wrk was not measured, so the machine's ceiling is unknown.";
    }
    String s =
        f(
            "wrk reaches %.0f req/s against the same server (fanout: %.0f%% of that)",
            wrk.median(), 100 * itemsPerSecond / wrk.median());
    if (wrk.median() < GOAL_ITEMS_PER_SECOND) {
      return s + ": the server and loopback on this machine cannot serve the goal's rate at all.";
    }
    return s
        + "; the rest is the client's own cost (HTTP, JSON parsing, the crawl's bookkeeping)"
        + " sharing "
        + Runtime.getRuntime().availableProcessors()
        + " cores with the server.";
  }

  // ---- Part 2
  // -------------------------------------------------------------------------------------

  Section peersSection() {
    if (tools.aiohttp().isEmpty()) {
      return Section.notMeasured(
          "2. Peers: the talk's crawler and tuned aiohttp",
          "`/usr/bin/python3` cannot import aiohttp; install with `" + Tools.INSTALL + "`");
    }
    StringBuilder body = new StringBuilder();
    List<String> findings = new ArrayList<>();
    body.append(
        f(
            "Same replica, same run, one after another: the talk's crawler (slides In [55]–[60],"
                + " changed only for aiohttp 3.8: a new session per fetch, unbounded fan-out), a"
                + " tuned asyncio crawler (one shared session, a connector and semaphore bounded at"
                + " %d, each id once), and fanout (`-c %d`). %s. *Crawl* is each program's own"
                + " timer; *process* is the whole command. Ratio = peer / fanout cold (above 1:"
                + " fanout is faster).%n%n",
            CONCURRENCY, CONCURRENCY, tools.aiohttp().get()));
    Table table =
        new Table(
            "thread",
            "latency",
            "fanout cold",
            "fanout warm",
            "talk",
            "tuned",
            "talk / fanout",
            "tuned / fanout",
            "fanout process",
            "talk process",
            "tuned process");
    SvgChart chart =
        new SvgChart(
            f("Crawl time vs thread size (%d ms latency)", peerLatency()),
            "comments",
            "seconds",
            true,
            true);
    for (Case c : cases) {
      if (c.talk() == null) {
        continue;
      }
      double fan = c.cold().seconds().median();
      table.row(
          c.story().name(),
          c.latencyMs() + " ms",
          c.cold().seconds().format(3),
          c.warm().seconds().format(3),
          c.talk().seconds().format(3),
          c.tuned().seconds().format(3),
          ratio(c.talk().seconds().median(), fan),
          ratio(c.tuned().seconds().median(), fan),
          c.cold().wall().format(3),
          c.talk().wall().format(3),
          c.tuned().wall().format(3));
      if (c.latencyMs() == peerLatency()) {
        double x = c.story().comments();
        chart
            .add("fanout cold", x, c.cold().seconds())
            .add("fanout warm", x, c.warm().seconds())
            .add("talk's crawler", x, c.talk().seconds())
            .add("tuned aiohttp", x, c.tuned().seconds())
            .add("bound (depth+1) x latency", x, Sample.of(c.bound()));
      }
      peerFindings(c, "the talk's crawler", c.talk(), findings);
      peerFindings(c, "tuned aiohttp", c.tuned(), findings);
    }
    body.append(table.isEmpty() ? "No peer case was measured.\n" : table.markdown());
    failures(findings, c -> c.talk() == null ? List.of() : List.of(c.talk(), c.tuned()));
    Map<String, String> charts = new LinkedHashMap<>();
    if (!chart.isEmpty()) {
      charts.put("crawl-time-vs-size.svg", chart.svg());
      body.append("\n![crawl time vs thread size](benchmarks/crawl-time-vs-size.svg)\n");
    }
    return new Section(
        "2. Peers: the talk's crawler and tuned aiohttp", body.toString(), findings, charts);
  }

  private void peerFindings(Case c, String peer, Runs.Crawl p, List<String> findings) {
    String where = f("%s at %d ms", c.story().name(), c.latencyMs());
    double peerCrawl = p.seconds().median();
    double peerWall = p.wall().median();
    double cold = c.cold().seconds().median(),
        warm = c.warm().seconds().median(),
        coldWall = c.cold().wall().median();
    if (!Double.isNaN(peerCrawl) && !Double.isNaN(cold) && peerCrawl < cold) {
      String why =
          !Double.isNaN(warm) && warm <= peerCrawl
              ? f(
                  "Warm, fanout takes %.3f s and wins, so the cold loss is the JVM interpreting and"
                      + " compiling the HTTP and JSON code during the crawl.",
                  warm)
              : f(
                  "Warm, fanout still takes %.3f s: %.2f ms per item against %s's %.2f ms, so its"
                      + " per-item cost on this machine is higher here, not only its start-up.",
                  warm,
                  1000 * warm / c.story().fetches(),
                  peer,
                  1000 * peerCrawl / c.story().fetches());
      findings.add(
          f(
              "**fanout loses** to %s on %s (crawl time): %.3f s vs %.3f s. %s",
              peer, where, cold, peerCrawl, why));
    }
    if (!Double.isNaN(peerWall) && !Double.isNaN(coldWall) && peerWall < coldWall) {
      findings.add(
          f(
              "**fanout loses** to %s on %s as a whole process: %.3f s vs %.3f s. Of fanout's %.3f"
                  + " s, %.3f s are outside the crawl (JVM start, class loading, Jetty client"
                  + " start); %s spends %.3f s outside its crawl.",
              peer,
              where,
              coldWall,
              peerWall,
              coldWall,
              coldWall - cold,
              peer,
              peerWall - peerCrawl));
    }
  }

  // ---- Part 3
  // -------------------------------------------------------------------------------------

  Section ceilingSection() {
    if (tools.wrk().isEmpty()) {
      return Section.notMeasured(
          "3. Throughput ceiling (wrk)",
          "`wrk` is not installed; install with `" + Tools.INSTALL + "`");
    }
    StringBuilder body = new StringBuilder();
    List<String> findings = new ArrayList<>(wrkFailures);
    body.append(
        "wrk (C, keep-alive, 2 threads, 64 connections) against the same zero-latency replica and"
            + " the same item endpoint the crawlers use: what this machine's loopback and server"
            + " allow. `"
            + wrkCommand
            + "` ("
            + tools.wrk().get()
            + ").\n\n");
    Table table = new Table("what", "req/s or items/s", "fraction of wrk");
    table.row("wrk", wrk.format(0), "1.00");
    for (Case c : cases) {
      if (c.latencyMs() != 0) {
        continue;
      }
      Sample cold = rate(c.story(), c.cold().seconds()), warm = rate(c.story(), c.warm().seconds());
      table.row(
          "fanout cold, " + c.story().name(), cold.format(0), ratio(cold.median(), wrk.median()));
      table.row(
          "fanout warm, " + c.story().name(), warm.format(0), ratio(warm.median(), wrk.median()));
      if (c.tuned() != null) {
        Sample tuned = rate(c.story(), c.tuned().seconds()),
            talk = rate(c.story(), c.talk().seconds());
        table.row(
            "tuned aiohttp, " + c.story().name(),
            tuned.format(0),
            ratio(tuned.median(), wrk.median()));
        table.row(
            "talk's crawler, " + c.story().name(),
            talk.format(0),
            ratio(talk.median(), wrk.median()));
      }
      double best = Math.max(cold.median(), warm.median());
      if (!Double.isNaN(best) && !wrk.isEmpty() && best < 0.5 * wrk.median()) {
        findings.add(
            f(
                "fanout's zero-latency crawl of %s reaches %.0f%% of wrk's rate. A crawl cannot"
                    + " keep a constant number of requests in flight: this tree has %s items over"
                    + " %d levels (%.0f per level on average), and each level waits for its"
                    + " parents; wrk keeps 64 requests in flight and parses nothing.",
                c.story().name(),
                100 * best / wrk.median(),
                n(c.story().fetches()),
                c.story().depth() + 1,
                (double) c.story().fetches() / (c.story().depth() + 1)));
      }
    }
    body.append(table.markdown());
    return new Section("3. Throughput ceiling (wrk)", body.toString(), findings, Map.of());
  }

  // ---- helpers
  // ------------------------------------------------------------------------------------

  private Case find(String name, int latency) {
    return cases.stream()
        .filter(c -> c.story().name().equals(name) && c.latencyMs() == latency)
        .findFirst()
        .orElse(null);
  }

  static Sample rate(ReplicaProcess.Story story, Sample seconds) {
    return new Sample(seconds.values().stream().map(s -> story.fetches() / s).toList());
  }

  private void failures(
      List<String> findings, java.util.function.Function<Case, List<Runs.Crawl>> pick) {
    for (Case c : cases) {
      for (Runs.Crawl crawl : pick.apply(c)) {
        crawl
            .failures()
            .forEach(failure -> findings.add(f("Failed run (%d ms): %s", c.latencyMs(), failure)));
      }
    }
  }
}
