package dev.fanout.replica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * An independent crawl of a story over HTTP, following {@code kids} level by level, counting as
 * {@code fanout hn comments} defines. Shares no code with the generator.
 */
final class TreeWalk {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  long comments, fetches, visible, deleted, dead, missing;
  int depth;
  long descendantsField = -1;

  /** Fetches a batch of items: null JSON for an item the API answers {@code null}. */
  interface Source {
    Map<Long, JsonNode> fetch(List<Long> ids) throws Exception;
  }

  /** Walks over HTTP/1.1 (the JDK client pools connections), 200 requests at a time. */
  static TreeWalk overHttp(URI api, long rootId) throws Exception {
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      Semaphore permits = new Semaphore(200);
      return of(ids -> fetch(client, api, ids, permits), rootId);
    }
  }

  /** Walks the dataset's bytes directly, for the biggest stories (no HTTP, same counting). */
  static TreeWalk inProcess(Dataset dataset, long rootId) throws Exception {
    return of(
        ids -> {
          Map<Long, JsonNode> out = new HashMap<>();
          for (long id : ids) {
            out.put(id, MAPPER.readTree(dataset.item(id).orElse("null".getBytes())));
          }
          return out;
        },
        rootId);
  }

  static TreeWalk of(Source source, long rootId) throws Exception {
    TreeWalk w = new TreeWalk();
    Set<Long> seen = new HashSet<>();
    seen.add(rootId);
    Map<Long, JsonNode> level = source.fetch(List.of(rootId));
    w.fetches = 1;
    JsonNode root = level.get(rootId);
    if (root.has("descendants")) {
      w.descendantsField = root.get("descendants").asLong();
    }
    int d = 0;
    while (!level.isEmpty()) {
      List<Long> next = new ArrayList<>();
      for (JsonNode item : level.values()) {
        for (JsonNode kid : item.path("kids")) {
          w.comments++;
          if (seen.add(kid.asLong())) {
            next.add(kid.asLong());
          }
        }
      }
      d++;
      Map<Long, JsonNode> fetched = source.fetch(next);
      w.fetches += next.size();
      Map<Long, JsonNode> existing = new HashMap<>();
      for (long id : next) {
        JsonNode n = fetched.get(id);
        if (n == null || n.isNull()) {
          w.missing++;
          continue;
        }
        if (n.path("deleted").asBoolean()) {
          w.deleted++;
        } else if (n.path("dead").asBoolean()) {
          w.dead++;
        } else {
          w.visible++;
        }
        existing.put(id, n);
        w.depth = d;
      }
      level = existing;
    }
    return w;
  }

  private static Map<Long, JsonNode> fetch(
      HttpClient client, URI api, List<Long> ids, Semaphore permits) throws Exception {
    Map<Long, CompletableFuture<HttpResponse<byte[]>>> futures = new HashMap<>();
    for (long id : ids) {
      permits.acquire();
      futures.put(
          id,
          client
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(api + "/item/" + id + ".json")).build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .whenComplete((r, e) -> permits.release()));
    }
    Map<Long, JsonNode> out = new HashMap<>();
    for (var e : futures.entrySet()) {
      HttpResponse<byte[]> r = e.getValue().get();
      if (r.statusCode() != 200) {
        throw new IllegalStateException("item " + e.getKey() + ": HTTP " + r.statusCode());
      }
      out.put(e.getKey(), MAPPER.readTree(r.body()));
    }
    return out;
  }
}
