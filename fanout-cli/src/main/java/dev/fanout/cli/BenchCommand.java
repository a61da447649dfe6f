package dev.fanout.cli;

import dev.fanout.cli.shared.ExitCode;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

/**
 * {@code fanout bench}: the benchmark suite (fanout against the bound, the talk's crawler, tuned
 * aiohttp and wrk) written to {@code docs/benchmarks.md}. The suite itself lives in fanout-bench,
 * outside {@code fanout.jar} (see {@link BenchSuite}); this command holds what {@code fanout
 * --help} shows and mixes in the suite's options when its jar is on the class path. Without it,
 * {@code fanout bench} (whatever follows) says where the suite runs and exits 2.
 */
@Command(
    name = "bench",
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
  /** The one line {@code fanout bench} prints when the suite is not on the class path. */
  private static final String NOT_IN_THIS_JAR =
      "fanout bench: the benchmark suite is not part of fanout.jar; run it from a clone of the"
          + " repository with ./fanout bench, or java -jar fanout-bench/target/fanout-bench.jar"
          + " bench";

  /** The suite when fanout-bench is on the class path, else a stand-in without options. */
  @Mixin
  private final Object suite =
      ServiceLoader.load(BenchSuite.class).findFirst().<Object>map(s -> s).orElseGet(Absent::new);

  private CommandSpec spec;

  @CommandLine.Spec
  void spec(CommandSpec spec) {
    this.spec = spec;
    if (suite instanceof Absent) {
      // 'fanout help bench' then says where the suite is, under the description.
      List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
      footer.add("Not in fanout.jar: run it from a clone of the repository with ./fanout bench.");
      spec.usageMessage().footer(footer.toArray(String[]::new));
      // Without the suite there are no options to match: take every argument (--help, --quick...)
      // so the
      // answer is the one line below, not "Unknown option".
      spec.addUnmatchedArgsBinding(
          UnmatchedArgsBinding.forStringArrayConsumer(
              new ISetter() {
                @Override
                public <T> T set(T value) {
                  return null;
                }
              }));
    }
  }

  @Override
  public Integer call() {
    if (suite instanceof BenchSuite found) {
      return found.run(spec.commandLine());
    }
    spec.commandLine().getErr().println(NOT_IN_THIS_JAR);
    return ExitCode.USAGE;
  }

  /**
   * What {@link #suite} holds without fanout-bench: a mixin must be a command, even an empty one.
   */
  @Command
  static final class Absent {}
}
