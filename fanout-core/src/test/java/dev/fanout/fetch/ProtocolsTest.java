package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HTTP/2 (h2c prior knowledge, ALPN over TLS), the server's stream limit, and TLS trust. */
class ProtocolsTest {
  static Replica tls;

  @org.junit.jupiter.api.BeforeAll
  static void startTls() throws Exception {
    tls = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).tls(true).build());
  }

  @org.junit.jupiter.api.AfterAll
  static void stopTls() {
    tls.close();
  }

  @Test
  void h2cNeverExceedsTheServersStreamLimit() throws Exception {
    try (Replica replica =
            Replica.start(
                ReplicaConfig.builder().dataset(Dataset.of(List.of())).maxStreams(2).build());
        Fetcher f =
            Fetcher.create(FetchOptions.builder().h2c(true).concurrency(16).retries(0).build())) {
      List<FetchResult> results =
          f.gather(Collections.nCopies(24, replica.baseUri() + "/delay/50"));
      // The JDK client fails the excess ("too many concurrent streams"); ours queues it.
      assertThat(results)
          .allSatisfy(
              r -> {
                assertThat(r).isInstanceOf(FetchResult.Response.class);
                assertThat(((FetchResult.Response) r).protocol()).isEqualTo("HTTP/2.0");
                assertThat(((FetchResult.Response) r).status()).isEqualTo(200);
              });
    }
  }

  @Test
  void httpsNegotiatesHttp2AndTrustsTheGivenCertificate() throws Exception {
    try (Fetcher f =
        Fetcher.create(FetchOptions.builder().cacert(tls.certificate().orElseThrow()).build())) {
      FetchResult.Response r = (FetchResult.Response) f.fetch(tls.baseUri() + "/status/200");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.protocol()).isEqualTo("HTTP/2.0");
    }
  }

  @Test
  void anUntrustedCertificateIsATlsFailureAndInsecureSkipsTheCheck() throws Exception {
    {
      String url = tls.baseUri() + "/status/200";
      try (Fetcher verifying = Fetcher.create(FetchOptions.defaults())) {
        FetchResult r = verifying.fetch(url);
        assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.TLS);
        assertThat(r.attempts()).isEqualTo(1);
      }
      try (Fetcher insecure = Fetcher.create(FetchOptions.builder().insecure(true).build())) {
        assertThat(((FetchResult.Response) insecure.fetch(url)).status()).isEqualTo(200);
      }
    }
  }
}
