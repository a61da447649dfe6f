package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GenericEndpointsTest {
  static Replica replica;
  static final Http http = Http.h1();

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  @Test
  void statusAnswersTheCodeAsked() {
    assertThat(http.get(Http.at(replica, "/status/503")).statusCode()).isEqualTo(503);
    assertThat(http.get(Http.at(replica, "/status/204")).statusCode()).isEqualTo(204);
  }

  @Test
  void delayHoldsTheResponse() {
    long t0 = System.nanoTime();
    HttpResponse<String> r = http.get(Http.at(replica, "/delay/300"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(290));
  }

  @Test
  void bytesSendsExactlyN() {
    assertThat(http.bytes(Http.at(replica, "/bytes/100000")).body()).hasSize(100_000);
  }

  @Test
  void redirectHopsThenAnswers200() throws Exception {
    HttpClient follow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    var r =
        follow.send(
            java.net.http.HttpRequest.newBuilder(Http.at(replica, "/redirect/3")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.uri().getPath()).isEqualTo("/redirect/0");
    assertThat(http.get(Http.at(replica, "/redirect/2")).headers().firstValue("location"))
        .hasValue("/redirect/1");
  }

  @Test
  void dripSendsTheBytesSlowly() {
    long t0 = System.nanoTime();
    var r = http.bytes(Http.at(replica, "/drip?bytes=5&interval=50"));
    assertThat(r.body()).hasSize(5);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(190));
  }

  @Test
  void flakyFailsNTimesPerKeyThenSucceeds() {
    assertThat(http.get(Http.at(replica, "/flaky/2/503?key=a")).statusCode()).isEqualTo(503);
    assertThat(http.get(Http.at(replica, "/flaky/2/503?key=a")).statusCode()).isEqualTo(503);
    assertThat(http.get(Http.at(replica, "/flaky/2/503?key=b")).statusCode()).isEqualTo(503);
    assertThat(http.get(Http.at(replica, "/flaky/2/503?key=a")).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathIsAJsonError() {
    var r = http.get(Http.at(replica, "/nope"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).startsWith("{\"error\" : ");
  }

  @Test
  void aShortDelayLeftByItsClientCountsAnAbortAndKeepAliveStillWorks() throws Exception {
    long before = replica.stats().clientAborts();
    try (Socket socket = new Socket("127.0.0.1", replica.port())) {
      socket
          .getOutputStream()
          .write(
              "GET /delay/200 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (replica.stats().clientAborts() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(replica.stats().clientAborts()).isEqualTo(before + 1);
    // A client that stays gets its held answers on one kept-alive connection.
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = http.get(Http.at(replica, "/delay/50"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("connection")).isEmpty();
    }
  }

  @Test
  void hangIsHeldUntilTheClientGoesAwayAndCountsAnAbort() throws Exception {
    long before = replica.stats().clientAborts();
    try (Socket socket = new Socket("127.0.0.1", replica.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /hang HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.setSoTimeout(500);
      InputStream in = socket.getInputStream();
      try {
        assertThat(in.read()).as("nothing is answered while hanging").isEqualTo(-2);
      } catch (java.net.SocketTimeoutException expected) {
        // held, as it should be
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (replica.stats().clientAborts() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(replica.stats().clientAborts()).isEqualTo(before + 1);
    assertThat(replica.stats().inFlight()).isZero();
  }
}
