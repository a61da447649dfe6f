package dev.fanout.replica;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * httpbin-like endpoints for fetch tests: {@code /status/{code}}, {@code /delay/{ms}}, {@code
 * /bytes/{n}}, {@code /redirect/{n}}, {@code /drip?bytes=N&interval=MS}, {@code
 * /flaky/{n}/{code}?key=K}, {@code /hang}.
 */
final class GenericEndpoints {
  static final int MAX_BYTES = 64 << 20;
  static final long MAX_DELAY_MS = 60_000;

  private final ConcurrentHashMap<String, AtomicInteger> flaky = new ConcurrentHashMap<>();

  void serve(Exchange ex, String path) {
    String[] parts = path.substring(1).split("/", -1);
    try {
      switch (parts[0]) {
        case "status" -> status(ex, number(parts, 1, 100, 599));
        case "delay" -> {
          long ms = number(parts, 1, 0, MAX_DELAY_MS);
          ex.after(
              TimeUnit.MILLISECONDS.toNanos(ms),
              () ->
                  ex.send(
                      200,
                      Exchange.JSON,
                      ("{\"delay\":" + ms + "}").getBytes(StandardCharsets.US_ASCII)));
        }
        case "bytes" ->
            ex.send(200, Exchange.OCTETS, pattern((int) number(parts, 1, 0, MAX_BYTES)));
        case "redirect" -> redirect(ex, number(parts, 1, 0, 1000));
        case "drip" -> drip(ex);
        case "flaky" -> flaky(ex, number(parts, 1, 0, 1_000_000), (int) number(parts, 2, 100, 599));
        case "hang" -> FaultResponses.hang(ex);
        case "" -> ex.send(200, Exchange.JSON, index());
        default -> notFound(ex, path);
      }
    } catch (IllegalArgumentException e) {
      ex.send(400, Exchange.JSON, Json.error(e.getMessage()));
    }
  }

  private static void status(Exchange ex, long code) {
    int c = (int) code;
    boolean bodiless = c < 200 || c == 204 || c == 304;
    if (c >= 100 && c < 200) {
      // An informational status cannot end an exchange; httpbin answers these with 200 too.
      c = 200;
    }
    ex.send(
        c,
        Exchange.JSON,
        bodiless ? new byte[0] : ("{\"status\":" + c + "}").getBytes(StandardCharsets.US_ASCII));
  }

  private static void redirect(Exchange ex, long n) {
    if (n == 0) {
      ex.send(200, Exchange.JSON, "{\"redirects\":\"done\"}".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    ex.response.getHeaders().put(HttpHeader.LOCATION, "/redirect/" + (n - 1));
    ex.send(
        302,
        Exchange.JSON,
        ("{\"location\":\"/redirect/" + (n - 1) + "\"}").getBytes(StandardCharsets.US_ASCII));
  }

  private static void drip(Exchange ex) {
    Fields q = Request.extractQueryParameters(ex.request);
    long bytes = bounded("bytes", q.getValue("bytes"), 10, 1, 1_000_000);
    long interval = bounded("interval", q.getValue("interval"), 100, 0, 60_000);
    byte[] body = new byte[(int) bytes];
    java.util.Arrays.fill(body, (byte) '*');
    ex.start(200, Exchange.OCTETS);
    ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes);
    FaultResponses.dripFrom(ex, body, 0, TimeUnit.MILLISECONDS.toNanos(interval));
  }

  private void flaky(Exchange ex, long n, int code) {
    String key = Request.extractQueryParameters(ex.request).getValue("key");
    String k = (key == null ? "" : key) + "/" + n + "/" + code;
    int seen = flaky.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
    if (seen <= n) {
      FaultResponses.status(ex, code);
    } else {
      ex.send(
          200, Exchange.JSON, ("{\"attempt\":" + seen + "}").getBytes(StandardCharsets.US_ASCII));
    }
  }

  static void notFound(Exchange ex, String path) {
    ex.send(404, Exchange.JSON, Json.error("Not found: " + path + " (see / for the endpoints)"));
  }

  private static long number(String[] parts, int index, long min, long max) {
    if (parts.length <= index) {
      throw new IllegalArgumentException(
          "missing number in the path (e.g. /status/503, /flaky/2/503?key=a)");
    }
    return bounded("path segment", parts[index], -1, min, max);
  }

  private static long bounded(String what, String text, long dflt, long min, long max) {
    if (text == null) {
      return dflt;
    }
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + what + "=" + text);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(what + " out of " + min + ".." + max + ": " + v);
    }
    return v;
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  private static byte[] index() {
    return ("{\"endpoints\":[\"/v0/item/{id}.json\",\"/v0/user/{id}.json\",\"/v0/maxitem.json\","
                + "\"/v0/topstories.json\",\"/v0/newstories.json\",\"/v0/beststories.json\",\"/v0/askstories.json\","
                + "\"/v0/showstories.json\",\"/v0/jobstories.json\",\"/v0/updates.json\",\"/status/{code}\","
                + "\"/delay/{ms}\",\"/bytes/{n}\",\"/redirect/{n}\",\"/drip?bytes=N&interval=MS\",\"/flaky/{n}/{code}?key=K\",\"/hang\",\"/__stats\",\"/__catalog\",\"POST"
                + " /__items (with --writable)\"]}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static String reason(int code) {
    return HttpStatus.getMessage(code);
  }

  static ByteBuffer empty() {
    return ByteBuffer.allocate(0);
  }
}
