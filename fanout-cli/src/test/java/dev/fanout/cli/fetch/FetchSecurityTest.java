package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.CliRun;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.testkit.HostileServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fanout fetch} against hostile loopback servers: names, credentials, downgrades, reasons.
 */
class FetchSecurityTest {

  static CliRun fetch(String... args) {
    return FetchCommandTest.fetch(args);
  }

  @Test
  void aWrongNameCertificateUnderResolveFailsWithItsReasonOnTheLine() throws Exception {
    try (Replica tls =
        Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).tls(true).build())) {
      String url = "https://www.example.com:" + tls.port() + "/status/200";
      CliRun r =
          fetch(
              "--retries",
              "0",
              "--cacert",
              tls.certificate().orElseThrow().toString(),
              "--resolve",
              "www.example.com:" + tls.port() + ":127.0.0.1",
              url);
      assertThat(r.exit()).isEqualTo(1);
      String line = r.lines().getFirst();
      assertThat(line)
          .startsWith("Error retrieving URL " + url + ": Tls (")
          .contains("does not match www.example.com")
          .endsWith(")")
          .doesNotContain("@")
          .doesNotContain("Exception");
      assertThat(line.chars()).noneMatch(Character::isISOControl);
    }
  }

  @Test
  void anUntrustedCertificateSaysHowToTrustIt() throws Exception {
    try (Replica tls =
        Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).tls(true).build())) {
      CliRun r = fetch("--retries", "0", "https://127.0.0.1:" + tls.port() + "/status/200");
      assertThat(r.lines().getFirst())
          .contains(": Tls (")
          .contains("not trusted")
          .contains("--cacert");
    }
  }

  @Test
  void theReasonNeverCarriesControlCharactersOrTheClientsInternals() throws Exception {
    try (HostileServer server =
        HostileServer.http(
            request ->
                HostileServer.response("302 Found", "", "Location: http://x/\u001b[2J\u0007"))) {
      CliRun r = fetch("--retries", "0", server.url("/"), "http://a\u001b[2Jb/");
      assertThat(r.exit()).isEqualTo(1);
      String hostile =
          r.lines().stream().filter(l -> l.contains(server.url("/"))).findFirst().orElseThrow();
      // Jetty refuses the header; the line says so, without naming Jetty's connection objects.
      assertThat(hostile)
          .startsWith("Error retrieving URL " + server.url("/") + ": IOError (")
          .contains("Illegal character")
          .endsWith(")")
          .doesNotContain("@")
          .doesNotContain("HttpConnection");
      String typed =
          r.lines().stream().filter(l -> l.contains(": InvalidUrl")).findFirst().orElseThrow();
      assertThat(typed).contains("InvalidUrl (").contains("\\x1b");
      assertThat(typed.substring(typed.indexOf(": InvalidUrl")).chars())
          .noneMatch(Character::isISOControl);
    }
  }

  @Test
  void credentialsStayWithTheirOriginUnlessLocationTrusted() throws Exception {
    try (HostileServer other =
            HostileServer.http(request -> HostileServer.response("200 OK", "ok"));
        HostileServer first =
            HostileServer.http(request -> HostileServer.redirect(other.url("/landed")))) {
      CliRun r = fetch("-H", "Authorization: Bearer secret", "-H", "Cookie: a=b", first.url("/"));
      assertThat(r.exit()).isZero();
      assertThat(first.received().getFirst().header("Authorization")).isEqualTo("Bearer secret");
      assertThat(other.received().getFirst().header("Authorization")).isNull();
      assertThat(other.received().getFirst().header("Cookie")).isNull();

      CliRun trusted =
          fetch("--location-trusted", "-H", "Authorization: Bearer secret", first.url("/"));
      assertThat(trusted.exit()).isZero();
      assertThat(other.received().getLast().header("Authorization")).isEqualTo("Bearer secret");
    }
  }

  @Test
  void anHttpsToHttpRedirectIsInsecureRedirectUnlessAllowed() throws Exception {
    try (HostileServer plain =
            HostileServer.http(request -> HostileServer.response("200 OK", "ok"));
        HostileServer secure =
            HostileServer.https(request -> HostileServer.redirect(plain.url("/landed")))) {
      CliRun refused = fetch("--insecure", secure.url("/"));
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.lines().getFirst())
          .startsWith("Error retrieving URL " + secure.url("/") + ": InsecureRedirect (")
          .contains("--allow-downgrade");
      assertThat(plain.received()).isEmpty();

      CliRun allowed = fetch("--insecure", "--allow-downgrade", secure.url("/"));
      assertThat(allowed.exit()).isZero();
      assertThat(allowed.lines().getFirst()).contains(" 200 OK ");
    }
  }

  @Test
  void helpDocumentsTheRedirectOptionsAndHeaderLimits() {
    CliRun help = fetch("--help");
    assertThat(help.out())
        .contains("--location-trusted")
        .contains("--allow-downgrade")
        .contains("(default: false)")
        .contains("InsecureRedirect")
        .contains("256 KiB")
        .contains("HeadersTooLarge");
  }
}
