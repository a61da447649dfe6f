package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code fanout bench} as {@code fanout.jar} alone answers it: the suite lives in fanout-bench, which is
 * not on this module's class path (as it is not in the shipped jar).
 */
class BenchWithoutSuiteTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void benchWithoutTheSuiteSaysInOneLineWhereItRunsAndExitsTwo() {
    for (String[] args : new String[][] {{"bench"}, {"bench", "--quick"}, {"bench", "--help"}, {"bench", "--runs", "0", "x"}}) {
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("fanout bench: the benchmark suite is not part of fanout.jar; run it from a clone"
          + " of the repository with ./fanout bench, or java -jar fanout-bench/target/fanout-bench.jar bench"
          + System.lineSeparator());
    }
  }

  @Test
  void topLevelHelpStillListsBench() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("  demo   Runs the talk",
        "  bench  Measure fanout against the bound (depth + 1) x latency, the talk's\n           crawler,\n"
            + "  help   Display help information about the specified command.");
  }
}
