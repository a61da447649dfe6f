package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FetchOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    FetchOptions d = FetchOptions.defaults();
    assertThat(d.concurrency()).isEqualTo(64);
    assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.retries()).isEqualTo(2);
    assertThat(d.retryStatuses()).containsExactlyInAnyOrder(429, 502, 503, 504);
    assertThat(d.maxRedirects()).isEqualTo(5);
    assertThat(d.maxBody()).isEqualTo(10L * 1024 * 1024);
    assertThat(d.locationTrusted()).isFalse();
    assertThat(d.allowDowngrade()).isFalse();
    assertThat(d.maxHeaderBytes()).isEqualTo(256 * 1024);
    assertThat(d.maxHeaders()).isEqualTo(1_000);
  }

  @Test
  void resolveParsesCurlsShapeWithoutDns() {
    var e = FetchOptions.parseResolve("WWW.Python.org:443:127.0.0.1");
    assertThat(e.getKey()).isEqualTo("www.python.org:443");
    assertThat(e.getValue()).isEqualTo(new InetSocketAddress("127.0.0.1", 443));
    assertThat(FetchOptions.parseResolve("h:80:[::1]").getValue().getAddress().isLoopbackAddress())
        .isTrue();
  }

  @Test
  void resolveRejectsANameAsAddressNamingTheValue() {
    assertThatThrownBy(() -> FetchOptions.parseResolve("a:80:localhost"))
        .hasMessageContaining("'localhost' is not an IP address");
    assertThatThrownBy(() -> FetchOptions.parseResolve("a:http:127.0.0.1"))
        .hasMessageContaining("bad port");
  }

  @Test
  void impossibleValuesAreRejectedWithTheValue() {
    assertThatThrownBy(() -> FetchOptions.builder().concurrency(-1).build())
        .hasMessage("concurrency < 0: -1");
    assertThatThrownBy(() -> FetchOptions.builder().headers(java.util.List.of("nocolon")).build())
        .hasMessageContaining("nocolon");
    assertThatThrownBy(() -> FetchOptions.builder().maxHeaders(0).build())
        .hasMessage("maxHeaders < 1: 0");
  }

  @Test
  void optionsAreValuesWhoseStringHidesHeaderValues() {
    FetchOptions a =
        FetchOptions.builder()
            .concurrency(8)
            .headers(java.util.List.of("Authorization: Bearer secret"))
            .resolve("a.example:80:127.0.0.1")
            .build();
    FetchOptions b = a.toBuilder().build();
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a).isNotSameAs(a);
    assertThat(a.toBuilder().concurrency(9).build()).isNotEqualTo(a);
    assertThat(FetchOptions.builder().build()).isEqualTo(FetchOptions.defaults());
    assertThat(a.toString())
        .startsWith("FetchOptions[concurrency=8, perHost=0, timeout=PT10S")
        .contains("headers=[Authorization]")
        .contains("resolve={a.example:80=/127.0.0.1:80}")
        .doesNotContain("secret");
  }

  @Test
  void theOptionsHaveNoPublicConstructor() {
    assertThat(FetchOptions.class.getConstructors()).isEmpty();
    assertThat(FetchOptions.class.isRecord()).isFalse();
  }
}
