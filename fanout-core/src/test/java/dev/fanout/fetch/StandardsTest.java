package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.testkit.HostileServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the standards say what a client sends and reports (issue 17): URLs as the WHATWG URL
 * standard reads them, dot segments (RFC 3986 section 5.2.4), reason phrases as sent, content
 * codings, attempts apart from redirects, and cookies kept only when asked. Each test talks to a
 * real loopback server: one that records the request head byte for byte, or the replica.
 */
class StandardsTest {
  static Replica replica;

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  private static Fetcher fetcher() {
    return Fetcher.create(FetchOptions.builder().retries(0).build());
  }

  private static String requestLine(HostileServer.Received received) {
    return received.head().substring(0, received.head().indexOf("\r\n"));
  }

  private static FetchResult.Response response(FetchResult result) {
    assertThat(result).isInstanceOf(FetchResult.Response.class);
    return (FetchResult.Response) result;
  }

  // --- URLs as browsers read them (WHATWG URL standard) ---

  /** curl (RFC 3986) sends these characters' UTF-8 bytes raw; WHATWG percent-encodes them. */
  @Test
  void nonAsciiInPathAndQueryGoesOutAsUtf8PercentEncodingAndTheFragmentStaysHome()
      throws Exception {
    try (HostileServer server = HostileServer.http(r -> HostileServer.response("200 OK", "ok"));
        Fetcher f = fetcher()) {
      FetchResult.Response r = response(f.fetch(server.url("/anything/é?u=ünï€#top")));
      assertThat(requestLine(server.received().getFirst()))
          .isEqualTo("GET /anything/%C3%A9?u=%C3%BCn%C3%AF%E2%82%AC HTTP/1.1");
      assertThat(r.url()).isEqualTo(server.url("/anything/é?u=ünï€#top"));
      assertThat(r.finalUrl().toString())
          .isEqualTo(server.url("/anything/%C3%A9?u=%C3%BCn%C3%AF%E2%82%AC"));
    }
  }

  /**
   * curl refuses a space in an input URL ("Malformed input to a URL function"); WHATWG encodes it.
   * WHATWG leaves {@code |} raw in a path and a query, which a URI cannot hold: fanout sends {@code
   * %7C}, which servers decode to the same character (decision 0016).
   */
  @Test
  void spacePipeAndBraceInAnInputUrlAreEncodedWithTheOriginalKept() throws Exception {
    try (HostileServer server = HostileServer.http(r -> HostileServer.response("200 OK", "ok"));
        Fetcher f = fetcher()) {
      String typed = server.url("/a b|{c}?q=x y|{}&it's");
      FetchResult.Response r = response(f.fetch(typed));
      assertThat(requestLine(server.received().getFirst()))
          .isEqualTo("GET /a%20b%7C%7Bc%7D?q=x%20y%7C%7B%7D&it%27s HTTP/1.1");
      assertThat(r.url()).isEqualTo(typed);
      assertThat(r.finalUrl().getRawPath()).isEqualTo("/a%20b%7C%7Bc%7D");
    }
  }

  @Test
  void aLocationWithSpacePipeAndBraceIsEncodedAndFollowed() throws Exception {
    try (HostileServer server =
            HostileServer.http(
                r ->
                    requestLine(r).startsWith("GET /start ")
                        ? HostileServer.redirect("/next page|{x}?a b")
                        : HostileServer.response("200 OK", "landed"));
        Fetcher f = fetcher()) {
      FetchResult.Response r = response(f.fetch(server.url("/start")));
      assertThat(r.status()).isEqualTo(200);
      assertThat(requestLine(server.received().get(1)))
          .isEqualTo("GET /next%20page%7C%7Bx%7D?a%20b HTTP/1.1");
      assertThat(r.finalUrl().toString()).isEqualTo(server.url("/next%20page%7C%7Bx%7D?a%20b"));
    }
  }

