package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolsTest {
  static final String ITEM = "{\"id\":1,\"type\":\"story\"}";

  @Test
  void h2cPriorKnowledgeIsAnsweredWithHttp2Settings() throws Exception {
    try (Replica r =
            Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of(ITEM))).build());
        Socket socket = new Socket("127.0.0.1", r.port())) {
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
      out.flush();
      socket.setSoTimeout(5000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] header = new byte[9];
      in.readFully(header);
      assertThat(header[3]).as("first frame type is SETTINGS").isEqualTo((byte) 4);
    }
  }

  @Test
  void tlsServesHttp2WithAlpnAndACertificateForLoopbackNames(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("replica.pem");
    try (Replica r =
        Replica.start(
            ReplicaConfig.builder()
                .dataset(Dataset.of(List.of(ITEM)))
                .tls(true)
                .certificateOut(pem)
                .tlsHostnames(List.of("www.python.org"))
                .build())) {
      assertThat(r.baseUri().getScheme()).isEqualTo("https");
      assertThat(r.certificate()).hasValue(pem);
      X509Certificate cert;
      try (InputStream in = Files.newInputStream(pem)) {
        cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      assertThat(
              cert.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList())
          .contains("127.0.0.1", "localhost", "www.python.org");
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("replica", cert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      try (HttpClient client =
          HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_2).build()) {
        HttpResponse<String> res =
            client.send(
                HttpRequest.newBuilder(URI.create(r.apiUri() + "/item/1.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(res.body()).isEqualTo(ITEM);
      }
    }
  }

  @Test
  void sitesAnswerByHostHeaderWithLatencyAndRedirects() throws Exception {
    Map<String, Site> sites =
        Map.of(
            "python.org",
            Site.redirect("www.python.org"),
            "www.python.org",
            Site.page(Duration.ofMillis(200)));
    try (Replica r =
            Replica.start(
                ReplicaConfig.builder().dataset(Dataset.of(List.of())).sites(sites).build());
        Socket socket = new Socket("127.0.0.1", r.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /about HTTP/1.1\r\nHost: python.org:" + r.port() + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.setSoTimeout(5000);
      String head = new String(socket.getInputStream().readNBytes(200), StandardCharsets.US_ASCII);
      assertThat(head)
          .startsWith("HTTP/1.1 301")
          .contains("Location: http://www.python.org:" + r.port() + "/about");
    }
    try (Replica r =
            Replica.start(
                ReplicaConfig.builder().dataset(Dataset.of(List.of())).sites(sites).build());
        Socket socket = new Socket("127.0.0.1", r.port())) {
      long t0 = System.nanoTime();
      socket
          .getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: www.python.org\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(all).startsWith("HTTP/1.1 200").contains("<h1>www.python.org</h1>");
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }
  }

  @Test
  void latencyHoldsEveryApiResponse() throws Exception {
    try (Replica r =
        Replica.start(
            ReplicaConfig.builder()
                .dataset(Dataset.of(List.of(ITEM)))
                .latency(Latency.fixed(Duration.ofMillis(150)))
                .build())) {
      long t0 = System.nanoTime();
      assertThat(Http.h1().get(URI.create(r.apiUri() + "/item/1.json")).body()).isEqualTo(ITEM);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(145));
    }
  }

  @Test
  void syntheticWorldIsTheSameForASeed() {
    Dataset a = Dataset.synthetic(5);
    Dataset b = Dataset.synthetic(5);
    Dataset c = Dataset.synthetic(6);
    long[] ids = {1, 2, 3, 500, 5_000, 300_000, 600_001, 999_999};
    int same = 0;
    for (long id : ids) {
      assertThat(a.item(id).map(String::new)).isEqualTo(b.item(id).map(String::new));
      same += a.item(id).map(String::new).equals(c.item(id).map(String::new)) ? 1 : 0;
    }
    assertThat(same).isLessThan(ids.length);
    assertThat(a.maxItem()).isEqualTo(1_000_000);
    assertThat(a.list("top")).hasSize(500).isEqualTo(b.list("top"));
    assertThat(a.list("job")).isNotEmpty();
    String author = Json.parse(a.item(3).orElseThrow()).get("by").asText();
    assertThat(new String(a.user(author).orElseThrow())).contains("\"id\":\"" + author + "\"");
  }
}
