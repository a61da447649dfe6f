package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests with a method, headers and a body, sent over loopback to a small Jetty server that
 * records what arrived: what is sent, what redirects keep, what is retried.
 */
class RequestTest {
  /** One request as the server read it. */
  record Arrived(String method, String path, String header, String contentType, String body) {}

  static final List<Arrived> ARRIVED = Collections.synchronizedList(new ArrayList<>());
  static Server server;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(
              org.eclipse.jetty.server.Request request, Response response, Callback callback)
              throws Exception {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            String path = request.getHttpURI().getPath();
            ARRIVED.add(
                new Arrived(
                    request.getMethod(),
                    path,
                    request.getHeaders().get("X-Test"),
                    request.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    body));
            switch (path) {
              case "/303", "/302", "/307" -> {
                response.setStatus(Integer.parseInt(path.substring(1)));
                response.getHeaders().put(HttpHeader.LOCATION, "/echo");
              }
              case "/busy" -> response.setStatus(503);
              default -> response.setStatus(200);
            }
            Content.Sink.write(response, true, body, callback);
            return true;
          }
        });
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @BeforeEach
  void forget() {
    ARRIVED.clear();
  }

  static Fetcher fetcher() {
    return Fetcher.create(FetchOptions.builder().retries(2).build());
  }

  static Request post(String path) {
    return Request.builder(base + path)
        .method("POST")
        .header("X-Test", "yes")
        .body("{\"n\":1}".getBytes(StandardCharsets.UTF_8), "application/json")
        .build();
  }

  @Test
  void aPostSendsItsMethodHeaderAndBody() throws Exception {
    try (Fetcher f = fetcher()) {
      FetchResult.Response r =
          (FetchResult.Response) f.fetch(post("/echo"), true, ResponseCheck.ACCEPT_ALL);
      assertThat(r.status()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
      assertThat(ARRIVED)
          .containsExactly(new Arrived("POST", "/echo", "yes", "application/json", "{\"n\":1}"));
    }
  }

  @Test
  void fetchAsyncSendsThePostToo() throws Exception {
    try (Fetcher f = fetcher()) {
      FetchResult r = f.fetchAsync(post("/echo"), false, ResponseCheck.ACCEPT_ALL).get();
      assertThat(r).isInstanceOf(FetchResult.Response.class);
      assertThat(ARRIVED)
          .containsExactly(new Arrived("POST", "/echo", "yes", "application/json", "{\"n\":1}"));
    }
  }

  @Test
  void a307KeepsTheMethodAndTheBody() throws Exception {
    try (Fetcher f = fetcher()) {
      assertThat(f.fetch(post("/307"))).isInstanceOf(FetchResult.Response.class);
      assertThat(ARRIVED)
          .containsExactly(
              new Arrived("POST", "/307", "yes", "application/json", "{\"n\":1}"),
              new Arrived("POST", "/echo", "yes", "application/json", "{\"n\":1}"));
    }
  }

  @Test
  void a303ContinuesAsAGetWithoutTheBody() throws Exception {
    try (Fetcher f = fetcher()) {
      FetchResult.Response r = (FetchResult.Response) f.fetch(post("/303"));
      assertThat(r.finalUrl().toString()).isEqualTo(base + "/echo");
      assertThat(ARRIVED)
          .containsExactly(
              new Arrived("POST", "/303", "yes", "application/json", "{\"n\":1}"),
              new Arrived("GET", "/echo", "yes", null, ""));
    }
  }

  @Test
  void a302AfterAPostContinuesAsAGetAsCurlDoes() throws Exception {
    try (Fetcher f = fetcher()) {
      f.fetch(post("/302"));
      assertThat(ARRIVED.getLast()).isEqualTo(new Arrived("GET", "/echo", "yes", null, ""));
    }
  }

  @Test
  void aPutKeepsItsMethodAndBodyThroughA302() throws Exception {
    try (Fetcher f = fetcher()) {
      f.fetch(post("/302").toBuilder().method("PUT").build());
      assertThat(ARRIVED.getLast())
          .isEqualTo(new Arrived("PUT", "/echo", "yes", "application/json", "{\"n\":1}"));
    }
  }

  @Test
  void aPostIsNotRetriedOn503ByDefault() throws Exception {
    try (Fetcher f = fetcher()) {
      FetchResult.Response r = (FetchResult.Response) f.fetch(post("/busy"));
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(ARRIVED).hasSize(1);
      assertThat(f.retries()).isZero();
    }
  }

  @Test
  void aPostMarkedRetryableIsRetriedOn503() throws Exception {
    try (Fetcher f = fetcher()) {
      FetchResult r = f.fetch(post("/busy").toBuilder().retryable(true).build());
      assertThat(r.attempts()).isEqualTo(3);
      assertThat(ARRIVED).hasSize(3).allMatch(a -> a.body().equals("{\"n\":1}"));
    }
  }

  @Test
  void aGetIsRetriedOn503() throws Exception {
    try (Fetcher f = fetcher()) {
      assertThat(f.fetch(base + "/busy").attempts()).isEqualTo(3);
      assertThat(ARRIVED).hasSize(3).allMatch(a -> a.method().equals("GET"));
    }
  }

  @Test
  void batchesTakeRequests() throws Exception {
    try (Fetcher f = fetcher()) {
      List<FetchResult> results =
          f.gatherRequests(List.of(post("/echo"), Request.get(base + "/echo?second")));
      assertThat(results)
          .extracting(FetchResult::url)
          .containsExactly(base + "/echo", base + "/echo?second");
      assertThat(ARRIVED).extracting(Arrived::method).containsExactlyInAnyOrder("POST", "GET");
    }
  }

  @Test
  void anUnusableUrlInARequestIsAFailureNotAnException() throws Exception {
    try (Fetcher f = fetcher()) {
      FetchResult r = f.fetch(Request.builder("www.python.org").method("POST").build());
      assertThat(((FetchResult.Failure) r).kind()).isEqualTo(FailureKind.INVALID_URL);
    }
  }

  @Test
  void theBuilderRefusesWhatCannotBeSent() {
    assertThatThrownBy(() -> Request.builder(base).method("GE T"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'GE T'");
    assertThatThrownBy(() -> Request.builder(base).header("X-A", "a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> Request.builder(base).header("Content-Type", "text/plain"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("body(");
  }

  @Test
  void requestsAreValuesThatDoNotShareTheirBody() {
    byte[] bytes = {1, 2, 3};
    Request r =
        Request.builder(base).method("post").body(bytes, "application/octet-stream").build();
    bytes[0] = 9;
    r.body()[1] = 9;
    assertThat(r.body()).containsExactly(1, 2, 3);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.retryable()).isFalse();
    assertThat(r).isEqualTo(r.toBuilder().build()).hasSameHashCodeAs(r.toBuilder().build());
    assertThat(r.toBuilder().method("PUT").build().retryable()).isTrue();
    assertThat(r.toString()).isEqualTo("POST " + base + " (3 bytes of application/octet-stream)");
  }
}
