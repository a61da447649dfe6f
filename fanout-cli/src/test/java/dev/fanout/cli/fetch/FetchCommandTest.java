package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.cli.CliRun;
import dev.fanout.cli.Fanout;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fanout fetch} run in process with captured output, against a loopback replica. */
class FetchCommandTest {
  static final String LINE = "^.{25} \\d{3} [A-Za-z ]+ \\d+\\.\\d{3} seconds$";
  static Replica replica;

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  static String at(String path) {
    return replica.baseUri() + path;
  }

  static CliRun fetch(String... args) {
    return CliRun.of(List.of("fetch", "--no-progress"), args);
  }

  @Test
  void printsTheTalksLinesInCompletionOrderThenTheTotal() {
    CliRun r = fetch(at("/delay/500"), at("/delay/100"), at("/delay/300"));
    assertThat(r.exit()).isZero();
    List<String> lines = r.lines();
    assertThat(lines.subList(0, 3)).allMatch(l -> l.matches(LINE));
    assertThat(lines.get(0))
        .startsWith(String.format("%-25s 200 OK ", "127.0.0.1:" + replica.port()));
    assertThat(lines.get(3)).isEmpty();
    assertThat(lines.get(4)).matches("Fetching all results took: \\d+\\.\\d{3} seconds");
    // Completion order itself is checked in the library's StrategiesTest (lines carry no URL here);
    // each line's elapsed covers at least its own delay.
    double[] elapsed =
        lines.subList(0, 3).stream()
            .mapToDouble(l -> Double.parseDouble(l.split(" +")[3]))
            .sorted()
            .toArray();
    assertThat(elapsed[0]).isGreaterThanOrEqualTo(0.1);
    assertThat(elapsed[2]).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void anUnknownHostGetsItsLineTheOthersAreFetchedAndExitIsOne() {
    CliRun r =
        fetch(
            "--mode",
            "gather",
            at("/status/200"),
            "http://not.a.thing.invalid/",
            at("/status/503"),
            "--retries",
            "0");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.lines().get(0)).matches(LINE).contains(" 200 OK ");
    assertThat(r.lines().get(1))
        .startsWith("Error retrieving URL http://not.a.thing.invalid/: UnknownHost (");
    assertThat(r.lines().get(2)).contains(" 503 Service Unavailable ");
  }

