package dev.fanout.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.Fanout;
import dev.fanout.cli.shared.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The smoke test of {@code fanout bench --quick}: the real suite, with the replica, fanout and the
 * peers as child processes of this test JVM. It checks that the document and its tables were
 * produced, never a timing. Here, in fanout-bench, the CLI's {@code bench} finds the suite on the
 * class path, as it does in {@code fanout-bench.jar}.
 */
class BenchCommandTest {

  @Test
  void quickBenchWritesAllSixPartsWithMeasuredTables(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("bench", "--quick", "--no-install", "--out", dir.toString());

    assertThat(exit).as("stderr: %s", err).isZero();
    assertThat(out.toString()).startsWith("Wrote " + dir.resolve("benchmarks.md"));
    String doc = Files.readString(dir.resolve("benchmarks.md"));
    assertThat(doc)
        .contains(
            "## Machine and versions",
            "## Where fanout loses or misses a goal",
            "## 1. Crawl vs the bound",
            "## 2. Peers",
            "## 3. Throughput ceiling",
            "## 4. Fetch strategies",
            "## 5. Transports and concurrency",
            "## 6. Memory");
    // A measured row, not a "not measured" note: the 500-comment thread at 20 ms with a cold crawl
    // time.
    assertThat(doc)
        .containsPattern(
            "\\| 500 \\| [0-9,]+ \\| \\d+ \\| 20 ms \\| [0-9.]+ \\| [0-9.]+ \\(1 run\\) \\|");
    assertThat(doc).containsPattern("\\| gather \\| [0-9.]+ \\(1 run\\) \\|");
    assertThat(doc).containsPattern("\\| HTTP/1.1 \\| 16 \\| \\d+ \\(1 run\\) \\|");
  }

  @Test
  void benchRejectsZeroRuns() {
    StringWriter err = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("bench", "--runs", "0")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--runs must be at least 1, got 0");
  }

  @Test
  void benchHelpShowsTheSuitesOptionsUnderTheCommandsDescription() {
    StringWriter out = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out, true));

    assertThat(cli.execute("bench", "--help")).isZero();
    assertThat(out.toString().replace(System.lineSeparator(), "\n"))
        .isEqualTo(
            "Usage: fanout bench [-hV] [--[no-]install] [--quick] [--deep-runs=N]\n"
                + "                    [--out=DIR] [--runs=N]\n"
                + "Measure fanout against the bound (depth + 1) x latency, the talk's crawler,\n"
                + "a tuned aiohttp crawler and wrk, all on one replica in its own process; then\n"
                + "fetch strategies, HTTP/1.1 vs HTTP/2 over a concurrency sweep, and memory.\n"
                + "Writes OUT/benchmarks.md and its charts in OUT/benchmarks/.\n"
                + "Installs python3-aiohttp, python3-async-timeout and wrk when missing.\n"
                + "      --quick          Small cases, one run each, under 2 minutes (a smoke\n"
                + "                         test).\n"
                + "      --runs=N         Runs per figure; the median is shown with min-max\n"
                + "                         (--quick: 1). Default: 5.\n"
                + "      --deep-runs=N    Runs of the 10,000-deep chain per latency (0 skips it).\n"
                + "                         Default: 1.\n"
                + "      --out=DIR        Where benchmarks.md and benchmarks/ go. Default: docs\n"
                + "                         (--quick: target/bench-quick).\n"
                + "      --[no-]install   Install missing tools with apt-get (as root, or sudo\n"
                + "                         -n). Default: true.\n"
                + "  -h, --help           Show this help message and exit.\n"
                + "  -V, --version        Print version information and exit.\n"
                + "\n"
                + "The full run takes about 45 minutes; the 10,000-deep chain alone needs\n"
                + "(depth + 1) x latency per run, about 25 minutes at 20 and 50 ms.\n"
                + "--quick takes under 2 minutes on a quiet machine and is a smoke test,\n"
                + "not figures to quote.\n"
                + "Exit codes: 0 written, 1 the document could not be written, 2 usage error.\n");
  }
}
