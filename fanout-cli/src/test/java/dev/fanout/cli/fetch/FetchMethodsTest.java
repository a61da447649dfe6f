package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fanout fetch -X/-d/--json} and JSONL requests, run as a user would, against a loopback
 * server that records what arrived.
 */
class FetchMethodsTest {
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
  void forget() {
    server.forget();
  }

  static CliRun fetch(String... args) {
    return CliRun.of(List.of("fetch", "--no-progress"), args);
  }

  @Test
  void dataIsSentUnchangedAsAPostWithCurlsFormType(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("body.bin");
    byte[] bytes = {'a', '\r', '\n', 0, (byte) 0xff, '\n'};
    Files.write(file, bytes);
    CliRun r = fetch("-d", "@" + file, server.url("/echo"));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    EchoServer.Arrived a = server.arrived().getFirst();
    assertThat(a.method()).isEqualTo("POST");
    assertThat(a.body()).isEqualTo(bytes); // newlines and NULs kept, as --data-binary
    assertThat(a.contentType()).isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void repeatedDataIsJoinedWithAnAmpersandAndDashXPicksTheMethod() {
    CliRun r = fetch("-X", "put", "-d", "a=1", "-d", "b=2", server.url("/echo"));
    assertThat(r.exit()).isZero();
    EchoServer.Arrived a = server.arrived().getFirst();
    assertThat(a.method()).isEqualTo("PUT");
    assertThat(a.text()).isEqualTo("a=1&b=2");
  }

  @Test
  void jsonSetsContentTypeAndAcceptAsCurlDoesAndHeaderOverridesThem() {
    assertThat(fetch("--json", "{\"n\":1}", server.url("/echo")).exit()).isZero();
    assertThat(fetch("--json", "[]", "-H", "Content-Type: text/x-json", server.url("/echo")).exit())
        .isZero();
    List<EchoServer.Arrived> a = server.arrived();
    assertThat(a.get(0).method()).isEqualTo("POST");
    assertThat(a.get(0).text()).isEqualTo("{\"n\":1}");
    assertThat(a.get(0).contentType()).isEqualTo("application/json");
    assertThat(a.get(0).accept()).isEqualTo("application/json");
    assertThat(a.get(1).contentType()).isEqualTo("text/x-json");
  }

  @Test
  void aDeleteWithoutBodyIsADelete() {
    assertThat(fetch("-X", "DELETE", server.url("/echo")).exit()).isZero();
    assertThat(server.arrived().getFirst().method()).isEqualTo("DELETE");
    assertThat(server.arrived().getFirst().body()).isEmpty();
  }

  @Test
  void redirectsFollowRfc9110AndWhatCurlAndBrowsersDoAfterAPost() {
    for (String code : List.of("301", "302", "303", "307", "308")) {
      assertThat(fetch("-d", "x=1", server.url("/" + code)).exit()).isZero();
    }
    assertThat(server.arrived().stream().map(a -> a.method() + " " + a.target() + " " + a.text()))
        .containsExactly(
            "POST /301 x=1",
            "GET /echo ", // 301 and 302 after a POST: GET, as curl and browsers (RFC 9110 15.4.2)
            "POST /302 x=1",
            "GET /echo ",
            "POST /303 x=1",
            "GET /echo ", // 303: GET
            "POST /307 x=1",
            "POST /echo x=1", // 307 and 308 keep the method and the body
            "POST /308 x=1",
            "POST /echo x=1");
  }

  @Test
  void aPutThroughA303BecomesAGetButAPutThroughA302StaysAPut() {
    assertThat(fetch("-X", "PUT", "-d", "v", server.url("/303")).exit()).isZero();
    assertThat(fetch("-X", "PUT", "-d", "v", server.url("/302")).exit()).isZero();
    assertThat(server.arrived().stream().map(a -> a.method() + " " + a.target()))
        .containsExactly("PUT /303", "GET /echo", "PUT /302", "PUT /echo");
  }

  @Test
  void aPostIsNotRetriedUnlessRetryAllMethodsSaysSo() {
    CliRun once =
        fetch("--retries", "2", "--max-retry-after", "0s", "-d", "x", server.url("/busy"));
    assertThat(once.out()).contains(" 503 ");
    assertThat(server.arrived()).hasSize(1);
    server.forget();
    CliRun thrice =
        fetch(
            "--retries",
            "2",
            "--retry-all-methods",
            "--max-retry-after",
            "0s",
            "-d",
            "x",
            server.url("/busy"));
    assertThat(thrice.out()).contains(" 503 ");
    assertThat(server.arrived()).hasSize(3);
    server.forget();
    fetch("--retries", "2", "--max-retry-after", "0s", "-X", "PUT", server.url("/busy"));
    assertThat(server.arrived()).hasSize(3); // PUT is idempotent
  }

  @Test
  void jsonlInputGivesEachRequestItsMethodHeadersAndBody(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("requests.jsonl");
    Files.writeString(
        file,
        "{\"url\":\""
            + server.url("/echo?a=1")
            + "\"}\n"
            + "# a comment\n"
            + "{\"url\":\""
            + server.url("/echo?b=2")
            + "\",\"method\":\"PATCH\",\"headers\":[\"Content-Type: application/json\","
            + "\"Accept: text/plain\"],\"body\":\"{\\\"é\\\":1}\"}\n"
            + "{\"url\":\""
            + server.url("/echo?c=3")
            + "\",\"body\":\"k=v\"}\n");
    CliRun r = fetch("--mode", "sequential", "-i", file.toString(), "--input-format", "jsonl");
    assertThat(r.exit()).isZero();
    List<EchoServer.Arrived> a = server.arrived();
    assertThat(a).hasSize(3);
    assertThat(a.get(0).method() + " " + a.get(0).target()).isEqualTo("GET /echo?a=1");
    assertThat(a.get(1).method()).isEqualTo("PATCH");
    assertThat(a.get(1).contentType()).isEqualTo("application/json");
    assertThat(a.get(1).accept()).isEqualTo("text/plain");
    assertThat(a.get(1).text()).isEqualTo("{\"é\":1}");
    assertThat(a.get(2).method()).isEqualTo("POST");
    assertThat(a.get(2).text()).isEqualTo("k=v");
  }

  @Test
  void aJsonlLineThatIsNoRequestIsAUsageErrorQuotingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("requests.jsonl");
    Files.writeString(file, "{\"url\":\"" + server.url("/echo") + "\",\"metod\":\"POST\"}\n");
    CliRun r = fetch("-i", file.toString(), "--input-format", "jsonl");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown field \"metod\"").contains("'{\"url\":");
    assertThat(server.arrived()).isEmpty();
  }

  @Test
  void badMethodsAndBodiesAreUsageErrorsNamingTheValue() {
    CliRun method = fetch("-X", "GE T", server.url("/echo"));
    assertThat(method.exit()).isEqualTo(2);
    assertThat(method.err()).contains("-X: must be an HTTP method such as POST, got 'GE T'");
    CliRun file = fetch("-d", "@/no/such/body", server.url("/echo"));
    assertThat(file.exit()).isEqualTo(2);
    assertThat(file.err()).contains("cannot read -d @/no/such/body: no such file");
    CliRun both = fetch("-d", "a", "--json", "{}", server.url("/echo"));
    assertThat(both.exit()).isEqualTo(2);
    assertThat(server.arrived()).isEmpty();
  }

  @Test
  void helpDocumentsTheRequestOptionsWithTheirDefaults() {
    String help = fetch("--help").out().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("-X, --request=METHOD", "(default: GET, or POST with -d or --json)")
        .contains("-d, --data=DATA", "--json=DATA", "--input-format=FORMAT", "(default: lines)")
        .contains("--retry-all-methods", "303 goes on as a GET");
  }
}
