package dev.fanout.bench;

import static dev.fanout.bench.Fmt.f;
import static dev.fanout.bench.Fmt.n;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part 6: peak RSS (the child's VmHWM) and heap for the 100,000-comment thread, including a run
 * capped at {@code -Xmx256m} (the goal of issue 4), with the tuned Python peer's RSS beside it.
 */
final class MemoryPart {
  private final BenchConfig config;
  private final Runs runs;
  private final Tools tools;
  private final PrintStream log;

  MemoryPart(BenchConfig config, Runs runs, Tools tools, PrintStream log) {
    this.config = config;
    this.runs = runs;
    this.tools = tools;
    this.log = log;
  }

  /** Measures on the shared zero-latency replica (not closed here). */
  Section measure(ReplicaProcess replica) {
    String title = "6. Memory";
    String name = config.quick() ? "2500" : "100000";
    try {
      log.println("bench: replica at " + replica.api() + " for memory");
      ReplicaProcess.Story story = replica.story(name);
      Duration timeout = Duration.ofMinutes(10);
      int n =
          Math.min(
              3, config.runs()); // each run of the 100,000 thread costs a minute; peaks vary little
      Runs.Crawl plain =
          runs.fanoutCold(replica.api(), story, CrawlParts.CONCURRENCY, List.of(), n, timeout);
      Runs.Crawl capped =
          runs.fanoutCold(
              replica.api(), story, CrawlParts.CONCURRENCY, List.of("-Xmx256m"), n, timeout);
      HeapRun heap = heap(replica, story, timeout);
      Runs.Crawl tuned =
          tools.aiohttp().isPresent()
              ? runs.python(
                  "tuned_crawler.py",
                  replica.api(),
                  story,
                  List.of(Integer.toString(CrawlParts.CONCURRENCY)),
                  n,
                  timeout)
              : null;
      List<String> findings = new ArrayList<>();
      Table table = new Table("run", "crawl s", "peak RSS MiB", "peak heap MiB");
      table.row("fanout, default heap", plain.seconds().format(3), plain.rssMb().format(0), "–");
      table.row("fanout, -Xmx256m", capped.seconds().format(3), capped.rssMb().format(0), "–");
      boolean heapOk = heap.crawl().measured();
      table.row(
          "fanout, -Xmx256m, heap pools' peak (one JVM)",
          heap.crawl().seconds().format(3),
          heapOk ? heap.crawl().rssMb().format(0) : "–",
          heapOk ? heap.heapMb() : "–");
      if (tuned != null) {
        table.row("tuned aiohttp", tuned.seconds().format(3), tuned.rssMb().format(0), "–");
        if (!tuned.rssMb().isEmpty()
            && !plain.rssMb().isEmpty()
            && tuned.rssMb().median() < plain.rssMb().median()) {
          findings.add(
              f(
                  "**fanout uses more memory** than tuned aiohttp on %s: %.0f MiB vs %.0f MiB peak"
                      + " RSS with the default heap. The JVM sizes its heap from the machine's RAM"
                      + " and collects lazily; capped at -Xmx256m fanout peaks at %.0f MiB.",
                  name, plain.rssMb().median(), tuned.rssMb().median(), capped.rssMb().median()));
        }
        tuned.failures().forEach(findings::add);
      }
      if (capped.seconds().isEmpty()) {
        findings.add(
            f(
                "**Goal missed**: the %s-comment thread did not complete with -Xmx256m: %s",
                name, String.join("; ", capped.failures())));
      }
      plain.failures().forEach(findings::add);
      capped.failures().forEach(findings::add);
      heap.crawl().failures().forEach(findings::add);
      String body =
          f(
                  "`fanout hn comments` on the %s-comment thread (%s fetches, zero latency, `-c"
                      + " %d`), cold. Peak RSS is the child's `VmHWM` from `/proc/PID/status`"
                      + " (polled every 10 ms; VmHWM is the kernel's own high-water mark). Peak"
                      + " heap: the sum of the heap pools' peak usage in one JVM, read after the"
                      + " crawl (an upper bound of the true peak). Goal (issue 4): the"
                      + " 100,000-comment thread completes with `-Xmx256m`.%s%n%n",
                  n(story.comments()),
                  n(story.fetches()),
                  CrawlParts.CONCURRENCY,
                  config.quick() ? " `--quick` uses the 2,500-comment thread instead." : "")
              + table.markdown();
      return new Section(title, body, findings, Map.of());
    } catch (RuntimeException e) {
      return Section.notMeasured(title, "the replica could not be used: " + e.getMessage());
    }
  }

  private record HeapRun(Runs.Crawl crawl, String heapMb) {}

  private HeapRun heap(ReplicaProcess replica, ReplicaProcess.Story story, Duration timeout) {
    Runs.Crawl crawl =
        runs.fanoutWarm(
            replica.api(),
            story,
            0,
            story,
            CrawlParts.CONCURRENCY,
            List.of("-Xmx256m"),
            1,
            timeout);
    return new HeapRun(crawl, runs.lastHeapMb().map(h -> f("%.0f", h)).orElse("–"));
  }
}
