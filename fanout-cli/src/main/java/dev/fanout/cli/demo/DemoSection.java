package dev.fanout.cli.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The demo's sections, in the talk's order. */
enum DemoSection {
  FUNCTIONS("functions", "In [3]-[11]", "Functions vs. tasks", DemoBasics::functions),
  YIELD(
      "yield",
      "In [14]-[16]",
      "Two tasks interleaving at a yield point, on one carrier thread",
      DemoBasics::yieldPoint),
  SEQUENTIAL(
      "sequential",
      "In [28]",
      "Fetching the talk's URLs one after the other",
      DemoFetches::sequential),
  GATHER(
      "gather",
      "In [29], [31]",
      "gather: all at once, printed when all are done",
      DemoFetches::gather),
  AS_COMPLETED(
      "as-completed",
      "In [32]-[33]",
      "as_completed: each printed as it arrives",
      DemoFetches::asCompleted),
  OOPS("oops", "In [35]-[45]", "Oops... a bad URL under each strategy", DemoFetches::oops),
  KEEP_GOING(
      "keep-going",
      "In [46]-[47]",
      "gather that keeps going (return_exceptions=True)",
      DemoFetches::keepGoing),
  THREADS("threads", "In [48]-[51]", "\"I could do that with threads\"", DemoFetches::threads),
  CPU(
      "cpu",
      "In [52]-[54]",
      "CPU-bound work alone, then CPU + I/O together",
      DemoFetches::cpuAndIo),
  ITEM("item", "In [55]-[56]", "Fetching one Hacker News item", DemoCrawls::item),
  CRAWL("crawl", "In [57]-[59]", "Crawling comment trees: 20 and 500 comments", DemoCrawls::crawls);

  /**
   * A section's body; it prints to {@code run.out} and reports broken promises via {@code
   * run.expect}.
   */
  @FunctionalInterface
  interface Body {
    void run(DemoRun run) throws Exception;
  }

  final String id;
  final String cells;
  final String title;
  final Body body;

  /** Whether the section needs the replica (the first two do not). */
  final boolean needsWorld;

  DemoSection(String id, String cells, String title, Body body) {
    this.id = id;
    this.cells = cells;
    this.title = title;
    this.body = body;
    this.needsWorld = !id.equals("functions") && !id.equals("yield");
  }

  static Optional<DemoSection> byId(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst();
  }

  static String ids() {
    return String.join(", ", Arrays.stream(values()).map(s -> s.id).toList());
  }
}
