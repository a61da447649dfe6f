package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Failure reasons are plain words: no client internals, one short message. */
class FailureReasonsTest {

  @Test
  void jettysObjectNamesAreCutAndTheCauseSaysWhy() {
    IOException jetty =
        new IOException(
            "HTTP protocol violation: bad response on"
                + " HttpConnectionOverHTTP@510810f5::SocketChannelEndPoint@1a2b3c4d[{l=/127.0.0.1:1}]",
            new IllegalStateException("400: Illegal character CNTL=0x1b"));
    assertThat(Failures.withoutInternals(jetty))
        .isEqualTo("HTTP protocol violation: bad response: 400: Illegal character CNTL=0x1b");
  }

  @Test
  void anAddressThatLooksLikeAnObjectNameIsKept() {
    assertThat(
            Failures.withoutInternals(new IOException("bad redirect to http://me@cafe.example/")))
        .isEqualTo("bad redirect to http://me@cafe.example/");
  }

  @Test
  void aFailureMessageIsBoundedTo200CharactersAndKeepsTheServersWords() {
    FetchResult.Failure f =
        new FetchResult.Failure(
            "http://x/",
            FailureKind.IO,
            "evil\u001b[2J\r\nline\u202Eback" + "x".repeat(500),
            1,
            Duration.ZERO,
            Duration.ZERO,
            Instant.now());
    assertThat(f.message())
        .startsWith("evil\u001b[2J\r\nline\u202Eback")
        .hasSize(200)
        .endsWith("...");
  }
}
