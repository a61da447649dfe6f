package dev.fanout.cli.hn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.CliRun;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hn client verifies certificates against the API's host name, --resolve or not. */
class HnTlsTest {

  @Test
  void aWrongNameCertificateUnderResolveIsRefusedByTheHnClient() throws Exception {
    try (Replica tls =
        Replica.start(
            ReplicaConfig.builder()
                .dataset(Dataset.of(List.of(HnCommandTest.TALK_ITEM)))
                .tls(true)
                .build())) {
      String pin = "www.example.com:" + tls.port() + ":127.0.0.1";
      String cacert = tls.certificate().orElseThrow().toString();
      // The replica's certificate names 127.0.0.1 and localhost only.
      CliRun refused =
          HnCommandTest.run(
              "hn",
              "item",
              "--retries",
              "0",
              "--cacert",
              cacert,
              "--resolve",
              pin,
              "--api",
              "https://www.example.com:" + tls.port() + "/v0",
              "13955074");
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.out() + refused.err())
          .contains("Tls")
          .contains("does not match www.example.com");
      assertThat(refused.out()).doesNotContain("JavaScript. But less iffy");

      CliRun trusted =
          HnCommandTest.run(
              "hn",
              "item",
              "--retries",
              "0",
              "--cacert",
              cacert,
              "--api",
              "https://localhost:" + tls.port() + "/v0",
              "13955074");
      assertThat(trusted.exit()).isZero();
      assertThat(trusted.out()).contains("JavaScript. But less iffy");
    }
  }

  @Test
  void insecureIsWarnedAboutByTheHnCommandsAsByFetch() throws Exception {
    try (Replica tls =
        Replica.start(
            ReplicaConfig.builder()
                .dataset(Dataset.of(List.of(HnCommandTest.TALK_ITEM)))
                .tls(true)
                .build())) {
      CliRun insecure =
          HnCommandTest.run(
              "hn",
              "item",
              "--retries",
              "0",
              "--insecure",
              "--api",
              "https://localhost:" + tls.port() + "/v0",
              "13955074");
      assertThat(insecure.exit()).isZero();
      assertThat(insecure.err()).contains("--insecure: TLS certificates are NOT verified");
    }
  }
}
