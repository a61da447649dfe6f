package dev.fanout.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.Fanout;
import dev.fanout.cli.shared.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs {@code fanout demo} in process, offline, and checks what it shows against the talk. */
class DemoCommandTest {
  private static final Pattern ROW =
      Pattern.compile(
          "^(\\S[^\\n]*?)\\s+(\\d+)\\s+([\\d.]+) s\\s+([\\d.]+) s\\s+([\\d.]+) s",
          Pattern.MULTILINE);

  record Result(int exit, String out, String err) {}

  static Result demo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> line = new ArrayList<>(List.of("demo"));
    line.addAll(List.of(args));
    int exit = cli.execute(line.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void listNamesEverySectionInTheTalksOrder() {
    Result result = demo("--list");

    assertThat(result.exit()).isEqualTo(ExitCode.OK);
    List<String> ids = result.out().lines().map(l -> l.split("\\s+")[0]).toList();
    assertThat(ids)
        .containsExactly(
            "functions",
            "yield",
            "sequential",
            "gather",
            "as-completed",
            "oops",
            "keep-going",
            "threads",
            "cpu",
            "item",
            "crawl");
  }

  @Test
  void unknownSectionIsAUsageErrorNamingTheKnownOnes() {
    Result result = demo("--section", "gatherr");

    assertThat(result.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err())
        .contains("unknown section 'gatherr'")
        .contains("as-completed")
        .contains("--list");
    assertThat(result.out()).doesNotContain("==");
  }

  @Test
  void firstSectionsNeedNoReplica() {
    Result result = demo("--section", "functions", "--section", "yield");

    assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(ExitCode.OK);
    assertThat(result.out())
        .contains("Executing my function", "Executing my task", "true, 42")
        .contains(
            "  Executing foo\n  Executing bar\n  foo back from sleeping\n  bar back from sleeping")
        .contains("Carrier threads used: [ForkJoinPool-1-worker-1]")
        .doesNotContain("replica was ready", "== Comparison");
  }

  @Test
  void wholeDemoRunsOfflineAndShowsTheTalksEffects() {
    Result result = demo("--fib", "30000");
    String out = result.out();

    assertThat(result.exit()).as(out + result.err()).isEqualTo(ExitCode.OK);
    assertThat(out).doesNotContain("!!");
    List<Integer> headers = new ArrayList<>();
    for (DemoSection section : DemoSection.values()) {
      headers.add(out.indexOf("[" + section.id + "]\n"));
    }
    assertThat(headers).doesNotContain(-1).isSorted();
    // the bad URL under each strategy, failing locally
    assertThat(out)
        .contains("Error retrieving URL http://not.a.thing/: UnknownHost")
        .contains("stopped after 4 of 7 URLs")
        .contains("Error retrieving URLs: UnknownHost after");
    assertThat(out)
        .contains("www.python.org            200 OK", "docs.python-requests.org  200 OK");
    assertThat(out).contains("CPU + I/O task took:", "\"kids\": [\n");
    // the talk's own crawl lines, with exact counts
    assertThat(out).contains("20 comments, fetches: 21\n", "500 comments, fetches: 501\n");

    double sequential = total(out, "sequential");
    assertThat(total(out, "gather")).isLessThan(0.6 * sequential);
    assertThat(total(out, "as-completed")).isLessThan(0.6 * sequential);
    assertThat(sequential).isGreaterThanOrEqualTo(0.9 * sum(out, "sequential"));
    // a crawl can never beat the latency along its deepest path
    Matcher crawl =
        Pattern.compile(
                "^(small|500) \\(\\d+ comments\\)\\s+\\d+\\s+([\\d.]+) s\\s+([\\d.]+) s",
                Pattern.MULTILINE)
            .matcher(out);
    int crawls = 0;
    while (crawl.find()) {
      crawls++;
      assertThat(Double.parseDouble(crawl.group(2)))
          .isGreaterThanOrEqualTo(Double.parseDouble(crawl.group(3)));
    }
    assertThat(crawls).isEqualTo(2);
  }

  private static double total(String out, String strategy) {
    return column(out, strategy, 3);
  }

  private static double sum(String out, String strategy) {
    return column(out, strategy, 4);
  }

  private static double column(String out, String strategy, int group) {
    Matcher row = ROW.matcher(out.substring(out.indexOf("== Comparison")));
    while (row.find()) {
      if (row.group(1).strip().equals(strategy)) {
        return Double.parseDouble(row.group(group));
      }
    }
    throw new AssertionError("no table row for " + strategy + " in:\n" + out);
  }
}
