package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The smoke test of {@code fanout bench --quick}: the real suite, with the replica, fanout and the peers
 * as child processes of this test JVM. It checks that the document and its tables were produced, never
 * a timing.
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
    assertThat(doc).contains("## Machine and versions", "## Where fanout loses or misses a goal",
        "## 1. Crawl vs the bound", "## 2. Peers", "## 3. Throughput ceiling", "## 4. Fetch strategies",
        "## 5. Transports and concurrency", "## 6. Memory");
    // A measured row, not a "not measured" note: the 500-comment thread at 20 ms with a cold crawl time.
    assertThat(doc).containsPattern("\\| 500 \\| [0-9,]+ \\| \\d+ \\| 20 ms \\| [0-9.]+ \\| [0-9.]+ \\(1 run\\) \\|");
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
}
