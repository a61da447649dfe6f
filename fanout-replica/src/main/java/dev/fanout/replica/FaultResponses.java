package dev.fanout.replica;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.util.Callback;

/** How each fault kind of {@link FaultPlan} misbehaves on the wire. */
final class FaultResponses {
  static final long HANG_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
  static final long DRIP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private FaultResponses() {}

  static void apply(Exchange ex, FaultKind kind, byte[] body) {
    switch (kind) {
      case FaultKind.Status(int code) -> status(ex, code);
      case FaultKind.Misbehaviour m -> {
        switch (m) {
          case HANG -> hang(ex);
          case RESET -> reset(ex, body);
          case TRUNCATE ->
              ex.send(200, Exchange.JSON, java.util.Arrays.copyOf(body, body.length / 2));
          case DRIP -> drip(ex, body, DRIP_INTERVAL_NANOS);
          case HTML -> ex.send(502, Exchange.HTML, html(502, "Bad Gateway"));
        }
      }
    }
  }

  static void status(Exchange ex, int code) {
    if (code == 429) {
      ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    }
    String reason = code == 401 ? "Permission denied" : HttpStatus.getMessage(code);
    ex.send(code, Exchange.JSON, Json.error(reason));
  }

  /** Holds the request until the client goes away; answers 504 after 60 s if it never does. */
  static void hang(Exchange ex) {
    ex.after(
        HANG_MAX_NANOS,
        () -> ex.send(504, Exchange.JSON, Json.error("Gateway Timeout (hung for 60 s)")));
  }

  /** Announces the full length, sends half, then cuts the connection (resets the HTTP/2 stream). */
  static void reset(Exchange ex, byte[] body) {
    ex.start(200, Exchange.JSON);
    ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    int half = Math.max(1, body.length / 2);
    ex.response.write(
        false,
        ByteBuffer.wrap(body, 0, Math.min(half, body.length)),
        Callback.from(ex::reset, ex::clientGone));
  }

  /** Sends {@code body} one byte per interval, announcing its full length. */
  static void drip(Exchange ex, byte[] body, long intervalNanos) {
    ex.start(200, Exchange.JSON);
    ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    dripFrom(ex, body, 0, intervalNanos);
  }

  static void dripFrom(Exchange ex, byte[] body, int index, long intervalNanos) {
    if (ex.finished()) {
      return;
    }
    boolean last = index >= body.length - 1;
    ByteBuffer one = body.length == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body, index, 1);
    Callback next =
        last
            ? ex.completion()
            : Callback.from(
                () -> ex.after(intervalNanos, () -> dripFrom(ex, body, index + 1, intervalNanos)),
                ex::clientGone);
    ex.response.write(last, one, next);
  }

  static byte[] html(int code, String reason) {
    return ("<html>\r\n<head><title>"
            + code
            + " "
            + reason
            + "</title></head>\r\n<body>\r\n<center><h1>"
            + code
            + " "
            + reason
            + "</h1></center>\r\n</body>\r\n</html>\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
