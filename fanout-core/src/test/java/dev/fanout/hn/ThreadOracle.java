package dev.fanout.hn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent count of a thread straight from JSON lines (tree parsing, no crawler code):
 * follows {@code kids} depth-first, each id once, with the definitions of the issue. An id absent
 * from the lines is what the replica serves as {@code null}: missing.
 */
final class ThreadOracle {
  record Counts(
      long comments,
      long fetches,
      long visible,
      long deleted,
      long dead,
      long missing,
      int depth,
      Integer descendants) {}

  private final Map<Long, JsonNode> items = new HashMap<>();

  ThreadOracle(List<String> lines) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    for (String line : lines) {
      JsonNode node = mapper.readTree(line);
      items.put(node.get("id").asLong(), node);
    }
  }

  /** Roots: stories, polls and jobs present in the lines. */
  List<Long> roots() {
    return items.values().stream()
        .filter(n -> List.of("story", "poll", "job").contains(n.path("type").asText()))
        .map(n -> n.get("id").asLong())
        .sorted()
        .toList();
  }

  Counts count(long rootId) {
    long comments = 0, visible = 0, deleted = 0, dead = 0, missing = 0;
    int depth = 0;
    Set<Long> seen = new HashSet<>();
    ArrayDeque<long[]> stack = new ArrayDeque<>(); // {id, depth}
    stack.push(new long[] {rootId, 0});
    seen.add(rootId);
    while (!stack.isEmpty()) {
      long[] top = stack.pop();
      JsonNode node = items.get(top[0]);
      if (node == null) {
        missing++;
        continue;
      }
      if (top[1] > 0) {
        if (node.path("deleted").asBoolean(false)) {
          deleted++;
        } else if (node.path("dead").asBoolean(false)) {
          dead++;
        } else {
          visible++;
        }
      }
      depth = Math.max(depth, (int) top[1]);
      for (JsonNode kid : node.path("kids")) {
        comments++;
        if (seen.add(kid.asLong())) {
          stack.push(new long[] {kid.asLong(), top[1] + 1});
        }
      }
    }
    JsonNode root = items.get(rootId);
    Integer descendants =
        root != null && root.has("descendants") ? root.get("descendants").asInt() : null;
    return new Counts(comments, seen.size(), visible, deleted, dead, missing, depth, descendants);
  }
}
