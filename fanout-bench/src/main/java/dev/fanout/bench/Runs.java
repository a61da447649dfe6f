package dev.fanout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The measurements themselves: each method runs one kind of child process {@code runs} times and
 * turns its output into samples. Every child is a separate process; a run that fails or counts
 * wrong is not a figure, it is a failure note that the document prints.
 */
final class Runs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PEER_COUNT = Pattern.compile("(\\d+) comments, fetches: (\\d+)");
  private static final Pattern PEER_TIME =
      Pattern.compile("Gathering comments took: ([0-9.]+) seconds");
  private static final Pattern FETCH_TIME =
      Pattern.compile("Fetching all results took: ([0-9.]+) seconds");
  private static final Pattern WRK_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern WRK_RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REPEAT =
      Pattern.compile("#repeat group=(\\d+) run=(\\d+) exit=(\\d+) wall_ms=([0-9.]+)");
  private static final Pattern REPEAT_MEM =
      Pattern.compile("#repeat heap_peak_mb=([0-9.]+) rss_peak_mb=([0-9.NaN]+)");

  /** Crawl figures over several runs: in-process crawl seconds and whole-process wall seconds. */
  record Crawl(Sample seconds, Sample wall, Sample rssMb, List<String> failures) {
    boolean measured() {
      return !seconds.isEmpty();
    }
  }

  /** A fetch batch over several runs: seconds, items/s, latency percentiles in ms. */
  record Batch(
      Sample seconds, Sample itemsPerSecond, Sample p50, Sample p99, List<String> failures) {}

  private final Launcher launcher;
  private final PrintStream log;
  private final Path peers;
  private Double lastHeapMb;

  Runs(Launcher launcher, Path peers, PrintStream log) {
    this.launcher = launcher;
    this.peers = peers;
    this.log = log;
  }

  static List<String> crawlArgs(URI api, long id, int concurrency) {
    return List.of(
        "hn",
        "comments",
        Long.toString(id),
        "--api",
        api.toString(),
        "--format",
        "jsonl",
        "-c",
        Integer.toString(concurrency),
        "--no-progress");
  }

  /** {@code fanout hn comments} as a user runs it: one fresh JVM per run. */
  Crawl fanoutCold(
      URI api,
      ReplicaProcess.Story story,
      int concurrency,
      List<String> jvm,
      int runs,
      Duration timeout) {
    List<Double> seconds = new ArrayList<>(), wall = new ArrayList<>(), rss = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Proc.Result r =
          Proc.run(launcher.fanout(jvm, crawlArgs(api, story.id(), concurrency)), timeout);
      Optional<JsonNode> result = lastJson(r.stdout());
      String problem = checkCrawl(r, result, story);
      log(r, "fanout cold " + story.name(), problem);
      if (problem != null) {
        failures.add("fanout (cold) on " + story.name() + ": " + problem);
        continue;
      }
      seconds.add(result.get().path("elapsed_ms").asDouble() / 1000);
      wall.add(r.wall().toNanos() / 1e9);
      if (r.peakRssKb() > 0) {
        rss.add(r.peakRssKb() / 1024.0);
      }
    }
    return new Crawl(new Sample(seconds), new Sample(wall), new Sample(rss), failures);
  }

  /**
   * {@code runs} crawls of {@code story} in one JVM, after {@code warmups} crawls of {@code
   * warmup}.
   */
  Crawl fanoutWarm(
      URI api,
      ReplicaProcess.Story warmup,
      int warmups,
      ReplicaProcess.Story story,
      int concurrency,
      List<String> jvm,
      int runs,
      Duration timeout) {
    Proc.Result r =
        Proc.run(
            launcher.repeated(
                jvm,
                warmups,
                crawlArgs(api, warmup.id(), concurrency),
                runs,
                crawlArgs(api, story.id(), concurrency)),
            timeout);
    List<Double> seconds = new ArrayList<>(), wall = new ArrayList<>(), rss = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      Matcher m = REPEAT.matcher(line);
      Matcher mem = REPEAT_MEM.matcher(line);
      if (m.find()) {
        if (m.group(1).equals("1")) {
          Optional<JsonNode> result = lastJson(String.join("\n", pending));
          String problem =
              checkCrawl(
                  new Proc.Result(
                      Integer.parseInt(m.group(3)), "", r.stderr(), r.wall(), -1, false),
                  result,
                  story);
          if (problem != null) {
            failures.add("fanout (warm) on " + story.name() + ": " + problem);
          } else {
            seconds.add(result.get().path("elapsed_ms").asDouble() / 1000);
            wall.add(Double.parseDouble(m.group(4)) / 1000);
          }
        }
        pending.clear();
      } else if (mem.find()) {
        lastHeapMb = Double.parseDouble(mem.group(1));
        if (!mem.group(2).equals("NaN")) {
          rss.add(Double.parseDouble(mem.group(2)));
        }
      } else {
        pending.add(line);
      }
    }
    if (r.timedOut() || seconds.isEmpty() && failures.isEmpty()) {
      failures.add("fanout (warm) on " + story.name() + ": " + r.failure());
    }
    log(
        r,
        "fanout warm " + story.name() + " x" + runs,
        failures.isEmpty() ? null : failures.getLast());
    return new Crawl(new Sample(seconds), new Sample(wall), new Sample(rss), failures);
  }

  /** The peak heap reported by the last warm run, if any. */
  Optional<Double> lastHeapMb() {
    return Optional.ofNullable(lastHeapMb);
  }

  /** One of the Python peers ({@code talk_crawler.py}, {@code tuned_crawler.py}). */
  Crawl python(
      String script,
      URI api,
      ReplicaProcess.Story story,
      List<String> extra,
      int runs,
      Duration timeout) {
    List<Double> seconds = new ArrayList<>(), wall = new ArrayList<>(), rss = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Tools.PYTHON.toString(),
                  peers.resolve(script).toString(),
                  api.toString(),
                  Long.toString(story.id())));
      command.addAll(extra);
      Proc.Result r = Proc.run(command, timeout);
      Matcher count = PEER_COUNT.matcher(r.stdout());
      Matcher time = PEER_TIME.matcher(r.stdout());
      String problem = null;
      if (!r.ok() || !count.find() || !time.find()) {
        problem = r.ok() ? "no result in its output" : r.failure();
      } else if (Long.parseLong(count.group(1)) != story.comments()) {
        problem = "counted " + count.group(1) + " comments, the catalog says " + story.comments();
      }
      log(r, script + " " + story.name(), problem);
      if (problem != null) {
        failures.add(script + " on " + story.name() + ": " + problem);
        continue;
      }
      seconds.add(Double.parseDouble(time.group(1)));
      wall.add(r.wall().toNanos() / 1e9);
      if (r.peakRssKb() > 0) {
        rss.add(r.peakRssKb() / 1024.0);
      }
    }
    return new Crawl(new Sample(seconds), new Sample(wall), new Sample(rss), failures);
  }

  /** wrk's requests/s against one URL. */
  Sample wrk(URI url, int connections, int seconds, int runs, List<String> failures) {
    List<Double> rps = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Proc.Result r =
          Proc.run(
              List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", url.toString()),
              Duration.ofSeconds(seconds + 60L));
      Matcher m = WRK_RPS.matcher(r.stdout());
      String problem = r.ok() && m.find() ? null : "wrk: " + r.failure();
      log(r, "wrk -c" + connections, problem);
      if (problem != null) {
        failures.add(problem);
      } else {
        rps.add(Double.parseDouble(m.group(1)));
        Matcher errors = WRK_ERRORS.matcher(r.stdout());
        if (errors.find()) {
          failures.add(
              "wrk saw socket errors (connect "
                  + errors.group(1)
                  + ", read "
                  + errors.group(2)
                  + ", write "
                  + errors.group(3)
                  + ", timeout "
                  + errors.group(4)
                  + "): the server closed connections wrk expected to "
                  + "keep alive; its req/s counts completed requests only.");
        }
      }
    }
    return new Sample(rps);
  }

  /** {@code fanout fetch --mode MODE} over a URL file: the command's own total, in seconds. */
  Sample fetchMode(
      String mode, Path urls, int expected, int concurrency, int runs, List<String> failures) {
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Proc.Result r =
          Proc.run(
              launcher.fanout(
                  List.of(),
                  List.of(
                      "fetch",
                      "--mode",
                      mode,
                      "-c",
                      Integer.toString(concurrency),
                      "-i",
                      urls.toString(),
                      "--no-progress")),
              Duration.ofMinutes(5));
      Matcher m = FETCH_TIME.matcher(r.stdout());
      long ok = r.stdout().lines().filter(l -> l.contains(" 200 ")).count();
      String problem =
          !r.ok()
              ? r.failure()
              : !m.find()
                  ? "no total in its output"
                  : ok != expected ? ok + " of " + expected + " URLs answered 200" : null;
      log(r, "fetch --mode " + mode, problem);
      if (problem != null) {
        failures.add("fetch --mode " + mode + ": " + problem);
      } else {
        seconds.add(Double.parseDouble(m.group(1)));
      }
    }
    return new Sample(seconds);
  }

  /**
   * The same as {@link #fetchMode}, repeated in one JVM after one warm-up run of the same command.
   */
  Sample fetchModeWarm(
      String mode, Path urls, int expected, int concurrency, int runs, List<String> failures) {
    List<String> args =
        List.of(
            "fetch",
            "--mode",
            mode,
            "-c",
            Integer.toString(concurrency),
            "-i",
            urls.toString(),
            "--no-progress");
    Proc.Result r =
        Proc.run(launcher.repeated(List.of(), 1, args, runs, args), Duration.ofMinutes(5));
    List<Double> seconds = new ArrayList<>();
    long ok = 0;
    Double total = null;
    for (String line : r.stdout().split("\n")) {
      Matcher m = REPEAT.matcher(line);
      Matcher t = FETCH_TIME.matcher(line);
      if (m.find()) {
        if (m.group(1).equals("1") && total != null && ok == expected) {
          seconds.add(total);
        } else if (m.group(1).equals("1")) {
          failures.add(
              "fetch --mode " + mode + " (warm): " + ok + " of " + expected + " URLs answered 200");
        }
        ok = 0;
        total = null;
      } else if (t.find()) {
        total = Double.parseDouble(t.group(1));
      } else if (line.contains(" 200 ")) {
        ok++;
      }
    }
    if (seconds.isEmpty() && (r.timedOut() || r.exit() != 0)) {
      failures.add("fetch --mode " + mode + " (warm): " + r.failure());
    }
    log(r, "fetch --mode " + mode + " warm x" + runs, seconds.isEmpty() ? "no warm figure" : null);
    return new Sample(seconds);
  }

  /** {@code fanout fetch --format jsonl} over a URL file: items/s and per-request latency. */
  Batch fetchBatch(
      Path urls, int expected, int concurrency, boolean h2c, int runs, List<String> failures) {
    List<Double> seconds = new ArrayList<>(),
        rate = new ArrayList<>(),
        p50 = new ArrayList<>(),
        p99 = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "fetch",
                  "--mode",
                  "as-completed",
                  "-c",
                  Integer.toString(concurrency),
                  "-i",
                  urls.toString(),
                  "--format",
                  "jsonl",
                  "--no-progress"));
      if (h2c) {
        args.add("--h2c");
      }
      Proc.Result r = Proc.run(launcher.fanout(List.of(), args), Duration.ofMinutes(5));
      Histogram histogram = new Histogram(3_600_000_000L, 3);
      Instant first = null, last = null;
      int ok = 0;
      for (String line : r.stdout().split("\n")) {
        Optional<JsonNode> node = json(line);
        if (node.isEmpty() || node.get().path("status").asInt() != 200) {
          continue;
        }
        JsonNode n = node.get();
        ok++;
        double elapsedMs = n.path("elapsed_ms").asDouble();
        histogram.recordValue(Math.max(1, Math.round(elapsedMs * 1000)));
        try {
          Instant finished = Instant.parse(n.path("finished_at").asText());
          Instant started =
              finished.minusNanos(Math.round((elapsedMs + n.path("queued_ms").asDouble()) * 1e6));
          first = first == null || started.isBefore(first) ? started : first;
          last = last == null || finished.isAfter(last) ? finished : last;
        } catch (RuntimeException e) {
          // No usable timestamps: fall back to the process's wall time below.
        }
      }
      String label = (h2c ? "h2c" : "http/1.1") + " -c " + concurrency;
      String problem =
          !r.ok()
              ? r.failure()
              : ok != expected ? ok + " of " + expected + " URLs answered 200" : null;
      log(r, "fetch " + label, problem);
      if (problem != null) {
        failures.add("fetch " + label + ": " + problem);
        continue;
      }
      double s =
          first != null && last != null && last.isAfter(first)
              ? Duration.between(first, last).toNanos() / 1e9
              : r.wall().toNanos() / 1e9;
      seconds.add(s);
      rate.add(ok / s);
      p50.add(histogram.getValueAtPercentile(50) / 1000.0);
      p99.add(histogram.getValueAtPercentile(99) / 1000.0);
    }
    return new Batch(
        new Sample(seconds), new Sample(rate), new Sample(p50), new Sample(p99), failures);
  }

  private static String checkCrawl(
      Proc.Result r, Optional<JsonNode> result, ReplicaProcess.Story story) {
    if (r.timedOut()) {
      return r.failure();
    }
    if (result.isEmpty() || !result.get().has("elapsed_ms")) {
      return r.exit() != 0 ? r.failure() : "no JSON result in its output";
    }
    JsonNode n = result.get();
    if (!n.path("complete").asBoolean(false)) {
      return "incomplete crawl (" + n.path("failed").size() + " items failed)";
    }
    if (n.path("comments").asLong() != story.comments()) {
      return "counted "
          + n.path("comments").asLong()
          + " comments, the catalog says "
          + story.comments();
    }
    return null;
  }

  private static Optional<JsonNode> lastJson(String output) {
    Optional<JsonNode> last = Optional.empty();
    for (String line : output.split("\n")) {
      Optional<JsonNode> node = json(line);
      if (node.isPresent()) {
        last = node;
      }
    }
    return last;
  }

  private static Optional<JsonNode> json(String line) {
    String s = line.strip();
    if (!s.startsWith("{")) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(s));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void log(Proc.Result r, String what, String problem) {
    log.printf(
        Locale.ROOT,
        "bench: %-40s %8.3f s%s%n",
        what,
        r.wall().toNanos() / 1e9,
        problem == null ? "" : "  FAILED: " + problem);
  }
}
