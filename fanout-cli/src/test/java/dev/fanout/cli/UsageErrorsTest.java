package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad command lines: one clear message naming the option as typed, the synopsis, where to read
 * more.
 */
class UsageErrorsTest {
  static Replica replica;
  static String url;
  static String closed;

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(List.of())).build());
    url = replica.baseUri() + "/status/200";
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void aBadValueGivesTheMessageTheSynopsisAndWhereToReadMoreNotTheWholeHelp() {
    CliRun ran = run("fetch", "--no-progress", "--timeout", "0s", url);
    assertThat(ran.exit()).isEqualTo(2);
    assertThat(ran.errLines())
        .containsExactly(
            "fanout fetch: --timeout: must be more than 0, got 0s",
            "Usage: fanout fetch [OPTIONS] [URL...]",
            "Try 'fanout fetch --help' for more information.");
    assertThat(ran.out()).isEmpty();
  }

  @Test
  void parseErrorsHaveTheSameShape() {
    CliRun ran = run("hn", "comments", "--retries", "many", "1");
    assertThat(ran.exit()).isEqualTo(2);
    assertThat(ran.errLines()).hasSize(3);
    assertThat(ran.errLines().get(0))
        .startsWith("fanout hn comments: ")
        .contains("--retries")
        .contains("'many'");
    assertThat(ran.errLines().get(1)).isEqualTo("Usage: fanout hn comments [OPTIONS] ID...");
    assertThat(ran.errLines().get(2))
        .isEqualTo("Try 'fanout hn comments --help' for more information.");
    CliRun unknown = run("fetch", "--bogus", url);
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("Unknown option: '--bogus'")
        .contains("Try 'fanout fetch --help'")
        .doesNotContain("--max-redirects");
  }

  @Test
  void messagesNameTheOptionAndTheValueAsTypedNotALibraryField() {
    assertThat(run("fetch", "--max-redirects", "-1", url).errLines().getFirst())
        .isEqualTo("fanout fetch: --max-redirects: must be 0 or more, got -1");
    assertThat(run("fetch", "--connect-timeout", "0ms", url).errLines().getFirst())
        .isEqualTo("fanout fetch: --connect-timeout: must be more than 0, got 0ms");
    assertThat(run("fetch", "-c", "-3", url).errLines().getFirst())
        .isEqualTo("fanout fetch: --concurrency: must be 0 or more (0 = unbounded), got -3");
    assertThat(
            run("hn", "item", "--api", replica.apiUri().toString(), "--timeout", "0", "1")
                .errLines()
                .getFirst())
        .isEqualTo("fanout hn item: --timeout: must be more than 0, got 0");
    assertThat(
            run("hn", "top", "--api", replica.apiUri().toString(), "-n", "0").errLines().getFirst())
        .isEqualTo("fanout hn top: -n: must be 1 or more, got 0");
    assertThat(run("fetch", "-H", "X-Evil: a\r\nHost: b", url).errLines().getFirst())
        .startsWith(
            "fanout fetch: --header: must be 'Name: value' without control characters, got ");
    // The library keeps its own terse messages for Java callers.
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> FetchOptions.builder().maxRedirects(-1).build()))
        .hasMessage("maxRedirects < 0: -1");
  }

  @Test
  void aFormatTheCommandDoesNotWriteIsAUsageErrorNamingWhatItWrites() {
    CliRun ran = run("hn", "item", "--api", replica.apiUri().toString(), "--format", "csv", "1");
    assertThat(ran.exit()).isEqualTo(2);
    assertThat(ran.errLines().getFirst())
        .isEqualTo("fanout hn item: --format: fanout hn item writes text or jsonl, not csv");
  }

  @Test
  void zeroConcurrencyWithThreadsIsRefusedNotSixThreads() {
    CliRun ran = run("fetch", "--no-progress", "-c", "0", "--mode", "threads", url);
    assertThat(ran.exit()).isEqualTo(2);
    assertThat(ran.err()).contains("--mode threads").contains("-c 0").contains("e.g. -c 64");
    assertThat(run("fetch", "--help").out().replaceAll("\\s+", " "))
        .contains("-c must be 1 to 4096 there");
  }

  @Test
  void retriesHaveADocumentedMaximum() {
    CliRun ran =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> run("fetch", "--no-progress", "--retries", "1000000", closed));
    assertThat(ran.exit()).isEqualTo(2);
    assertThat(ran.errLines().getFirst())
        .isEqualTo("fanout fetch: --retries: must be 0 to 10, got 1000000");
    assertThat(run("fetch", "--help").out().replaceAll("\\s+", " ")).contains("at most 10");
  }

  @Test
  void theProgressLineCountsRetries() {
    CliRun ran = run("fetch", "--progress", "--retries", "3", closed);
    assertThat(ran.exit()).isEqualTo(1);
    assertThat(ran.err()).containsPattern("\\d+ retr(y|ies), ");
  }

  @Test
  void eachCommandsHelpListsOnlyTheFormatsItWrites() {
    assertThat(help("fetch"))
        .contains("Output: text, jsonl or csv (default: text)")
        .doesNotContain("json,");
    assertThat(help("hn", "thread"))
        .contains("Output: text, json or jsonl (default: text)")
        .doesNotContain("csv");
    for (String command : List.of("comments", "item", "user", "top", "mirror")) {
      assertThat(help("hn", command))
          .as(command)
          .contains("Output: text or jsonl (default: text)")
          .doesNotContain("csv")
          .doesNotContain("json,");
    }
  }

  private static String help(String... command) {
    String[] args = java.util.Arrays.copyOf(command, command.length + 1);
    args[command.length] = "--help";
    CliRun ran = run(args);
    assertThat(ran.exit()).isZero();
    return ran.out().replaceAll("\\s+", " ");
  }

  @Test
  void anInputFileThatCannotBeReadSaysWhy(@TempDir Path dir) throws Exception {
    CliRun missing = run("fetch", "-i", dir.resolve("nope.txt").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.errLines().getFirst())
        .isEqualTo("fanout fetch: cannot read -i " + dir.resolve("nope.txt") + ": no such file");
    CliRun directory = run("fetch", "-i", dir.toString());
    assertThat(directory.exit()).isEqualTo(2);
    assertThat(directory.errLines().getFirst())
        .isEqualTo("fanout fetch: cannot read -i " + dir + ": is a directory");
    Path secret = Files.writeString(dir.resolve("secret.txt"), url + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(secret)) {
      secret = Path.of("/proc/sys/vm/compact_memory"); // as root: a file even root may not read
    }
    assumeThat(Files.isReadable(secret)).isFalse();
    CliRun denied = run("fetch", "-i", secret.toString());
    assertThat(denied.exit()).isEqualTo(2);
    assertThat(denied.errLines().getFirst())
        .isEqualTo("fanout fetch: cannot read -i " + secret + ": permission denied");
  }

  @Test
  void anInputWithNoUrlsIsAUsageErrorLikeNoUrls(@TempDir Path dir) throws Exception {
    CliRun empty = run("fetch", "--no-progress", "-i", "/dev/null");
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.errLines().getFirst())
        .startsWith("fanout fetch: no URLs given: -i /dev/null has none");
    assertThat(empty.out()).isEmpty();
    Path comments = Files.writeString(dir.resolve("urls.txt"), "# nothing yet\n\n");
    assertThat(run("fetch", "--no-progress", "-i", comments.toString()).exit()).isEqualTo(2);
  }
}
