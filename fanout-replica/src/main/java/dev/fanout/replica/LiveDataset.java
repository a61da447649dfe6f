package dev.fanout.replica;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dataset plus the items appended while running. Appended items win over the base, raise {@code
 * maxitem}, lead {@code updates.json} and, for stories, {@code newstories}. Thread-safe; list and
 * updates bodies are cached until the next append.
 */
final class LiveDataset {
  private static final int UPDATES_KEPT = 200;

  private final Dataset base;
  private final ConcurrentHashMap<Long, byte[]> appended = new ConcurrentHashMap<>();
  private final Deque<Long> recentItems = new ArrayDeque<>();
  private final Deque<String> recentProfiles = new ArrayDeque<>();
  private final List<Long> newStories = new ArrayList<>();
  private final ConcurrentHashMap<String, byte[]> listCache = new ConcurrentHashMap<>();
  private volatile byte[] updatesCache;
  private volatile long maxAppended;

  LiveDataset(Dataset base) {
    this.base = base;
  }

  Optional<byte[]> item(long id) {
    byte[] b = appended.get(id);
    return b != null ? Optional.of(b) : base.item(id);
  }

  long maxItem() {
    return Math.max(base.maxItem(), maxAppended);
  }

  Optional<byte[]> user(String id) {
    return base.user(id);
  }

  Catalog catalog() {
    return base.catalog();
  }

  byte[] listJson(String name) {
    return listCache.computeIfAbsent(name, n -> Json.ids(list(n)));
  }

  synchronized List<Long> list(String name) {
    List<Long> ids = base.list(name);
    if (!name.equals("new") || newStories.isEmpty()) {
      return ids;
    }
    List<Long> merged = new ArrayList<>(newStories.reversed());
    merged.addAll(ids);
    return List.copyOf(merged.subList(0, Math.min(500, merged.size())));
  }

  byte[] updatesJson() {
    byte[] b = updatesCache;
    if (b == null) {
      Updates u = updates();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("items", u.items());
      m.put("profiles", u.profiles());
      b = Json.bytes(m);
      updatesCache = b;
    }
    return b;
  }

  synchronized Updates updates() {
    Updates b = base.updates();
    LinkedHashSet<Long> items = new LinkedHashSet<>(recentItems);
    items.addAll(b.items());
    LinkedHashSet<String> profiles = new LinkedHashSet<>(recentProfiles);
    profiles.addAll(b.profiles());
    return new Updates(new ArrayList<>(items), new ArrayList<>(profiles));
  }

  /** Adds an item; returns its id. The JSON is re-served compact with sorted keys. */
  long append(String itemJson) {
    JsonNode node = Json.parse(itemJson.getBytes(StandardCharsets.UTF_8));
    if (!node.isObject()
        || !node.path("id").canConvertToExactIntegral()
        || node.get("id").asLong() < 1) {
      throw new IllegalArgumentException(
          "not an item: expected a JSON object with a positive integer \"id\", got: "
              + abbreviate(itemJson));
    }
    long id = node.get("id").asLong();
    byte[] bytes = Json.sortedCompact(node);
    synchronized (this) {
      appended.put(id, bytes);
      maxAppended = Math.max(maxAppended, id);
      push(recentItems, id);
      String by = node.path("by").asText(null);
      if (by != null) {
        push(recentProfiles, by);
      }
      String type = node.path("type").asText("");
      if ((type.equals("story") || type.equals("poll")) && !newStories.contains(id)) {
        newStories.add(id);
      }
      listCache.clear();
      updatesCache = null;
    }
    return id;
  }

  private static <T> void push(Deque<T> deque, T value) {
    deque.remove(value);
    deque.addFirst(value);
    while (deque.size() > UPDATES_KEPT) {
      deque.removeLast();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
