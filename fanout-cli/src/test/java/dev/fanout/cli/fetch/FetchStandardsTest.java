package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.cli.CliRun;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.testkit.HostileServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fanout fetch} where the standards say what it sends and prints (issue 17): the library's
 * StandardsTest covers each case; these check what the command line shows of them.
 */
class FetchStandardsTest {
  static Replica replica;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  static CliRun fetch(String... args) {
    return CliRun.of(List.of("fetch", "--no-progress"), args);
  }

  static JsonNode record(CliRun r) {
    try {
      return JSON.readTree(r.lines().getFirst());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String requestLine(HostileServer.Received received) {
    return received.head().substring(0, received.head().indexOf("\r\n"));
  }

  @Test
  void aUrlWithSpacesAndNonAsciiIsSentEncodedWithTheTypedOneInUrl() throws Exception {
    try (HostileServer server = HostileServer.http(r -> HostileServer.response("200 OK", "ok"))) {
      String typed = server.url("/a b?u=ü|#frag");
      CliRun r = fetch("--format", "jsonl", typed);
      assertThat(r.exit()).isZero();
      assertThat(requestLine(server.received().getFirst()))
          .isEqualTo("GET /a%20b?u=%C3%BC%7C HTTP/1.1");
      JsonNode record = record(r);
      assertThat(record.get("url").asText()).isEqualTo(typed);
      assertThat(record.get("final_url").asText()).isEqualTo(server.url("/a%20b?u=%C3%BC%7C"));
    }
  }

  @Test
  void aRedirectAboveTheRootIsFollowedToTheRoot() throws Exception {
    try (HostileServer server =
        HostileServer.http(
            r ->
                requestLine(r).startsWith("GET /x ")
                    ? HostileServer.redirect("../anything/up")
                    : HostileServer.response("200 OK", "up"))) {
      CliRun r = fetch("--format", "jsonl", server.url("/x"));
      assertThat(r.exit()).isZero();
      assertThat(record(r).get("final_url").asText()).isEqualTo(server.url("/anything/up"));
    }
  }

  @Test
  void theReasonPhraseIsPrintedAsTheServerSentIt() throws Exception {
    try (HostileServer server =
        HostileServer.http(
            r ->
                requestLine(r).startsWith("GET /fine ")
                    ? HostileServer.response("200 Fine Thanks", "ok")
                    : HostileServer.response("520 ", "?"))) {
      CliRun r = fetch("--mode", "ordered", server.url("/fine"), server.url("/none"));
      assertThat(r.exit()).isZero();
      assertThat(r.lines().get(0)).matches("^.{25} 200 Fine Thanks \\d+\\.\\d{3} seconds$");
      assertThat(r.lines().get(1)).matches("^.{25} 520 \\d+\\.\\d{3} seconds$");
    }
  }

  @Test
  void bytesIsTheDecodedSizeAndWireBytesTheSizeOnTheWire() throws Exception {
    byte[] text = "fanout ".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(gz)) {
      z.write(text);
    }
    byte[] body = gz.toByteArray();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    answer.writeBytes(
        ("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    answer.writeBytes(body);
    try (HostileServer server = HostileServer.http(r -> answer.toByteArray())) {
      CliRun r = fetch("--format", "jsonl", server.url("/"));
      JsonNode record = record(r);
      assertThat(record.get("bytes").asLong()).isEqualTo(text.length);
      assertThat(record.get("wire_bytes").asLong()).isEqualTo(body.length);
      CliRun csv = fetch("--format", "csv", server.url("/"));
      assertThat(csv.lines().getFirst()).contains(",bytes,wire_bytes,");
    }
  }

  @Test
  void attemptsCountTriesOfTheFinalRequestAndRedirectsTheHops() {
    CliRun r = fetch("--format", "jsonl", replica.baseUri() + "/redirect/5");
    JsonNode record = record(r);
    assertThat(record.get("attempts").asInt()).isEqualTo(1);
    assertThat(record.get("redirects").asInt()).isEqualTo(5);
  }

  private static HostileServer cookieServer() throws IOException {
    return HostileServer.http(
        r ->
            requestLine(r).startsWith("GET /set ")
                ? HostileServer.response("200 OK", "set", "Set-Cookie: session=abc; Path=/")
                : HostileServer.response("200 OK", "checked"));
  }

  @Test
  void cookiesAreKeptOnlyWithKeepCookies() throws Exception {
    try (HostileServer server = cookieServer()) {
      fetch("--mode", "sequential", server.url("/set"), server.url("/check"));
      assertThat(server.received().get(1).header("Cookie")).isNull();
      fetch("--mode", "sequential", "--keep-cookies", server.url("/set"), server.url("/check"));
      assertThat(server.received().get(3).header("Cookie")).isEqualTo("session=abc");
    }
  }

  @Test
  void aCookieJarCarriesCookiesFromOneRunToTheNext(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("jar.txt");
    try (HostileServer server = cookieServer()) {
      assertThat(fetch("--cookie-jar", jar.toString(), server.url("/set")).exit()).isZero();
      assertThat(Files.readString(jar)).contains("127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc");
      assertThat(fetch("--cookie-jar", jar.toString(), server.url("/check")).exit()).isZero();
      assertThat(server.received().get(1).header("Cookie")).isEqualTo("session=abc");
    }
  }

  @Test
  void aCookieJarThatCannotBeWrittenIsNamed(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("no/such/dir/jar.txt");
    try (HostileServer server = cookieServer()) {
      CliRun r = fetch("--cookie-jar", jar.toString(), server.url("/set"));
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("fanout fetch: cannot write the cookie jar '" + jar + "'");
    }
  }

  @Test
  void helpDocumentsTheCookieOptionsWithTheirDefaults() {
    String help = fetch("--help").out().replaceAll("\\s+", " ");
    String keep =
        help.substring(help.indexOf("--keep-cookies Keep"), help.indexOf("--cookie-jar=FILE Keep"));
    assertThat(keep).contains("curl").endsWith("(default: false). ");
    String jar =
        help.substring(help.indexOf("--cookie-jar=FILE Keep"), help.indexOf("--cpu-fib=N "));
    assertThat(jar).contains("Netscape").endsWith("(default: none). ");
  }
}
