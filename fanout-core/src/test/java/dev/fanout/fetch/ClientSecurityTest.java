package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.testkit.HostileServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the client trusts: certificates under --resolve, credentials across redirects, header
 * floods.
 */
class ClientSecurityTest {
  static Replica tls;

  @BeforeAll
  static void start() throws Exception {
    tls = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).tls(true).build());
  }

  @AfterAll
  static void stop() {
    tls.close();
  }

  static final List<String> CREDENTIALS =
      List.of(
          "Authorization: Bearer secret",
          "Cookie: session=secret",
          "Proxy-Authorization: Basic c2VjcmV0");

  static FetchOptions.Builder withCredentials() {
    return FetchOptions.builder()
        .retries(0)
        .headers(
            List.of(CREDENTIALS.get(0), CREDENTIALS.get(1), CREDENTIALS.get(2), "X-Trace: kept"));
  }

  // Item 1: pinning an address never changes what the certificate must name.

  @Test
  void aCertificateForTheAddressIsRefusedForAPinnedName() throws Exception {
    // The replica's certificate names 127.0.0.1 and localhost, not www.example.com.
    int port = tls.port();
    try (Fetcher f =
        Fetcher.create(
            FetchOptions.builder()
                .retries(0)
                .cacert(tls.certificate().orElseThrow())
                .resolve("www.example.com:" + port + ":127.0.0.1")
                .build())) {
      FetchResult r = f.fetch("https://www.example.com:" + port + "/status/200");
      assertThat(r).isInstanceOf(FetchResult.Failure.class);
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.TLS);
      assertThat(((FetchResult.Failure) r).message()).contains("www.example.com");
      // The same certificate is good for a name it carries.
      FetchResult.Response ok =
          (FetchResult.Response) f.fetch("https://localhost:" + port + "/status/200");
      assertThat(ok.status()).isEqualTo(200);
    }
  }

  @Test
  void aPinnedNameTheCertificateCarriesIsAccepted() throws Exception {
    try (Replica named =
            Replica.start(
                ReplicaConfig.builder()
                    .dataset(Dataset.of(List.of()))
                    .tls(true)
                    .tlsHostnames(List.of("www.example.com"))
                    .build());
        Fetcher f =
            Fetcher.create(
                FetchOptions.builder()
                    .retries(0)
                    .cacert(named.certificate().orElseThrow())
                    .resolve("www.example.com:" + named.port() + ":127.0.0.1")
                    .build())) {
      FetchResult r = f.fetch("https://www.example.com:" + named.port() + "/status/200");
      assertThat(((FetchResult.Response) r).status()).isEqualTo(200);
    }
  }

  // Item 2: credentials stay with their origin; no silent downgrade to http.

  @Test
  void credentialsAreDroppedOnARedirectToAnotherOrigin() throws Exception {
    try (HostileServer other =
            HostileServer.http(request -> HostileServer.response("200 OK", "ok"));
        HostileServer first =
            HostileServer.http(
                request ->
                    request.head().startsWith("GET /start ")
                        ? HostileServer.redirect("/same") // same origin: credentials go along
                        : HostileServer.redirect(other.url("/landed")));
        Fetcher f = Fetcher.create(withCredentials().build())) {
      FetchResult.Response r = (FetchResult.Response) f.fetch(first.url("/start"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.finalUrl().toString()).isEqualTo(other.url("/landed"));
      for (HostileServer.Received sent : first.received()) {
        assertThat(sent.header("Authorization")).isEqualTo("Bearer secret");
        assertThat(sent.header("Cookie")).isEqualTo("session=secret");
        assertThat(sent.header("Proxy-Authorization")).isEqualTo("Basic c2VjcmV0");
      }
      assertThat(first.received()).hasSize(2);
      HostileServer.Received landed = other.received().getFirst();
      assertThat(landed.header("Authorization")).isNull();
      assertThat(landed.header("Cookie")).isNull();
      assertThat(landed.header("Proxy-Authorization")).isNull();
      assertThat(landed.header("X-Trace")).isEqualTo("kept");
    }
  }

  @Test
  void locationTrustedSendsCredentialsToAnotherOrigin() throws Exception {
    try (HostileServer other =
            HostileServer.http(request -> HostileServer.response("200 OK", "ok"));
        HostileServer first =
            HostileServer.http(request -> HostileServer.redirect(other.url("/landed")));
        Fetcher f = Fetcher.create(withCredentials().locationTrusted(true).build())) {
      assertThat(((FetchResult.Response) f.fetch(first.url("/"))).status()).isEqualTo(200);
      HostileServer.Received landed = other.received().getFirst();
      assertThat(landed.header("Authorization")).isEqualTo("Bearer secret");
      assertThat(landed.header("Cookie")).isEqualTo("session=secret");
    }
  }

  @Test
  void aRedirectFromHttpsToHttpIsRefusedAsInsecureRedirect() throws Exception {
    try (HostileServer plain =
            HostileServer.http(request -> HostileServer.response("200 OK", "ok"));
        HostileServer secure =
            HostileServer.https(request -> HostileServer.redirect(plain.url("/landed")));
        Fetcher f = Fetcher.create(withCredentials().insecure(true).build())) {
      FetchResult r = f.fetch(secure.url("/"));
      assertThat(r).isInstanceOf(FetchResult.Failure.class);
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.INSECURE_REDIRECT);
      assertThat(((FetchResult.Failure) r).message())
          .contains("https to http")
          .contains("--allow-downgrade");
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(plain.received()).isEmpty();
    }
  }

  @Test
  void allowDowngradeFollowsARedirectToHttpWithoutTheCredentials() throws Exception {
    try (HostileServer plain =
            HostileServer.http(request -> HostileServer.response("200 OK", "ok"));
        HostileServer secure =
            HostileServer.https(request -> HostileServer.redirect(plain.url("/landed")));
        Fetcher f = Fetcher.create(withCredentials().insecure(true).allowDowngrade(true).build())) {
      FetchResult.Response r = (FetchResult.Response) f.fetch(secure.url("/"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(secure.received().getFirst().header("Authorization")).isEqualTo("Bearer secret");
      HostileServer.Received landed = plain.received().getFirst();
      assertThat(landed.header("Authorization")).isNull();
      assertThat(landed.header("Cookie")).isNull();
    }
  }

  // Item 5: response headers are bounded, by bytes and by count, on HTTP/1.1 and HTTP/2.

  static String fillerHeaders(int count) {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < count; i++) {
      headers.append("X-Filler-").append(i).append(": abcdefgh\r\n");
    }
    return headers.toString();
  }

  @Test
  void twentyThousandResponseHeadersAreHeadersTooLargeOverHttp11() throws Exception {
    byte[] flood =
        ("HTTP/1.1 200 OK\r\n" + fillerHeaders(20_000) + "Content-Length: 2\r\n\r\nok")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    try (HostileServer server = HostileServer.http(request -> flood);
        Fetcher f = Fetcher.create(FetchOptions.builder().retries(0).build())) {
      FetchResult r = f.fetch(server.url("/"));
      assertThat(r).isInstanceOf(FetchResult.Failure.class);
      assertThat(((FetchResult.Failure) r).kind())
          .as(r.toString())
          .isEqualTo(FailureKind.HEADERS_TOO_LARGE);
    }
  }

  @Test
  void moreHeaderFieldsThanAllowedAreHeadersTooLargeEvenWhenSmall() throws Exception {
    byte[] many =
        ("HTTP/1.1 200 OK\r\n" + fillerHeaders(50) + "Content-Length: 2\r\n\r\nok")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    try (HostileServer server = HostileServer.http(request -> many);
        Fetcher few = Fetcher.create(FetchOptions.builder().retries(0).maxHeaders(40).build());
        Fetcher enough = Fetcher.create(FetchOptions.builder().retries(0).maxHeaders(60).build())) {
      FetchResult r = few.fetch(server.url("/"));
      assertThat(((FetchResult.Failure) r).kind())
          .as(r.toString())
          .isEqualTo(FailureKind.HEADERS_TOO_LARGE);
      assertThat(((FetchResult.Failure) r).message()).contains("40");
      assertThat(((FetchResult.Response) enough.fetch(server.url("/"))).status()).isEqualTo(200);
    }
  }

  @Test
  void twentyThousandResponseHeadersAreHeadersTooLargeOverHttp2() throws Exception {
    try (java.net.ServerSocket socket =
            new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        Fetcher f =
            Fetcher.create(
                FetchOptions.builder()
                    .retries(0)
                    .h2c(true)
                    .timeout(java.time.Duration.ofSeconds(5))
                    .build())) {
      Thread.ofVirtual().start(() -> floodOverHttp2(socket, 20_000));
      FetchResult r = f.fetch("http://127.0.0.1:" + socket.getLocalPort() + "/");
      assertThat(r).isInstanceOf(FetchResult.Failure.class);
      assertThat(((FetchResult.Failure) r).kind())
          .as(r.toString())
          .isEqualTo(FailureKind.HEADERS_TOO_LARGE);
    }
  }

  /**
   * A hostile h2c server: answers the first request with {@code count} header fields, in one
   * HEADERS frame and as many CONTINUATION frames as it takes, whatever the client announced it
   * would take.
   */
  static void floodOverHttp2(java.net.ServerSocket socket, int count) {
    try (java.net.Socket connection = socket.accept()) {
      java.io.DataInputStream in = new java.io.DataInputStream(connection.getInputStream());
      java.io.OutputStream out = connection.getOutputStream();
      in.readFully(new byte[24]); // the client preface
      writeFrame(out, 4, 0, 0, new byte[0]); // our SETTINGS: none
      while (true) {
        int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        in.readFully(new byte[length]);
        if (type == 4 && (flags & 1) == 0) {
          writeFrame(out, 4, 1, 0, new byte[0]); // SETTINGS ACK
        }
        if (type == 1) {
          java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
          block.write(0x88); // :status 200, from the static table
          for (int i = 0; i < count; i++) {
            byte[] name = ("x-filler-" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            block.write(0x00); // literal, not indexed, new name
            block.write(name.length);
            block.write(name);
            block.write(8);
            block.write("abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          }
          byte[] all = block.toByteArray();
          for (int from = 0; from < all.length; from += 16_384) {
            int to = Math.min(all.length, from + 16_384);
            boolean last = to == all.length;
            writeFrame(
                out,
                from == 0 ? 1 : 9,
                last ? 4 : 0,
                stream,
                java.util.Arrays.copyOfRange(all, from, to));
          }
          writeFrame(out, 0, 1, stream, "ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
      }
    } catch (java.io.IOException e) {
      // the client gave up on us: the point of the test
    }
  }

  private static void writeFrame(
      java.io.OutputStream out, int type, int flags, int stream, byte[] payload)
      throws java.io.IOException {
    byte[] head = {
      (byte) (payload.length >>> 16),
      (byte) (payload.length >>> 8),
      (byte) payload.length,
      (byte) type,
      (byte) flags,
      (byte) (stream >>> 24),
      (byte) (stream >>> 16),
      (byte) (stream >>> 8),
      (byte) stream
    };
    out.write(head);
    out.write(payload);
    out.flush();
  }
}
