package dev.fanout.replica;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /__stats}, {@code /__catalog} and {@code POST /__items}: the replica's own controls.
 * Writes are refused unless the replica was started writable, and their bodies are bounded in size
 * and time (see {@link ReplicaConfig#writable}).
 */
final class AdminEndpoints {
  static final String WRITES_OFF =
      "writes are off: start the replica with --writable (ReplicaConfig.writable(true)) to POST"
          + " items";

  private final LiveDataset dataset;
  private final Stats stats;
  private final boolean writable;
  private final Duration writeTimeout;

  AdminEndpoints(LiveDataset dataset, Stats stats, boolean writable, Duration writeTimeout) {
    this.dataset = dataset;
    this.stats = stats;
    this.writable = writable;
    this.writeTimeout = writeTimeout;
  }

  void serve(Exchange ex, String path, boolean post) {
    switch (path) {
      case "/__stats" -> ex.send(200, Exchange.JSON, statsJson(stats.snapshot()));
      case "/__catalog" -> ex.send(200, Exchange.JSON, Json.bytes(dataset.catalog().entries()));
      case "/__items" -> {
        if (post && !writable) {
          // The body is not read: the connection is closed after this answer rather than drained.
          ex.closeConnectionAfter();
          ex.send(403, Exchange.JSON, Json.error(WRITES_OFF));
        } else if (post) {
          BoundedBody.read(
              ex.request,
              ReplicaConfig.MAX_WRITE_BYTES,
              writeTimeout,
              outcome -> written(ex, outcome));
        } else {
          ex.send(
              405,
              Exchange.JSON,
              Json.error("POST one item object, an array of them, or JSON Lines"));
        }
      }
      default -> GenericEndpoints.notFound(ex, path);
    }
  }

  private void written(Exchange ex, BoundedBody.Outcome outcome) {
    switch (outcome) {
      case BoundedBody.Complete c -> append(ex, new String(c.bytes(), StandardCharsets.UTF_8));
      case BoundedBody.TooLarge t -> {
        ex.closeConnectionAfter();
        ex.send(
            413,
            Exchange.JSON,
            Json.error(
                "body over "
                    + ReplicaConfig.MAX_WRITE_BYTES
                    + " bytes (1 MiB): POST fewer items per request"));
      }
      case BoundedBody.TooSlow t -> {
        ex.closeConnectionAfter();
        ex.send(
            408,
            Exchange.JSON,
            Json.error("body not complete within " + Durations.format(writeTimeout)));
      }
      case BoundedBody.Failed f -> ex.clientGone(f.cause());
    }
  }

  private void append(Exchange ex, String body) {
    List<Long> ids = new ArrayList<>();
    try {
      for (String json : split(body)) {
        ids.add(dataset.append(json));
      }
    } catch (IllegalArgumentException e) {
      ex.send(400, Exchange.JSON, Json.error(e.getMessage()));
      return;
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("ids", ids);
    reply.put("maxitem", dataset.maxItem());
    ex.send(201, Exchange.JSON, Json.bytes(reply));
  }

  /** One object, an array of objects, or one object per line. */
  static List<String> split(String body) {
    String s = body.strip();
    List<String> out = new ArrayList<>();
    if (s.startsWith("[")) {
      for (JsonNode node : Json.parse(s.getBytes(StandardCharsets.UTF_8))) {
        out.add(node.toString());
      }
    } else {
      for (String line : s.split("\n")) {
        if (!line.isBlank()) {
          out.add(line.strip());
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "empty body: POST an item object such as {\"id\":1,\"type\":\"story\"}");
    }
    return out;
  }

  static byte[] statsJson(ReplicaStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requests", s.requests());
    Map<String, Long> byStatus = new java.util.TreeMap<>();
    s.byStatus().forEach((k, v) -> byStatus.put(Integer.toString(k), v));
    m.put("byStatus", byStatus);
    m.put("faults", s.faults());
    m.put("inFlight", s.inFlight());
    m.put("peakInFlight", s.peakInFlight());
    m.put("clientAborts", s.clientAborts());
    return Json.bytes(m);
  }
}
