package dev.fanout.replica;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.io.Content;

/** {@code /__stats}, {@code /__catalog} and {@code POST /__items}: the replica's own controls. */
final class AdminEndpoints {
  private final LiveDataset dataset;
  private final Stats stats;

  AdminEndpoints(LiveDataset dataset, Stats stats) {
    this.dataset = dataset;
    this.stats = stats;
  }

  void serve(Exchange ex, String path, boolean post) {
    switch (path) {
      case "/__stats" -> ex.send(200, Exchange.JSON, statsJson(stats.snapshot()));
      case "/__catalog" -> ex.send(200, Exchange.JSON, Json.bytes(dataset.catalog().entries()));
      case "/__items" -> {
        if (post) {
          Content.Source.asStringAsync(ex.request, StandardCharsets.UTF_8)
              .whenComplete((body, error) -> append(ex, body, error));
        } else {
          ex.send(405, Exchange.JSON, Json.error("POST one item object, an array of them, or JSON Lines"));
        }
      }
      default -> GenericEndpoints.notFound(ex, path);
    }
  }

  private void append(Exchange ex, String body, Throwable error) {
    if (error != null) {
      ex.clientGone(error);
      return;
    }
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
      throw new IllegalArgumentException("empty body: POST an item object such as {\"id\":1,\"type\":\"story\"}");
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
