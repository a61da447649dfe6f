package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.CliRun;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;

/** {@code fanout fetch --warc}: every exchange archived, read back with jwarc's reader. */
class FetchWarcTest {
  static EchoServer server;
  static Replica replica;

  @BeforeAll
  static void start() throws Exception {
    server = new EchoServer();
    replica = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    replica.close();
  }

  static CliRun fetch(String... args) {
    return CliRun.of(List.of("fetch", "--no-progress"), args);
  }

  /** One exchange as read back: request line, request body, status line, response body. */
  record Exchange(
      String requestLine, String requestBody, int status, byte[] body, String encoding) {}

  static List<Exchange> read(Path file) throws Exception {
    List<Exchange> exchanges = new ArrayList<>();
    // The reader streams: each record is read whole before the next one is asked for.
    java.net.URI pendingId = null;
    String line = null;
    String body = null;
    try (WarcReader reader = new WarcReader(file)) {
      for (WarcRecord record : reader) {
        switch (record) {
          case WarcRequest request -> {
            var http = request.http();
            pendingId = request.id();
            line = http.method() + " " + http.target() + " " + http.version();
            body = new String(http.body().stream().readAllBytes(), StandardCharsets.UTF_8);
          }
          case WarcResponse response -> {
            assertThat(pendingId).isNotNull();
            assertThat(response.concurrentTo()).contains(pendingId);
            exchanges.add(
                new Exchange(
                    line,
                    body,
                    response.http().status(),
                    response.http().body().stream().readAllBytes(),
                    response.http().headers().first("Content-Encoding").orElse(null)));
            pendingId = null;
          }
          default -> {}
        }
      }
    }
    return exchanges;
  }

  @Test
  void everyExchangeIsArchivedRedirectsIncludedAndReadBack(@TempDir Path dir) throws Exception {
    Path warc = dir.resolve("run.warc.gz");
    CliRun r =
        fetch(
            "--mode",
            "sequential",
            "--warc",
            warc.toString(),
            "-d",
            "k=v",
            server.url("/307"),
            server.url("/303"));
    assertThat(r.exit()).as(r.err()).isZero();
    List<Exchange> exchanges = read(warc);
    assertThat(
            exchanges.stream().map(e -> e.requestLine() + " " + e.requestBody() + " " + e.status()))
        .containsExactly(
            "POST /307 HTTP/1.1 k=v 307",
            "POST /echo HTTP/1.1 k=v 200",
            "POST /303 HTTP/1.1 k=v 303",
            "GET /echo HTTP/1.1  200");
    assertThat(new String(exchanges.get(1).body(), StandardCharsets.UTF_8)).isEqualTo("k=v");
  }

  @Test
  void aCompressedBodyIsArchivedAsReceived(@TempDir Path dir) throws Exception {
    Path warc = dir.resolve("run.warc");
    assertThat(fetch("--warc", warc.toString(), server.url("/gzip")).exit()).isZero();
    Exchange e = read(warc).getFirst();
    assertThat(e.encoding()).isEqualTo("gzip");
    assertThat(e.body()).isEqualTo(EchoServer.gzip("hello, gzip\n"));
  }

  @Test
  void anHttp2ExchangeIsWrittenInHttp11Form(@TempDir Path dir) throws Exception {
    Path warc = dir.resolve("h2.warc.gz");
    CliRun r =
        fetch(
            "--h2c",
            "--format",
            "jsonl",
            "--warc",
            warc.toString(),
            replica.baseUri() + "/bytes/10");
    assertThat(r.out()).contains("\"protocol\":\"HTTP/2.0\"");
    Exchange e = read(warc).getFirst();
    assertThat(e.requestLine()).isEqualTo("GET /bytes/10 HTTP/1.1");
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.body()).hasSize(10);
  }

  @Test
  void helpDocumentsWarcWithItsDefault() {
    String help = fetch("--help").out().replaceAll("\\s+", " ");
    assertThat(help).contains("--warc=FILE", "WARC 1.1", "HTTP/1.1 form (default: none)");
  }
}