  /** A Location's UTF-8 bytes are read as UTF-8, as browsers read them, and sent encoded. */
  @Test
  void aLocationInUtf8IsFollowedToTheSamePath() throws Exception {
    // HostileServer writes the head as ISO-8859-1: these two characters are the bytes of "ü".
    String utf8Bytes =
        new String("/ü".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    try (HostileServer server =
            HostileServer.http(
                r ->
                    requestLine(r).startsWith("GET /start ")
                        ? HostileServer.redirect(utf8Bytes)
                        : HostileServer.response("200 OK", "landed"));
        Fetcher f = fetcher()) {
      response(f.fetch(server.url("/start")));
      assertThat(requestLine(server.received().get(1))).isEqualTo("GET /%C3%BC HTTP/1.1");
    }
  }

  /** curl sends {@code \} as it is (as %5C once encoded); browsers read it as {@code /}. */
  @Test
  void backslashesAndDotSegmentsInAnInputUrlAreReadAsBrowsersReadThem() throws Exception {
    try (HostileServer server = HostileServer.http(r -> HostileServer.response("200 OK", "ok"));
        Fetcher f = fetcher()) {
      response(f.fetch(server.url("\\a\\b/./c/%2e%2E/d")));
      assertThat(requestLine(server.received().getFirst())).isEqualTo("GET /a/b/d HTTP/1.1");
    }
  }

  /**
   * IDNA turns a host into the ASCII name DNS is asked for. java.net.IDN (IDNA2003, decision 0016)
   * maps {@code ß} to {@code ss}, where browsers (UTS #46, non-transitional) keep it as {@code
   * xn--fa-hia}: this test names that difference.
   */
  @Test
  void internationalHostNamesGoOutAsPunycodeAndSharpSIsMappedAsIdna2003Does() throws Exception {
    try (HostileServer server = HostileServer.http(r -> HostileServer.response("200 OK", "ok"))) {
      InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", server.port());
      FetchOptions options =
          FetchOptions.builder()
              .retries(0)
              .resolve("bücher.example", server.port(), loopback) // pinned as typed
              .resolve("fass.example", server.port(), loopback)
              .build();
      try (Fetcher f = Fetcher.create(options)) {
        FetchResult.Response r = response(f.fetch("http://BÜCHER.example:" + server.port() + "/"));
        assertThat(r.finalUrl().getHost()).isEqualTo("xn--bcher-kva.example");
        response(f.fetch("http://faß.example:" + server.port() + "/"));
      }
      assertThat(server.received().get(0).header("Host"))
          .isEqualTo("xn--bcher-kva.example:" + server.port());
      assertThat(server.received().get(1).header("Host"))
          .isEqualTo("fass.example:" + server.port());
    }
  }

  // --- Dot segments above the root (RFC 3986 section 5.2.4) ---

  @Test
  void aRedirectUpAboveTheRootLandsAtTheRootAsCurlAndBrowsersDo() throws Exception {
    try (HostileServer server =
            HostileServer.http(
                r ->
                    requestLine(r).startsWith("GET /x ")
                        ? HostileServer.redirect("../anything/up")
                        : HostileServer.response("200 OK", "up"));
        Fetcher f = fetcher()) {
      FetchResult.Response r = response(f.fetch(server.url("/x")));
      assertThat(requestLine(server.received().get(1))).isEqualTo("GET /anything/up HTTP/1.1");
      assertThat(r.finalUrl().getRawPath()).isEqualTo("/anything/up");
    }
  }

  @Test
  void aQueryOnlyLocationKeepsThePathItCameFrom() throws Exception {
    try (HostileServer server =
            HostileServer.http(
                r ->
                    requestLine(r).startsWith("GET /a/b?old ")
                        ? HostileServer.redirect("?new")
                        : HostileServer.response("200 OK", "ok"));
        Fetcher f = fetcher()) {
      response(f.fetch(server.url("/a/b?old")));
      assertThat(requestLine(server.received().get(1))).isEqualTo("GET /a/b?new HTTP/1.1");
    }
  }

  // --- Reason phrases ---

  @Test
  void theReasonPhraseIsReportedAsTheServerSentItOverHttp11() throws Exception {
    try (HostileServer server =
            HostileServer.http(
                r ->
                    switch (requestLine(r).split(" ")[1]) {
                      case "/fine" -> HostileServer.response("200 Fine Thanks", "ok");
                      case "/none" -> HostileServer.response("520 ", "?");
                      default -> HostileServer.response("500 Internal Server Error", "!");
                    });
        Fetcher f = fetcher()) {
      assertThat(response(f.fetch(server.url("/fine"))).reason()).isEqualTo("Fine Thanks");
      assertThat(response(f.fetch(server.url("/none"))).reason()).isEmpty();
      assertThat(response(f.fetch(server.url("/500"))).reason()).isEqualTo("Internal Server Error");
    }
  }

  /** HTTP/2 carries no reason phrase: the registered one, or none for an unregistered status. */
  @Test
  void overHttp2TheReasonIsTheStandardPhraseAndEmptyForAnUnknownStatus() throws Exception {
    try (Fetcher f = Fetcher.create(FetchOptions.builder().h2c(true).retries(0).build())) {
      FetchResult.Response r500 = response(f.fetch(replica.baseUri() + "/status/500"));
      assertThat(r500.protocol()).isEqualTo("HTTP/2.0");
      assertThat(r500.reason()).isEqualTo("Internal Server Error");
      FetchResult.Response r520 = response(f.fetch(replica.baseUri() + "/status/520"));
      assertThat(r520.status()).isEqualTo(520);
      assertThat(r520.reason()).isEmpty();
    }
  }

  // --- Content codings ---

  static final byte[] TEXT =
      "Hello, fanout! Hello, fanout! Hello, fanout! ünï€\n".getBytes(StandardCharsets.UTF_8);

  /** {@link #TEXT} as {@code brotli -q 11} writes it (the JDK has no brotli encoder). */
  static final byte[] TEXT_BR =
      HexFormat.of()
          .parseHex(
              "a1a801c06f91c073a88f8b9296b8b5dad70a6e74751ae495575c09b2e6b0595885bce520baf45302dca4"
                  + "5387f3412517");

  /** 16 MiB of zero bytes as {@code brotli -q 11} writes them: 14 bytes. */
  static final byte[] ZEROS_BR = HexFormat.of().parseHex("cfffff7ff82700e2b14020f7fe7f");

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z =
        new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
      z.write(data);
    }
    return out.toByteArray();
  }

  static byte[] answer(String coding, byte[] body) {
    String head =
        "HTTP/1.1 200 OK\r\nContent-Encoding: "
            + coding
            + "\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }

  @Test
  void gzipDeflateBrAndZstdAreAskedForAndDecodedWithBothSizesReported() throws Exception {
    byte[] gzip = gzip(TEXT);
    byte[] zlib = deflate(TEXT, false);
    byte[] raw = deflate(TEXT, true);
    byte[] zstd = com.github.luben.zstd.Zstd.compress(TEXT);
    try (HostileServer server =
            HostileServer.http(
                r ->
                    switch (requestLine(r).split(" ")[1]) {
                      case "/gzip" -> answer("gzip", gzip);
                      case "/zlib" -> answer("deflate", zlib);
                      case "/raw-deflate" -> answer("deflate", raw);
                      case "/br" -> answer("br", TEXT_BR);
                      case "/zstd" -> answer("zstd", zstd);
                      default -> answer("identity", TEXT);
                    });
        Fetcher f = fetcher()) {
      for (var coded :
          List.of(
              List.of("/gzip", gzip.length),
              List.of("/zlib", zlib.length),
              List.of("/raw-deflate", raw.length),
              List.of("/br", TEXT_BR.length),
              List.of("/zstd", zstd.length),
              List.of("/plain", TEXT.length))) {
        String path = (String) coded.get(0);
        FetchResult.Response r =
            response(f.fetch(Request.get(server.url(path)), true, ResponseCheck.ACCEPT_ALL));
        assertThat(r.body()).as(path).isEqualTo(TEXT);
        assertThat(r.bytes()).as(path).isEqualTo(TEXT.length);
        assertThat(r.wireBytes()).as(path).isEqualTo((long) (int) coded.get(1));
      }
      assertThat(server.received().getFirst().header("Accept-Encoding"))
          .isEqualTo("gzip, deflate, br, zstd");
    }
  }

  @Test
  void aDecompressionBombStopsAtMaxBody() throws Exception {
    byte[] zeros = gzip(new byte[16 << 20]);
    try (HostileServer server =
            HostileServer.http(
                r ->
                    requestLine(r).contains("/br")
                        ? answer("br", ZEROS_BR)
                        : answer("gzip", zeros));
        Fetcher f = Fetcher.create(FetchOptions.builder().retries(0).maxBody(1 << 20).build())) {
      for (String path : List.of("/gzip", "/br")) {
        FetchResult r = f.fetch(server.url(path));
        assertThat(r).as(path).isInstanceOf(FetchResult.Failure.class);
        FetchResult.Failure failure = (FetchResult.Failure) r;
        assertThat(failure.kind()).as(path).isEqualTo(FailureKind.BODY_TOO_LARGE);
        assertThat(failure.message()).as(path).contains("decoded body over the limit of 1048576");
      }
    }
  }

  // --- Attempts and redirects ---

  @Test
  void redirectsAreCountedApartFromAttempts() throws Exception {
    try (Fetcher f = fetcher()) {
      FetchResult r = f.fetch(replica.baseUri() + "/redirect/5");
      assertThat(response(r).finalUrl().getRawPath()).isEqualTo("/redirect/0");
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.redirects()).isEqualTo(5);
    }
  }

  // --- Cookies ---

  private static HostileServer cookieServer() throws IOException {
    return HostileServer.http(
        r ->
            requestLine(r).startsWith("GET /set ")
                ? HostileServer.response(
                    "200 OK",
                    "set",
                    "Set-Cookie: session=abc; Path=/",
                    "Set-Cookie: lasting=yes; Path=/; Max-Age=3600; HttpOnly")
                : HostileServer.response("200 OK", "checked"));
  }

  @Test
  void cookiesAreNotKeptUnlessAsked() throws Exception {
    try (HostileServer server = cookieServer()) {
      try (Fetcher f = fetcher()) {
        f.fetch(server.url("/set"));
        f.fetch(server.url("/check"));
      }
      assertThat(server.received().get(1).header("Cookie")).isNull();
      try (Fetcher f = Fetcher.create(FetchOptions.builder().cookies(true).build())) {
        f.fetch(server.url("/set"));
        f.fetch(server.url("/check"));
      }
      assertThat(server.received().get(3).header("Cookie"))
          .contains("session=abc")
          .contains("lasting=yes");
    }
  }

  @Test
  void aCookieJarIsReadAtTheStartAndWrittenAtTheEndInNetscapeFormat(@TempDir Path dir)
      throws Exception {
    Path jar = dir.resolve("cookies.txt");
    try (HostileServer server = cookieServer()) {
      try (Fetcher f = Fetcher.create(FetchOptions.builder().cookieJar(jar).build())) {
        f.fetch(server.url("/set"));
      }
      List<String> lines = Files.readAllLines(jar);
      assertThat(lines.getFirst()).isEqualTo("# Netscape HTTP Cookie File");
      assertThat(lines)
          .contains("127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc")
          .anySatisfy(
              line -> assertThat(line).startsWith("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t1"));
      try (Fetcher f = Fetcher.create(FetchOptions.builder().cookieJar(jar).build())) {
        f.fetch(server.url("/check"));
      }
      assertThat(server.received().get(1).header("Cookie"))
          .contains("session=abc")
          .contains("lasting=yes");
    }
  }

  @Test
  void aCookieJarThatIsNotARegularFileIsWrittenToNotReplaced(@TempDir Path dir) throws Exception {
    // As /dev/null is for `--cookie-jar /dev/null`: a FIFO here, read by a thread.
    Path fifo = dir.resolve("jar.fifo");
    assumeThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    var read = new java.util.concurrent.CompletableFuture<String>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    read.complete(Files.readString(fifo));
                  } catch (IOException e) {
                    read.completeExceptionally(e);
                  }
                });
    CookieJar.load(null).save(fifo);
    reader.join(10_000);
    assertThat(read.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .startsWith("# Netscape HTTP Cookie File");
    assertThat(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(
            Files.readAttributes(
                    fifo,
                    java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS)
                .isOther())
        .isTrue();
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(fifo); // and no temporary file beside it
    }
  }
}
