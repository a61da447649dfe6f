package dev.fanout.replica;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Items held in memory exactly as given (one JSON object per line), served byte-for-byte. Lists and
 * users are derived from the items at load time. Immutable, so thread-safe.
 */
final class JsonlDataset implements Dataset {
  private final Map<Long, byte[]> items;
  private final long maxItem;
  private final Map<String, List<Long>> lists;
  private final Map<String, byte[]> users;

  private JsonlDataset(
      Map<Long, byte[]> items, List<JsonNode> roots, Map<String, List<JsonNode>> byUser) {
    this.items = items;
    this.maxItem = items.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    this.lists = Lists.derive(roots);
    this.users = new HashMap<>();
    byUser.forEach((name, authored) -> users.put(name, userJson(name, authored)));
  }

  static JsonlDataset read(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        lines.add(line);
      }
    }
    return of(lines, file.toString());
  }

  static JsonlDataset of(List<String> lines, String source) {
    Map<Long, byte[]> items = new HashMap<>();
    List<JsonNode> roots = new ArrayList<>();
    Map<String, List<JsonNode>> byUser = new TreeMap<>();
    int number = 0;
    for (String line : lines) {
      number++;
      String json = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (json.isBlank()) {
        continue;
      }
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      JsonNode node;
      try {
        node = Json.parse(bytes);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " line " + number + ": " + e.getMessage());
      }
      if (!node.isObject()
          || !node.path("id").canConvertToExactIntegral()
          || node.get("id").asLong() < 1) {
        throw new IllegalArgumentException(
            source
                + " line "
                + number
                + ": not an item (expected an object with a positive integer \"id\")");
      }
      items.put(node.get("id").asLong(), bytes);
      String type = node.path("type").asText("");
      if (type.equals("story") || type.equals("poll") || type.equals("job")) {
        roots.add(node);
      }
      if (node.hasNonNull("by")) {
        byUser.computeIfAbsent(node.get("by").asText(), k -> new ArrayList<>()).add(node);
      }
    }
    return new JsonlDataset(items, roots, byUser);
  }

  /** Users as the API shapes them, derived from what they posted here. */
  private static byte[] userJson(String name, List<JsonNode> authored) {
    authored.sort(Comparator.comparingLong((JsonNode n) -> n.get("id").asLong()).reversed());
    long created = authored.stream().mapToLong(n -> n.path("time").asLong()).min().orElse(0);
    long karma =
        1 + authored.stream().mapToLong(n -> Math.max(0, n.path("score").asLong() - 1)).sum();
    Map<String, Object> user = new TreeMap<>();
    user.put("created", created);
    user.put("id", name);
    user.put("karma", karma);
    user.put("submitted", authored.stream().map(n -> n.get("id").asLong()).toList());
    return Json.bytes(user);
  }

  @Override
  public Optional<byte[]> item(long id) {
    return Optional.ofNullable(items.get(id));
  }

  @Override
  public long maxItem() {
    return maxItem;
  }

  @Override
  public List<Long> list(String name) {
    return lists.getOrDefault(name, List.of());
  }

  @Override
  public Optional<byte[]> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public Updates updates() {
    List<Long> recent =
        items.keySet().stream().sorted(Comparator.reverseOrder()).limit(30).toList();
    return new Updates(recent, List.of());
  }
}
