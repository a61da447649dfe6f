package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.cli.CliRun;
import dev.fanout.cli.Fanout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fanout fetch --resume FILE}: interrupted runs resumed with the real command line. */
class FetchResumeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static EchoServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new EchoServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.forget();
    server.gateClosed = false;
  }

  static CliRun fetch(String... args) {
    return CliRun.of(List.of("fetch", "--no-progress", "--retries", "0"), args);
  }

  static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  static List<String> targets() {
    return server.arrived().stream().map(a -> a.method() + " " + a.target()).toList();
  }

  @Test
  void anInterruptedRunResumedGivesExactlyOneLinePerRequest(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("run.jsonl");
    Path urls = dir.resolve("urls.txt");
    Files.writeString(
        urls,
        String.join(
            "\n",
            server.url("/echo?a"),
            server.url("/echo?a"), // listed twice: done twice
            server.url("/echo?b"),
            "http://127.0.0.1:9/refused",
            server.url("/gate?1"),
            server.url("/gate?2")));
    server.gateClosed = true;
    AtomicInteger exit = new AtomicInteger(-1);
    Thread command =
        Thread.ofPlatform()
            .start(
                () -> {
                  CommandLine cli = Fanout.commandLine();
                  cli.setOut(new PrintWriter(new StringWriter(), true));
                  cli.setErr(new PrintWriter(new StringWriter(), true));
                  exit.set(
                      cli.execute(
                          "fetch",
                          "--no-progress",
                          "--retries",
                          "0",
                          "-i",
                          urls.toString(),
                          "--resume",
                          journal.toString()));
                });
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((!Files.exists(journal) || Files.readAllLines(journal).size() < 4)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(100); // the two /gate requests are in flight
    command.interrupt(); // what the SIGINT handler does
    command.join(10_000);
    assertThat(exit.get()).isEqualTo(130);
    assertThat(lines(journal)).hasSize(4); // the two in flight were not written

    server.gateClosed = false;
    server.forget();
    CliRun resumed = fetch("-i", urls.toString(), "--resume", journal.toString());
    assertThat(resumed.exit()).isZero();
    assertThat(targets()).containsExactlyInAnyOrder("GET /gate?1", "GET /gate?2");
    List<JsonNode> all = lines(journal);
    assertThat(all.stream().map(n -> n.get("url").asText()))
        .containsExactlyInAnyOrder(
            server.url("/echo?a"),
            server.url("/echo?a"),
            server.url("/echo?b"),
            "http://127.0.0.1:9/refused",
            server.url("/gate?1"),
            server.url("/gate?2"));
    assertThat(all.stream().filter(n -> !n.get("error").isNull()).map(n -> n.get("error").asText()))
        .containsExactly("ConnectionRefused");

    server.forget();
    assertThat(fetch("-i", urls.toString(), "--resume", journal.toString()).exit()).isZero();
    assertThat(server.arrived()).isEmpty(); // all done
    CliRun retried = fetch("-i", urls.toString(), "--resume", journal.toString(), "--retry-failed");
    assertThat(retried.exit()).isEqualTo(1);
    assertThat(retried.out()).contains("Error retrieving URL http://127.0.0.1:9/refused");
    assertThat(retried.lines()).hasSize(3); // the one failure, done again, and the total
    assertThat(lines(journal)).hasSize(7);
  }

  @Test
  void aRunKilledOutrightIsResumedWithOneLinePerRequest(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("run.jsonl");
    Path urls = dir.resolve("urls.txt");
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      list.add(server.url("/bytes/" + (1000 + i)));
    }
    list.add(server.url("/gate?k1"));
    list.add(server.url("/gate?k2"));
    Files.writeString(urls, String.join("\n", list) + "\n");
    server.gateClosed = true;
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.fanout.cli.Main",
                "fetch",
                "--no-progress",
                "--retries",
                "0",
                "-i",
                urls.toString(),
                "--resume",
                journal.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.out").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while ((!Files.exists(journal) || Files.readAllLines(journal).size() < 20)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.readAllLines(journal)).hasSize(20);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, as kill -9
      child.waitFor();
    }
    server.gateClosed = false;
    server.forget();
    CliRun resumed = fetch("-i", urls.toString(), "--resume", journal.toString());
    assertThat(resumed.exit()).isZero();
    assertThat(targets()).containsExactlyInAnyOrder("GET /gate?k1", "GET /gate?k2");
    assertThat(lines(journal).stream().map(n -> n.get("url").asText()))
        .containsExactlyInAnyOrderElementsOf(list);
  }

  @Test
  void aTornLastLineIsDroppedAndItsRequestDoneAgain(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("run.jsonl");
    assertThat(fetch(server.url("/echo?1"), "--resume", journal.toString()).exit()).isZero();
    String torn = "{\"url\":\"" + server.url("/echo?2") + "\",\"stat";
    Files.writeString(journal, Files.readString(journal) + torn); // as a run killed mid-line
    server.forget();
    CliRun r = fetch(server.url("/echo?1"), server.url("/echo?2"), "--resume", journal.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("dropped a torn last line");
    assertThat(targets()).containsExactly("GET /echo?2");
    assertThat(lines(journal).stream().map(n -> n.get("url").asText()))
        .containsExactly(server.url("/echo?1"), server.url("/echo?2"));
  }

  @Test
  void aRequestIsItsMethodUrlAndBody(@TempDir Path dir) throws Exception {
    Path journal = dir.resolve("run.jsonl");
    String url = server.url("/echo");
    fetch(url, "--resume", journal.toString());
    fetch(url, "-d", "x=1", "--resume", journal.toString());
    fetch(url, "-d", "x=2", "--resume", journal.toString());
    fetch(url, "-d", "x=1", "--resume", journal.toString()); // done: skipped
    fetch(url, "-X", "PUT", "--resume", journal.toString());
    assertThat(targets()).containsExactly("GET /echo", "POST /echo", "POST /echo", "PUT /echo");
    assertThat(lines(journal).get(1).get("method").asText()).isEqualTo("POST");
    assertThat(lines(journal).get(1).get("body_sha256").asText()).hasSize(64);
  }

  @Test
  void aFileThatIsNoJournalIsAUsageErrorNamingTheLine(@TempDir Path dir) throws Exception {
    Path journal = Files.writeString(dir.resolve("run.jsonl"), "hello\n");
    CliRun r = fetch(server.url("/echo"), "--resume", journal.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--resume: cannot use '" + journal + "'").contains("line 1");
    CliRun alone = fetch(server.url("/echo"), "--retry-failed");
    assertThat(alone.exit()).isEqualTo(2);
    assertThat(alone.err()).contains("--retry-failed works with --resume FILE");
    assertThat(server.arrived()).isEmpty();
  }

  @Test
  void helpDocumentsResumeWithItsDefault() {
    String help = fetch("--help").out().replaceAll("\\s+", " ");
    assertThat(help).contains("--resume=FILE", "--retry-failed", "one listed twice is done twice");
  }
}
