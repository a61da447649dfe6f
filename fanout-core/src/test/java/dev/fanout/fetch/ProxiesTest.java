package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.testkit.HostileServer;
import dev.fanout.testkit.LoopbackProxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Proxies}: curl's proxy strings, NO_PROXY rules and variables, and a fetch through one. */
class ProxiesTest {

  @Test
  void noProxyMatchesTheHostAndItsSubdomainsAsCurlDoes() {
    assertThat(Proxies.bypass("example.com", "example.com")).isTrue();
    assertThat(Proxies.bypass("example.com", "www.EXAMPLE.com")).isTrue();
    assertThat(Proxies.bypass(".example.com", "example.com")).isTrue(); // leading dot ignored
    assertThat(Proxies.bypass(".example.com", "a.b.example.com")).isTrue();
    assertThat(Proxies.bypass("example.com.", "www.example.com.")).isTrue(); // trailing dots
    assertThat(Proxies.bypass("example.com", "notexample.com")).isFalse();
    assertThat(Proxies.bypass("example.com", "example.com.org")).isFalse();
    assertThat(Proxies.bypass(" a.test ,\texample.com ", "www.example.com")).isTrue();
    assertThat(Proxies.bypass("", "example.com")).isFalse();
    assertThat(Proxies.bypass("*", "anything.at.all")).isTrue();
    assertThat(Proxies.bypass("a.test,*", "example.com")).isFalse(); // * only on its own
  }

  @Test
  void noProxyMatchesIpAddressesExactlyOrByCidrAndNeverAsNames() {
    assertThat(Proxies.bypass("127.0.0.1", "127.0.0.1")).isTrue();
    assertThat(Proxies.bypass("127.0.0.1", "127.0.0.2")).isFalse();
    assertThat(Proxies.bypass("10.0.0.0/8", "10.20.30.40")).isTrue();
    assertThat(Proxies.bypass("192.168.0.0/16", "192.169.0.1")).isFalse();
    assertThat(Proxies.bypass("0.1", "10.0.0.1")).isFalse(); // no suffix match for addresses
    assertThat(Proxies.bypass("::1", "[::1]")).isTrue();
    assertThat(Proxies.bypass("fe80::/10", "[fe80::1]")).isTrue();
    assertThat(Proxies.bypass("fe80::/10", "[2001:db8::1]")).isFalse();
    assertThat(Proxies.bypass("127.0.0.0/8", "[::1]")).isFalse();
  }

  @Test
  void proxyStringsParseAsCurlReadsThem() {
    assertThat(Proxies.Server.parse("proxy.test"))
        .isEqualTo(new Proxies.Server("proxy.test", 1080, false, null, null));
    assertThat(Proxies.Server.parse("https://Proxy.test"))
        .isEqualTo(new Proxies.Server("proxy.test", 443, true, null, null));
    assertThat(Proxies.Server.parse("http://u%40x:p%3Aw@[::1]:3128/"))
        .isEqualTo(new Proxies.Server("::1", 3128, false, "u@x", "p:w"));
    assertThat(Proxies.Server.parse("http://u:p@[::1]:3128").toString())
        .isEqualTo("http://u:***@[::1]:3128");
    assertThatThrownBy(() -> Proxies.Server.parse("socks5h://p.test"))
        .hasMessageContaining("SOCKS");
    assertThatThrownBy(() -> Proxies.Server.parse("http://p.test:0"))
        .hasMessageContaining("port out of range");
    assertThatThrownBy(() -> Proxies.Server.parse("http://:8080")).hasMessageContaining("no host");
  }

  @Test
  void theVariablesAreReadAsCurlReadsThem() {
    Map<String, String> env =
        Map.of(
            "HTTP_PROXY", "http://ignored.test", // httpoxy: curl never reads it
            "HTTPS_PROXY", "http://secure.test:3128",
            "ALL_PROXY", "http://all.test",
            "NO_PROXY", "internal.test");
    Proxies p = Proxies.fromCurl(null, null, env::get);
    assertThat(p.http().host()).isEqualTo("all.test");
    assertThat(p.https().host()).isEqualTo("secure.test");
    assertThat(p.noProxy()).isEqualTo("internal.test");
    assertThat(p.select(URI.create("https://db.internal.test/"))).isNull();
    assertThat(p.select(URI.create("https://example.com/")).port()).isEqualTo(3128);

    Proxies option = Proxies.fromCurl("http://opt.test:8080", "", env::get);
    assertThat(option.http()).isEqualTo(option.https());
    assertThat(option.http().host()).isEqualTo("opt.test");
    assertThat(option.select(URI.create("http://db.internal.test/"))).isNotNull();

    // Set but empty: no proxy, and the fallback is not read.
    Proxies empty =
        Proxies.fromCurl(null, null, Map.of("https_proxy", "", "ALL_PROXY", "http://a.test")::get);
    assertThat(empty.https()).isNull();
    assertThatThrownBy(() -> Proxies.fromCurl(null, null, Map.of("all_proxy", "ftp://x")::get))
        .hasMessageStartingWith("all_proxy: 'ftp://x' is not a proxy URL");
  }

  @Test
  void aFetcherSendsThroughTheProxyAndTheProxyStaysInItsOptions() throws Exception {
    try (LoopbackProxy proxy = LoopbackProxy.start();
        HostileServer origin = HostileServer.http(r -> HostileServer.response("200 OK", "hi"))) {
      FetchOptions options =
          FetchOptions.builder()
              .retries(0)
              .proxies(Proxies.all(Proxies.Server.parse("http://u:pw@127.0.0.1:" + proxy.port())))
              .build();
      assertThat(options.toString()).contains("u:***@").doesNotContain("pw");
      String url = "http://www.example.com:" + origin.port() + "/x";
      try (Fetcher fetcher = Fetcher.create(options)) {
        FetchResult result = fetcher.fetch(url);
        assertThat(result).isInstanceOf(FetchResult.Response.class);
        assertThat(((FetchResult.Response) result).status()).isEqualTo(200);
      }
      assertThat(proxy.requestLines()).containsExactly("GET " + url + " HTTP/1.1");
    }
  }
}
