package dev.fanout.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.CliRun;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.testkit.HostileServer;
import dev.fanout.testkit.LoopbackProxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fanout fetch -x/--proxy}, {@code --noproxy} and the proxy variables, as curl reads them,
 * through a loopback proxy that counts what it forwards. Every command runs with an environment of
 * the test's own ({@link CliRun#withEnv}), never the machine's; host names other than 127.0.0.1 are
 * never resolved here: the proxy reaches every host at 127.0.0.1, and a direct request to one is
 * pinned with {@code --resolve}.
 */
class FetchProxyTest {
  private LoopbackProxy proxy;
  private HostileServer origin;

  @BeforeEach
  void start() throws Exception {
    proxy = LoopbackProxy.start();
    origin = HostileServer.http(r -> HostileServer.response("200 OK", "hello"));
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    origin.close();
  }

  static CliRun fetch(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("fetch", "--no-progress", "--retries", "0"));
    all.addAll(List.of(args));
    return CliRun.withEnv(env, all.toArray(String[]::new));
  }

  private String named(String host, String path) {
    return "http://" + host + ":" + origin.port() + path;
  }

  private static List<String> firstLines(List<HostileServer.Received> received) {
    return received.stream().map(r -> r.head().lines().findFirst().orElse("")).toList();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void anHttpUrlGoesToTheProxyInAbsoluteFormAndItsNameIsNeverResolvedHere() {
    String url = named("www.example.com", "/a?b=1");
    CliRun r = fetch(Map.of(), "-x", proxy.url(), url);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(" 200 OK ");
    assertThat(proxy.requestLines()).containsExactly("GET " + url + " HTTP/1.1");
    assertThat(firstLines(origin.received())).containsExactly("GET /a?b=1 HTTP/1.1");
    assertThat(origin.received().getFirst().header("Host"))
        .isEqualTo("www.example.com:" + origin.port());
  }

  @Test
  void anHttpsUrlGoesThroughConnectWithTheProxyCredentialsThatNeverReachTheOrigin(@TempDir Path tmp)
      throws Exception {
    try (HostileServer tls =
        HostileServer.https(
            List.of("www.example.com"), r -> HostileServer.response("200 OK", "secret"))) {
      Path cacert = tls.writeCertificate(tmp.resolve("origin.pem"));
      String url = "https://www.example.com:" + tls.port() + "/private";
      CliRun r =
          fetch(
              Map.of(),
              "-x",
              "http://alice:s%3Acret@127.0.0.1:" + proxy.port(),
              "--cacert",
              cacert.toString(),
              url);
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains(" 200 OK ");
      assertThat(proxy.requestLines())
          .containsExactly("CONNECT www.example.com:" + tls.port() + " HTTP/1.1");
      String basic =
          Base64.getEncoder().encodeToString("alice:s:cret".getBytes(StandardCharsets.UTF_8));
      assertThat(proxy.received().getFirst().header("Proxy-Authorization"))
          .isEqualTo("Basic " + basic);
      // Inside the tunnel (where the proxy could strip nothing): no credentials of the proxy's.
      HostileServer.Received atOrigin = tls.received().getFirst();
      assertThat(atOrigin.head()).startsWith("GET /private HTTP/1.1\r\n");
      assertThat(atOrigin.header("Proxy-Authorization")).isNull();
      assertThat(atOrigin.header("Authorization")).isNull();
      assertThat(atOrigin.head()).doesNotContain(basic).doesNotContain("alice");
    }
  }

  @Test
  void theCredentialsGoToTheProxyWithAbsoluteFormRequestsAndNeverBecomeTheOrigins() {
    CliRun r =
        fetch(
            Map.of(),
            "-x",
            "bob:pw@127.0.0.1:" + proxy.port(), // no scheme: http, as curl
            named("www.example.com", "/"));
    assertThat(r.exit()).as(r.err()).isZero();
    String basic = Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
    assertThat(proxy.received().getFirst().header("Proxy-Authorization"))
        .isEqualTo("Basic " + basic);
    assertThat(origin.received().getFirst().header("Authorization")).isNull();
    assertThat(origin.received().getFirst().head()).doesNotContain(basic);
  }

  @Test
  void anHttpsProxyIsSpokenToOverTlsForHttpAndHttpsUrls(@TempDir Path tmp) throws Exception {
    try (LoopbackProxy secure = LoopbackProxy.startTls();
        HostileServer tls =
            HostileServer.https(
                List.of("www.example.com"), r -> HostileServer.response("200 OK", "x"))) {
      Path cacert = tls.writeCertificate(tmp.resolve("both.pem"));
      secure.writeCertificate(cacert);
      String http = named("www.example.com", "/plain");
      String https = "https://www.example.com:" + tls.port() + "/tunnelled";
      CliRun r =
          fetch(
              Map.of("https_proxy", secure.url(), "http_proxy", secure.url()),
              "--cacert",
              cacert.toString(),
              http,
              https);
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(secure.requestLines())
          .containsExactlyInAnyOrder(
              "GET " + http + " HTTP/1.1", "CONNECT www.example.com:" + tls.port() + " HTTP/1.1");
      assertThat(firstLines(tls.received())).containsExactly("GET /tunnelled HTTP/1.1");
    }
  }

  @Test
  void theTunnelledCertificateMustNameTheUrlsHostNotTheProxys(@TempDir Path tmp) throws Exception {
    // The certificate names 127.0.0.1, the proxy's address, and not www.example.com.
    try (HostileServer tls = HostileServer.https(r -> HostileServer.response("200 OK", "x"))) {
      Path cacert = tls.writeCertificate(tmp.resolve("origin.pem"));
      String url = "https://www.example.com:" + tls.port() + "/";
      CliRun r = fetch(Map.of(), "-x", proxy.url(), "--cacert", cacert.toString(), url);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.lines().getFirst())
          .startsWith("Error retrieving URL " + url + ": Tls (")
          .contains("does not match www.example.com");
      assertThat(proxy.requestLines()).hasSize(1).allMatch(l -> l.startsWith("CONNECT "));
      assertThat(tls.received()).isEmpty();
    }
  }

  @Test
  void theEnvironmentsProxyIsUsedExceptForHostsInNoProxy() {
    String direct = named("www.example.com", "/direct");
    String proxied = named("www.example.org", "/proxied");
    CliRun r =
        fetch(
            Map.of("http_proxy", proxy.url(), "NO_PROXY", "localhost, .example.com"),
            "--resolve",
            "www.example.com:" + origin.port() + ":127.0.0.1",
            direct,
            proxied);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(proxy.requestLines()).containsExactly("GET " + proxied + " HTTP/1.1");
    assertThat(firstLines(origin.received()))
        .containsExactlyInAnyOrder("GET /direct HTTP/1.1", "GET /proxied HTTP/1.1");
  }

  @Test
  void upperCaseHttpProxyIsIgnoredAsCurlDoesAndAllProxyIsTheFallback() throws Exception {
    String url = named("127.0.0.1", "/");
    CliRun ignored = fetch(Map.of("HTTP_PROXY", proxy.url()), url);
    assertThat(ignored.exit()).as(ignored.err()).isZero();
    assertThat(proxy.received()).isEmpty();

    String dead = "http://127.0.0.1:" + closedPort();
    CliRun fallback = fetch(Map.of("HTTP_PROXY", dead, "ALL_PROXY", proxy.url()), url);
    assertThat(fallback.exit()).as(fallback.out() + fallback.err()).isZero();
    assertThat(proxy.requestLines()).containsExactly("GET " + url + " HTTP/1.1");
  }

  @Test
  void noproxyStarGoesDirectAndAnEmptyNoproxyOverridesTheEnvironment() {
    String url = named("127.0.0.1", "/");
    CliRun star = fetch(Map.of(), "-x", proxy.url(), "--noproxy", "*", url);
    assertThat(star.exit()).as(star.err()).isZero();
    assertThat(proxy.received()).isEmpty();
    assertThat(origin.received()).hasSize(1);

    // NO_PROXY applies to -x too, as in curl; --noproxy '' turns it off.
    CliRun env = fetch(Map.of("no_proxy", "127.0.0.0/8"), "-x", proxy.url(), url);
    assertThat(env.exit()).isZero();
    assertThat(proxy.received()).isEmpty();
    CliRun empty =
        fetch(Map.of("no_proxy", "127.0.0.0/8"), "-x", proxy.url(), "--noproxy", "", url);
    assertThat(empty.exit()).as(empty.err()).isZero();
    assertThat(proxy.requestLines()).containsExactly("GET " + url + " HTTP/1.1");
  }

  @Test
  void anEmptyProxyOptionOverridesTheEnvironmentsProxy() {
    String dead = "http://127.0.0.1:9";
    CliRun r = fetch(Map.of("http_proxy", dead), "-x", "", named("127.0.0.1", "/"));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(origin.received()).hasSize(1);
  }

  @Test
  void aBadProxyUrlIsAUsageErrorNamingTheValueAndWhereItCameFrom() {
    String url = named("127.0.0.1", "/");
    CliRun port = fetch(Map.of(), "-x", "http://127.0.0.1:99999", url);
    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.err())
        .contains("--proxy: 'http://127.0.0.1:99999' is not a proxy URL")
        .contains("port out of range")
        .doesNotContain("Exception");

    CliRun socks = fetch(Map.of(), "--proxy", "socks5://127.0.0.1:1080", url);
    assertThat(socks.exit()).isEqualTo(2);
    assertThat(socks.err()).contains("'socks5://127.0.0.1:1080'").contains("SOCKS");

    CliRun env = fetch(Map.of("https_proxy", "ftp://proxy.example"), url);
    assertThat(env.exit()).isEqualTo(2);
    assertThat(env.err()).contains("https_proxy: 'ftp://proxy.example'");

    CliRun secret = fetch(Map.of(), "-x", "http://u:hunter2@127.0.0.1:0", url);
    assertThat(secret.exit()).isEqualTo(2);
    assertThat(secret.err()).contains("'http://u:***@127.0.0.1:0'").doesNotContain("hunter2");
    assertThat(origin.received()).isEmpty();
  }

  @Test
  void anUnreachableProxyFailsEachUrlAsProxyError() throws Exception {
    int dead = closedPort();
    String http = named("www.example.com", "/");
    String https = "https://www.example.com:" + origin.port() + "/";
    CliRun r = fetch(Map.of(), "--mode", "ordered", "-x", "127.0.0.1:" + dead, http, https);
    assertThat(r.exit()).isEqualTo(1);
    String why = ": ProxyError (cannot reach the proxy http://127.0.0.1:" + dead + ": ";
    assertThat(r.lines().get(0)).startsWith("Error retrieving URL " + http + why);
    assertThat(r.lines().get(1)).startsWith("Error retrieving URL " + https + why);
    assertThat(origin.received()).isEmpty();
  }

  @Test
  void aProxyThatRefusesTheTunnelIsProxyError() throws Exception {
    try (HostileServer refusing =
        HostileServer.http(r -> HostileServer.response("403 Forbidden", "no"))) {
      String url = "https://www.example.com:443/";
      CliRun r = fetch(Map.of(), "-x", "http://127.0.0.1:" + refusing.port(), url);
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.lines().getFirst())
          .isEqualTo(
              "Error retrieving URL "
                  + url
                  + ": ProxyError (the proxy http://127.0.0.1:"
                  + refusing.port()
                  + " refused the tunnel: CONNECT answered 403 Forbidden)");
      assertThat(firstLines(refusing.received()))
          .containsExactly("CONNECT www.example.com:443 HTTP/1.1");
    }
  }

  @Test
  void helpDocumentsTheProxyOptionsWithTheirDefaults() {
    CliRun r = CliRun.of("fetch", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("-x, --proxy=URL")
        .contains("(default: the environment's http_proxy for http URLs")
        .contains("--noproxy=LIST")
        .contains("(default: the environment's no_proxy or NO_PROXY; none)");
  }

  @Test
  void hnCommandsGoThroughTheProxyToo() throws Exception {
    try (Replica replica =
        Replica.start(
            ReplicaConfig.builder()
                .dataset(
                    Dataset.of(
                        List.of("{\"by\":\"b\",\"id\":2,\"title\":\"two\",\"type\":\"story\"}")))
                .build())) {
      CliRun r =
          CliRun.withEnv(
              Map.of("http_proxy", proxy.url()),
              "hn",
              "item",
              "2",
              "--api",
              replica.apiUri().toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("\"title\": \"two\"");
      assertThat(proxy.requestLines())
          .containsExactly("GET " + replica.apiUri() + "/item/2.json HTTP/1.1");
    }
  }
}
