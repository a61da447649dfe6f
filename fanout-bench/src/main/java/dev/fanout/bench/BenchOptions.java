package dev.fanout.bench;

import dev.fanout.cli.BenchSuite;
import dev.fanout.cli.shared.ExitCode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fanout bench}'s options and what they run: a thin shell over {@link Bench#run}. The CLI's
 * {@code BenchCommand} finds this class with {@link java.util.ServiceLoader} (it is listed in
 * {@code META-INF/services}) and mixes its options in; every program the suite measures, fanout
 * included, runs as a child process of this one.
 */
@Command(mixinStandardHelpOptions = true)
public final class BenchOptions implements BenchSuite {
  @Option(
      names = "--quick",
      description = "Small cases, one run each, under 2 minutes (a smoke test).")
  boolean quick;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Runs per figure; the median is shown with min-max (--quick: 1). Default:"
              + " ${DEFAULT-VALUE}.")
  int runs;

  @Option(
      names = "--deep-runs",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Runs of the 10,000-deep chain per latency (0 skips it). Default: ${DEFAULT-VALUE}.")
  int deepRuns;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where benchmarks.md and benchmarks/ go. Default: docs (--quick: target/bench-quick).")
  Path out;

  @Option(
      names = "--install",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Install missing tools with apt-get (as root, or sudo -n). Default: ${DEFAULT-VALUE}.")
  boolean install;

  /** For {@link java.util.ServiceLoader}. */
  public BenchOptions() {}

  @Override
  public int run(CommandLine command) {
    PrintWriter err = command.getErr();
    if (runs < 1) {
      throw new CommandLine.ParameterException(command, "--runs must be at least 1, got " + runs);
    }
    if (deepRuns < 0) {
      throw new CommandLine.ParameterException(
          command, "--deep-runs must be 0 or more, got " + deepRuns);
    }
    Path dir = out != null ? out : Path.of(quick ? "target/bench-quick" : "docs");
    BenchConfig config =
        new BenchConfig(
            quick, quick ? 1 : runs, quick ? 0 : deepRuns, dir, install, Launcher.ofCurrentJvm());
    try {
      Bench.Report report = Bench.run(config, new PrintStream(System.err, true));
      command
          .getOut()
          .printf(
              "Wrote %s (%d findings, %d charts) in %d s%n",
              report.markdown(),
              report.findings(),
              report.charts().size(),
              report.took().toSeconds());
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("fanout bench: cannot write the results to " + dir + ": " + e.getMessage());
      return ExitCode.SOME_FAILED;
    }
  }
}