  @Test
  void failFastPrintsTheFirstFailureAndExitsOneAtOnce() {
    long t0 = System.nanoTime();
    CliRun r = fetch("--fail-fast", at("/hang"), at("/delay/5000"), "http://not.a.thing.invalid/");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.lines().getFirst())
        .startsWith("Error retrieving URL http://not.a.thing.invalid/: UnknownHost (");
    assertThat(r.out()).doesNotContain(" 200 OK ").contains("--fail-fast");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(4000);
  }

  @Test
  void invalidUrlsAreThatUrlsLineAndTheRestGoOn() {
    CliRun r = fetch("--mode", "ordered", "python.org", at("/status/200"), "gopher://x/");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.lines().subList(0, 3))
        .containsExactly(
            "Error retrieving URL python.org: InvalidUrl (no scheme (write http:// or https://))",
            r.lines().get(1),
            "Error retrieving URL gopher://x/: InvalidUrl (unsupported scheme 'gopher' (only http"
                + " and https))");
    assertThat(r.lines().get(1)).matches(LINE);
  }

  @Test
  void timestampsPrefixEachLine() {
    CliRun r = fetch("-t", at("/status/200"));
    assertThat(r.lines().getFirst())
        .matches("^\\[\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\] .{25} 200 OK .*");
  }

  @Test
  void jsonlHasOneRecordPerUrlAndASummaryOnStderr() throws Exception {
    String flaky = at("/flaky/2/503?key=" + UUID.randomUUID());
    CliRun r =
        fetch("--format", "jsonl", "--mode", "ordered", flaky, "http://not.a.thing.invalid/");
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> records = r.lines().stream().map(l -> read(json, l)).toList();
    assertThat(records).hasSize(2);
    JsonNode ok = records.get(0);
    assertThat(ok.get("url").asText()).isEqualTo(flaky);
    assertThat(ok.get("status").asInt()).isEqualTo(200);
    assertThat(ok.get("attempts").asInt()).isEqualTo(3);
    assertThat(ok.get("host").asText()).isEqualTo("127.0.0.1:" + replica.port());
    assertThat(ok.get("elapsed_ms").isNumber()).isTrue();
    assertThat(ok.get("error").isNull()).isTrue();
    for (String field :
        List.of("final_url", "reason", "queued_ms", "bytes", "message", "finished_at")) {
      assertThat(ok.has(field)).as(field).isTrue();
    }
    JsonNode bad = records.get(1);
    assertThat(bad.get("status").isNull()).isTrue();
    assertThat(bad.get("error").asText()).isEqualTo("UnknownHost");
    JsonNode summary = read(json, r.err().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(summary.get("urls").asInt()).isEqualTo(2);
    assertThat(summary.get("failures").asInt()).isEqualTo(1);
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void csvHasAHeaderAndQuotesWhereNeeded() {
    CliRun r = fetch("--format", "csv", at("/status/200"), "not a url, really");
    List<String> lines = r.lines();
    assertThat(lines.getFirst()).startsWith("url,final_url,host,status,reason,");
    assertThat(lines).hasSize(3);
    assertThat(r.out()).contains("\"not a url, really\"");
  }

  @Test
  void urlsComeFromAFileSkippingBlanksAndComments(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("urls.txt");
    Files.writeString(
        file, "# the talk's list\n\n" + at("/status/200") + "\n  \n" + at("/status/201") + "\n");
    CliRun r = fetch("--mode", "ordered", "-i", file.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.lines().get(0)).contains(" 200 OK ");
    assertThat(r.lines().get(1)).contains(" 201 Created ");
  }

  @Test
  void cpuFibPrintsBothTimings() {
    CliRun r = fetch("--cpu-fib", "20000", at("/delay/100"));
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .containsPattern("N-th Fibonacci number took: \\d+\\.\\d{3} seconds")
        .containsPattern("CPU \\+ I/O task took: \\d+\\.\\d{3} seconds");
  }

  @Test
  void noUrlsIsAUsageError() {
    CliRun r = fetch();
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no URLs given");
  }

  @Test
  void badOptionValuesAreUsageErrorsNamingTheValue() {
    assertThat(fetch("--bogus", at("/")).exit()).isEqualTo(2);
    CliRun resolve = fetch("--resolve", "www.python.org:443:python.org", at("/"));
    assertThat(resolve.exit()).isEqualTo(2);
    assertThat(resolve.err()).contains("'python.org' is not an IP address");
    CliRun timeout = fetch("--timeout", "soon", at("/"));
    assertThat(timeout.exit()).isEqualTo(2);
    assertThat(timeout.err()).contains("'soon' is not a duration");
    CliRun mode = fetch("--mode", "parallel", at("/"));
    assertThat(mode.exit()).isEqualTo(2);
    assertThat(mode.err()).contains("'parallel' is not a mode");
    CliRun missing = fetch("-i", "/no/such/file", at("/"));
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("/no/such/file");
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    CliRun r = fetch("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains(
            "--concurrency=N",
            "(default: 64)",
            "(default: as-completed)",
            "(default: 10s)",
            "(default: 10MiB)",
            "--resolve",
            "--insecure",
            "--cacert",
            "--user-agent",
            "--format",
            "--[no-]progress",
            "--per-host",
            "--rate",
            "--retries",
            "asyncio.TaskGroup");
  }

  @Test
  void interruptingTheCommandPrintsWhatIsDoneMarkedInterruptedAndReturns130() throws Exception {
    AtomicInteger exit = new AtomicInteger(-1);
    StringWriter out = new StringWriter();
    Thread command =
        Thread.ofPlatform()
            .start(
                () -> {
                  CommandLine cli = Fanout.commandLine();
                  cli.setOut(new PrintWriter(out, true));
                  cli.setErr(new PrintWriter(new StringWriter(), true));
                  exit.set(
                      cli.execute(
                          "fetch", "--no-progress", at("/status/200"), at("/hang"), at("/hang")));
                });
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!out.toString().contains(" 200 OK ") && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    command.interrupt(); // what the SIGINT handler does
    command.join(5000);
    assertThat(exit.get()).isEqualTo(130);
    assertThat(out.toString()).contains(" 200 OK ").contains("INTERRUPTED: 1 of 3 URLs done");
  }

  private static JsonNode read(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
