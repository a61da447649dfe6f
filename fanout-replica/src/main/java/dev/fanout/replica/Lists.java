package dev.fanout.replica;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Derives the list endpoints from root items (stories, polls, jobs), as HN roughly ranks them. */
final class Lists {
  private Lists() {}

  static Map<String, List<Long>> derive(List<JsonNode> roots) {
    long now = roots.stream().mapToLong(n -> n.path("time").asLong()).max().orElse(0);
    List<JsonNode> live =
        roots.stream()
            .filter(n -> !n.path("deleted").asBoolean() && !n.path("dead").asBoolean())
            .toList();
    List<JsonNode> stories =
        live.stream().filter(n -> !n.path("type").asText().equals("job")).toList();
    Comparator<JsonNode> newest =
        Comparator.comparingLong((JsonNode n) -> n.get("id").asLong()).reversed();
    Comparator<JsonNode> ranked =
        Comparator.comparingDouble((JsonNode n) -> -rank(n, now)).thenComparing(newest);
    Comparator<JsonNode> best =
        Comparator.comparingLong((JsonNode n) -> -n.path("score").asLong()).thenComparing(newest);
    return Map.of(
        "top", ids(live.stream().sorted(ranked), 500),
        "new", ids(stories.stream().sorted(newest), 500),
        "best", ids(stories.stream().sorted(best), 500),
        "ask", ids(stories.stream().filter(Lists::isAsk).sorted(ranked), 200),
        "show",
            ids(
                stories.stream()
                    .filter(n -> n.path("title").asText().startsWith("Show HN"))
                    .sorted(ranked),
                200),
        "job",
            ids(
                live.stream().filter(n -> n.path("type").asText().equals("job")).sorted(newest),
                200));
  }

  static boolean isAsk(JsonNode n) {
    return n.path("title").asText().startsWith("Ask HN")
        || (n.has("text") && !n.has("url") && n.path("type").asText().equals("story"));
  }

  /** HN's gravity formula: points over age to the power 1.8. */
  private static double rank(JsonNode n, long now) {
    double hours = Math.max(0, now - n.path("time").asLong()) / 3600.0;
    return (Math.max(1, n.path("score").asLong()) - 1 + 0.5) / Math.pow(hours + 2, 1.8);
  }

  private static List<Long> ids(java.util.stream.Stream<JsonNode> sorted, int limit) {
    return sorted.limit(limit).map(n -> n.get("id").asLong()).toList();
  }
}
