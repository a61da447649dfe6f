package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.shared.ExitCode;
import org.junit.jupiter.api.Test;

/**
 * {@code fanout bench} as {@code fanout.jar} alone answers it: the suite lives in fanout-bench,
 * which is not on this module's class path (as it is not in the shipped jar).
 */
class BenchWithoutSuiteTest {

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void benchWithoutTheSuiteSaysInOneLineWhereItRunsAndExitsTwo() {
    for (String[] args :
        new String[][] {
          {"bench"}, {"bench", "--quick"}, {"bench", "--help"}, {"bench", "--runs", "0", "x"}
        }) {
      CliRun r = run(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err())
          .isEqualTo(
              "fanout bench: the benchmark suite is not part of fanout.jar; run it from a clone of"
                  + " the repository with ./fanout bench, or java -jar"
                  + " fanout-bench/target/fanout-bench.jar bench"
                  + System.lineSeparator());
    }
  }

  @Test
  void topLevelHelpStillListsBench() {
    CliRun r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "  demo        Runs the talk",
            "  bench       Measure fanout against the bound (depth + 1) x latency, the\n"
                + "                talk's crawler,\n",
            "  help        Display help information about the specified command.");
  }
}
