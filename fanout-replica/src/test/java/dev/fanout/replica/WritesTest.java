package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /__items}: off unless writable, bounded in size (1 MiB) and in time. */
class WritesTest {
  static final String ITEM = "{\"by\":\"new\",\"id\":12,\"title\":\"Posted\",\"type\":\"story\"}";

  static Replica start(boolean writable) throws IOException {
    return Replica.start(
        ReplicaConfig.builder()
            .dataset(Dataset.of(List.of()))
            .writable(writable)
            .writeTimeout(Duration.ofMillis(300))
            .build());
  }

  static HttpResponse<String> post(Replica replica, String body) throws Exception {
    return Http.h1()
        .client
        .send(
            HttpRequest.newBuilder(Http.at(replica, "/__items"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void writesAreRefusedUnlessTheReplicaIsWritable() throws Exception {
    try (Replica replica = start(false)) {
      HttpResponse<String> r = post(replica, ITEM);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("--writable");
      assertThat(Http.h1().get(Http.at(replica, "/v0/item/12.json")).body()).isEqualTo("null");
      // The in-process API is the test's own, not the network's: it still works.
      replica.append(ITEM);
      assertThat(Http.h1().get(Http.at(replica, "/v0/item/12.json")).body()).contains("Posted");
    }
  }

  @Test
  void aWritableReplicaServesPostedItemsAtOnce() throws Exception {
    try (Replica replica = start(true)) {
      HttpResponse<String> r = post(replica, ITEM);
      assertThat(r.statusCode()).isEqualTo(201);
      assertThat(r.body()).contains("\"ids\":[12]");
      assertThat(Http.h1().get(Http.at(replica, "/v0/item/12.json")).body()).contains("Posted");
    }
  }

  @Test
  void aBodyDeclaredOverOneMebibyteIsRefusedWith413BeforeAnyOfItIsSent() throws Exception {
    try (Replica replica = start(true);
        Socket socket = connect(replica)) {
      head(socket, "Content-Length: " + 2 * ReplicaConfig.MAX_WRITE_BYTES);
      // Nothing of the body was sent: the answer can only come from the declared length.
      assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
      assertThat(post(replica, ITEM).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void aContentLengthOfAPetabyteIsAnsweredAtOnce() throws Exception {
    try (Replica replica = start(true);
        Socket socket = connect(replica)) {
      head(socket, "Content-Length: 1000000000000000");
      assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
      assertThat(closedAfterResponse(socket)).isTrue();
    }
  }

  @Test
  void aChunkedBodyIsRefusedAsSoonAsItPassesOneMebibyte() throws Exception {
    try (Replica replica = start(true);
        Socket socket = connect(replica)) {
      head(socket, "Transfer-Encoding: chunked");
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) ' ');
      OutputStream out = socket.getOutputStream();
      // 17 chunks of 64 KiB: just over the limit, and no last chunk, so the body never ends.
      for (int i = 0; i <= ReplicaConfig.MAX_WRITE_BYTES / chunk.length; i++) {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
      assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
      assertThat(closedAfterResponse(socket)).isTrue();
      assertThat(post(replica, ITEM).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void aBodyThatStopsArrivingIsAnsweredWithinTheWriteTimeout() throws Exception {
    try (Replica replica = start(true);
        Socket socket = connect(replica)) {
      long t0 = System.nanoTime();
      head(socket, "Content-Length: 1000");
      socket.getOutputStream().write("[{\"id\":".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      assertThat(statusLine(socket)).startsWith("HTTP/1.1 408");
      assertThat(closedAfterResponse(socket)).isTrue();
      // 300 ms configured; the socket's own read timeout (5 s) would fail the test first otherwise.
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      assertThat(Http.h1().get(Http.at(replica, "/v0/item/12.json")).body()).isEqualTo("null");
    }
  }

  @Test
  void theWriteTimeoutMustBePositive() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> ReplicaConfig.builder().writeTimeout(Duration.ZERO).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("writeTimeout");
  }

  private static Socket connect(Replica replica) throws IOException {
    Socket socket = new Socket("127.0.0.1", replica.port());
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static void head(Socket socket, String lengthHeader) throws IOException {
    String head =
        "POST /__items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + lengthHeader
            + "\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Reads the response head and returns its first line. */
  private static String statusLine(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    return text.lines().findFirst().orElse("");
  }

  /** Whether the server closes the connection once the response body is read. */
  private static boolean closedAfterResponse(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset: closed too
    }
  }
}
