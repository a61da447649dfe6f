package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.cli.CliRun;
import dev.fanout.testkit.HostileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fanout fetch --output-dir}, run as a user would, against a loopback server. */
class FetchOutputDirTest {
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

  static CliRun fetch(String... args) {
    return CliRun.of(List.of("fetch", "--no-progress"), args);
  }

  static List<JsonNode> records(CliRun r) throws Exception {
    List<JsonNode> nodes = new java.util.ArrayList<>();
    for (String line : r.lines()) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void bodiesAreSavedAsWgetXNamesThemWithSavedAndSha256InJsonl(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    CliRun r =
        // Sequential: a name that two bodies want goes to the one that completes first (.1 to
        // the other), so only one at a time makes the names the input's order.
        fetch(
            "--mode",
            "sequential",
            "--format",
            "jsonl",
            "--output-dir",
            out.toString(),
            server.url("/bytes/200000"),
            server.url("/bytes/5?q=1"),
            server.url("/"),
            server.url("/bytes/200000"));
    assertThat(r.exit()).as(r.err()).isZero();
    String host = "127.0.0.1:" + server.port();
    List<JsonNode> records = records(r);
    assertThat(records.stream().map(n -> n.get("saved").asText()))
        .containsExactly(
            out.resolve(host + "/bytes/200000").toString(),
            out.resolve(host + "/bytes/5?q=1").toString(),
            out.resolve(host + "/index.html").toString(),
            out.resolve(host + "/bytes/200000.1").toString()); // the same URL twice: kept both
    byte[] big = EchoServer.bytes(200_000);
    assertThat(Files.readAllBytes(out.resolve(host + "/bytes/200000"))).isEqualTo(big);
    assertThat(records.getFirst().get("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
  }

  @Test
  void aNameTwoUrlsWantGoesToTheEarlierInTheInputWhicheverCompletesFirst(@TempDir Path tmp)
      throws Exception {
    // The first URL is answered 600 ms late: the second completes (and is saved) first.
    try (HostileServer slowFirst =
        HostileServer.http(
            request -> {
              boolean slow = request.head().startsWith("GET /slow ");
              if (slow) {
                try {
                  Thread.sleep(600);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return HostileServer.response("200 OK", slow ? "first" : "second");
            })) {
      Path out = tmp.resolve("out");
      CliRun r =
          fetch(
              "--mode",
              "gather",
              "--format",
              "jsonl",
              "--output-dir",
              out.toString(),
              "--output-name",
              "body.txt",
              slowFirst.url("/slow"),
              slowFirst.url("/fast"));
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(records(r).stream().map(n -> n.get("saved").asText()))
          .containsExactly(
              out.resolve("body.txt").toString(), out.resolve("body.txt.1").toString());
      assertThat(Files.readString(out.resolve("body.txt"))).isEqualTo("first");
      assertThat(Files.readString(out.resolve("body.txt.1"))).isEqualTo("second");
    }
  }

  @Test
  void csvGetsTheSavedColumnsAndAFailureLeavesThemEmpty(@TempDir Path tmp) {
    CliRun r =
        fetch(
            "--mode",
            "ordered",
            "--format",
            "csv",
            "--output-dir",
            tmp.toString(),
            "--output-name",
            "{n}-{method}.bin",
            server.url("/bytes/3"),
            "http://127.0.0.1:9/");
    assertThat(r.lines().getFirst()).endsWith(",saved,sha256");
    assertThat(r.lines().get(1)).contains(tmp.resolve("1-GET.bin").toString());
    assertThat(r.lines().get(2)).endsWith(",,");
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void anExistingFileIsKeptUnlessOverwrite(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("x"), "mine");
    fetch("--output-dir", tmp.toString(), "--output-name", "x", server.url("/bytes/3"));
    assertThat(Files.readString(tmp.resolve("x"))).isEqualTo("mine");
    assertThat(Files.readAllBytes(tmp.resolve("x.1"))).isEqualTo(EchoServer.bytes(3));
    fetch(
        "--output-dir",
        tmp.toString(),
        "--output-name",
        "x",
        "--overwrite",
        server.url("/bytes/3"));
    assertThat(Files.readAllBytes(tmp.resolve("x"))).isEqualTo(EchoServer.bytes(3));
  }

  @Test
  void namesThatWouldEscapeTheDirectoryStayInside(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    CliRun r =
        fetch(
            "--format",
            "jsonl",
            "--output-dir",
            out.toString(),
            "--output-name",
            "/../../{path}",
            server.url("/bytes/3"));
    assertThat(r.exit()).isZero();
    assertThat(records(r).getFirst().get("saved").asText())
        .isEqualTo(out.resolve("%2E%2E/%2E%2E/bytes/3").toString());
    try (var all = Files.list(tmp)) {
      assertThat(all).containsExactly(out);
    }
  }

  @Test
  void aSymbolicLinkInTheDirectoryIsNotFollowed(@TempDir Path tmp) throws Exception {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(out.resolve("127.0.0.1:" + server.port()), elsewhere);
    CliRun r = fetch("--output-dir", out.toString(), server.url("/bytes/3"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("IOError (cannot save the body: ").contains("symbolic link");
    try (var none = Files.list(elsewhere)) {
      assertThat(none).isEmpty();
    }
  }

  @Test
  void aCompressedBodyIsSavedDecodedWhileTheWarcKeepsItAsReceived(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("out");
    Path warc = tmp.resolve("run.warc");
    CliRun r =
        fetch(
            "--format",
            "jsonl",
            "--output-dir",
            out.toString(),
            "--warc",
            warc.toString(),
            server.url("/gzip"));
    assertThat(r.exit()).as(r.err()).isZero();
    byte[] decoded = "hello, gzip\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] wire = EchoServer.gzip("hello, gzip\n");
    JsonNode record = records(r).getFirst();
    assertThat(Files.readAllBytes(Path.of(record.get("saved").asText()))).isEqualTo(decoded);
    assertThat(record.get("bytes").asLong()).isEqualTo(decoded.length);
    assertThat(record.get("wire_bytes").asLong()).isEqualTo(wire.length);
    assertThat(record.get("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(decoded)));
    FetchWarcTest.Exchange archived = FetchWarcTest.read(warc).getFirst();
    assertThat(archived.encoding()).isEqualTo("gzip");
    assertThat(archived.body()).isEqualTo(wire);
  }

  @Test
  void aCompressedBodyOverMaxBodyLeavesNoFile(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    CliRun r = fetch("--max-body", "5", "--output-dir", out.toString(), server.url("/gzip"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("over the limit of 5 bytes");
    try (var files = Files.walk(out)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void unusableDirectoriesAndTemplatesAreUsageErrors(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "");
    CliRun dir = fetch("--output-dir", file.toString(), server.url("/bytes/3"));
    assertThat(dir.exit()).isEqualTo(2);
    assertThat(dir.err()).contains("--output-dir: cannot use '" + file + "'");
    CliRun name = fetch("--output-dir", tmp.toString(), "--output-name", "{url}", server.url("/"));
    assertThat(name.exit()).isEqualTo(2);
    assertThat(name.err()).contains("--output-name: unknown placeholder {url}");
  }

  @Test
  void helpDocumentsTheOutputOptionsWithTheirDefaults() {
    String help = fetch("--help").out().replaceAll("\\s+", " ");
    assertThat(help)
        .contains(
            "--output-dir=DIR", "--output-name=TEMPLATE", "(default: {host}/{path}, as wget -x)")
        .contains("--overwrite", "NAME.1");
  }
}
