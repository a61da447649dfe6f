package dev.fanout.cli;

import dev.fanout.bench.Bench;
import dev.fanout.bench.BenchConfig;
import dev.fanout.bench.Launcher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fanout bench}: the benchmark suite (fanout against the bound, the talk's crawler, tuned aiohttp
 * and wrk) written to {@code docs/benchmarks.md}. A thin shell over {@link Bench}; every program it
 * measures, fanout included, runs as a child process of this one.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Measure fanout against the bound (depth + 1) x latency, the talk's crawler,",
      "a tuned aiohttp crawler and wrk, all on one replica in its own process; then",
      "fetch strategies, HTTP/1.1 vs HTTP/2 over a concurrency sweep, and memory.",
      "Writes OUT/benchmarks.md and its charts in OUT/benchmarks/.",
      "Installs python3-aiohttp, python3-async-timeout and wrk when missing."
    },
    footer = {
      "",
      "The full run takes about 45 minutes; the 10,000-deep chain alone needs",
      "(depth + 1) x latency per run, about 25 minutes at 20 and 50 ms.",
      "--quick takes under 2 minutes on a quiet machine and is a smoke test,",
      "not figures to quote.",
      "Exit codes: 0 written, 1 the document could not be written, 2 usage error."
    })
final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--quick", description = "Small cases, one run each, under 2 minutes (a smoke test).")
  boolean quick;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
      description = "Runs per figure; the median is shown with min-max (--quick: 1). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--deep-runs", paramLabel = "N", defaultValue = "1",
      description = "Runs of the 10,000-deep chain per latency (0 skips it). Default: ${DEFAULT-VALUE}.")
  int deepRuns;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where benchmarks.md and benchmarks/ go. Default: docs (--quick: target/bench-quick).")
  Path out;

  @Option(names = "--install", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Install missing tools with apt-get (as root, or sudo -n). Default: ${DEFAULT-VALUE}.")
  boolean install;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (runs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1, got " + runs);
    }
    if (deepRuns < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--deep-runs must be 0 or more, got " + deepRuns);
    }
    Path dir = out != null ? out : Path.of(quick ? "target/bench-quick" : "docs");
    BenchConfig config = new BenchConfig(quick, quick ? 1 : runs, quick ? 0 : deepRuns, dir, install,
        Launcher.ofCurrentJvm(Main.class.getName(), Fanout.class.getName()));
    try {
      Bench.Report report = Bench.run(config, new PrintStream(System.err, true));
      spec.commandLine().getOut().printf("Wrote %s (%d findings, %d charts) in %d s%n", report.markdown(),
          report.findings(), report.charts().size(), report.took().toSeconds());
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("fanout bench: cannot write the results to " + dir + ": " + e.getMessage());
      return ExitCode.SOME_FAILED;
    }
  }
}
