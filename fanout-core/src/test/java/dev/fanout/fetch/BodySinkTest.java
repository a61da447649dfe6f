package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies saved as they stream ({@link BodySink#directory}), over loopback from a Jetty server that
 * sends {@code /bytes/N}, redirects {@code /to/PATH} and answers 503 at {@code /busy}.
 */
class BodySinkTest {
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
              org.eclipse.jetty.server.Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            if (path.startsWith("/to/")) {
              response.setStatus(302);
              response.getHeaders().put(HttpHeader.LOCATION, path.substring(3));
              Response.writeError(request, response, callback, 302); // a body of its own
              return true;
            }
            if (path.equals("/busy")) {
              Response.writeError(request, response, callback, 503);
              return true;
            }
            int n = path.startsWith("/bytes/") ? Integer.parseInt(path.substring(7)) : 3;
            response.setStatus(200);
            response.write(true, ByteBuffer.wrap(bytes(n)), callback);
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

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + i / 256);
    }
    return b;
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  static List<Fetched> run(BodySink sink, long maxBody, String... urls) {
    List<Fetched> out = new ArrayList<>();
    try (Fetcher f = Fetcher.create(FetchOptions.builder().maxBody(maxBody).retries(1).build())) {
      f.runFetched(
          Stream.of(urls).map(Request::get).toList(),
          BatchOptions.builder().strategy(Strategy.ORDERED).bodySink(sink).build(),
          out::add);
    }
    return out;
  }

  static List<String> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void eachBodyIsSavedUnderHostAndPathWithItsHash(@TempDir Path dir) throws Exception {
    BodySink sink = BodySink.directory(dir, BodySink.DEFAULT_NAME, false);
    List<Fetched> done = run(sink, 10 << 20, base + "/bytes/3000000", base + "/bytes/10?x=1");
    String host = "127.0.0.1:" + base.substring(base.lastIndexOf(':') + 1);
    assertThat(files(dir)).containsExactly(host + "/bytes/10?x=1", host + "/bytes/3000000");
    Fetched big = done.getFirst();
    assertThat(big.saved().path()).isEqualTo(dir.resolve(host + "/bytes/3000000"));
    assertThat(Files.readAllBytes(big.saved().path())).isEqualTo(bytes(3_000_000));
    assertThat(big.saved().sha256()).isEqualTo(sha256(bytes(3_000_000)));
    assertThat(big.saved().bytes()).isEqualTo(3_000_000);
    // Streamed to the file: the result holds no copy.
    assertThat(((FetchResult.Response) big.result()).body()).isEmpty();
    assertThat(((FetchResult.Response) big.result()).bytes()).isEqualTo(3_000_000);
  }

  @Test
  void onlyTheAnswerIsSavedNotRedirectsNorRetriedStatuses(@TempDir Path dir) throws Exception {
    BodySink sink = BodySink.directory(dir, "{n}", false);
    List<Fetched> done = run(sink, 1 << 20, base + "/to/bytes/5", base + "/busy");
    assertThat(files(dir)).containsExactly("1", "2");
    assertThat(Files.readAllBytes(dir.resolve("1"))).isEqualTo(bytes(5));
    // The 503 was retried once; only the last answer was kept.
    assertThat(done.get(1).result().attempts()).isEqualTo(2);
    assertThat(done.get(1).saved()).isNotNull();
  }

  @Test
  void aBodyOverTheLimitFailsAndLeavesNoFile(@TempDir Path dir) throws Exception {
    BodySink sink = BodySink.directory(dir, BodySink.DEFAULT_NAME, false);
    List<Fetched> done = run(sink, 100_000, base + "/bytes/2000000");
    assertThat(done.getFirst().result())
        .isInstanceOfSatisfying(
            FetchResult.Failure.class,
            f -> assertThat(f.kind()).isEqualTo(FailureKind.BODY_TOO_LARGE));
    assertThat(done.getFirst().saved()).isNull();
    assertThat(files(dir)).isEmpty(); // no partial file, no leftover .part
  }

  @Test
  void anExistingNameIsKeptAndTheBodyTakesTheNextOneUnlessOverwrite(@TempDir Path dir)
      throws Exception {
    BodySink keep = BodySink.directory(dir, "same", false);
    run(keep, 1 << 20, base + "/bytes/1", base + "/bytes/2", base + "/bytes/3");
    assertThat(files(dir)).containsExactly("same", "same.1", "same.2");
    BodySink overwrite = BodySink.directory(dir, "same", true);
    run(overwrite, 1 << 20, base + "/bytes/4");
    assertThat(Files.readAllBytes(dir.resolve("same"))).isEqualTo(bytes(4));
    assertThat(files(dir)).hasSize(3);
  }

  @Test
  void dotSegmentsAndAbsoluteTemplatesStayInsideTheDirectory(@TempDir Path dir) throws Exception {
    DirectorySink sink = new DirectorySink(dir, "../{path}", false);
    assertThat(sink.name(Request.get("http://h/a/%2e%2e/b%01c"), 0))
        .containsExactly("%2E%2E", "a", "%2e%2e", "b%01c");
    assertThat(DirectorySink.safe("b\u0001c\\d")).isEqualTo("b%01c%5Cd");
    assertThat(new DirectorySink(dir, "/etc/{host}", false).name(Request.get("http://h:80/"), 0))
        .containsExactly("etc", "h");
    assertThat(new DirectorySink(dir, "{path}", false).name(Request.get("http://h/a/./../"), 0))
        .allSatisfy(segment -> assertThat(segment).isNotIn(".", ".."));
    assertThat(DirectorySink.safe("x".repeat(300)).length()).isLessThanOrEqualTo(200);
    assertThat(DirectorySink.safe("x".repeat(300)))
        .isNotEqualTo(DirectorySink.safe("x".repeat(301)));
    BodySink real = BodySink.directory(dir.resolve("out"), "../../{path}", false);
    run(real, 1 << 20, base + "/bytes/1");
    assertThat(files(dir)).containsExactly("out/%2E%2E/%2E%2E/bytes/1");
  }

  @Test
  void aSymbolicLinkUnderTheDirectoryIsNotFollowed(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("out"));
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    String host = "127.0.0.1:" + base.substring(base.lastIndexOf(':') + 1);
    Files.createSymbolicLink(dir.resolve(host), outside);
    List<Fetched> done =
        run(BodySink.directory(dir, BodySink.DEFAULT_NAME, false), 1 << 20, base + "/bytes/1");
    assertThat(done.getFirst().result())
        .isInstanceOfSatisfying(
            FetchResult.Failure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(FailureKind.IO);
              assertThat(f.message()).contains("is a symbolic link; not followed");
            });
    assertThat(files(outside)).isEmpty();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(dir.resolve(host)); // no .part left behind
    }
  }

  @Test
  void anUnknownPlaceholderIsRefusedNamingIt(@TempDir Path dir) {
    assertThatThrownBy(() -> BodySink.directory(dir, "{hots}/{path}", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{hots}");
  }
}
