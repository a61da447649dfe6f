package dev.fanout.cli.hn;

import dev.fanout.hn.CrawlListener;
import dev.fanout.hn.ItemResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Counts why items failed, per crawl root, so an INCOMPLETE result can say what went wrong. Public
 * for fanout-cluster's worker, which reports an incomplete crawl the way {@code fanout hn comments}
 * does. Thread-safe.
 */
public final class HnFailureReasons implements CrawlListener {
  private final Map<Long, Map<String, Integer>> byRoot = new ConcurrentHashMap<>();
  private final Map<Long, String> rootFailures = new ConcurrentHashMap<>();

  @Override
  public void onResponse(long root, ItemResponse response, int depth) {
    if (response instanceof ItemResponse.Failed failed) {
      String message = failed.failure().message();
      String reason =
          failed.failure().kind().label()
              + (message.startsWith("HTTP ") ? " " + message.split(" ")[1] : "");
      byRoot.computeIfAbsent(root, r -> new ConcurrentHashMap<>()).merge(reason, 1, Integer::sum);
      if (depth == 0) {
        rootFailures.put(
            root,
            failed.failure().kind().label()
                + ": "
                + message
                + " ("
                + failed.attempts()
                + (failed.attempts() == 1 ? " request)" : " requests)"));
      }
    }
  }

  /** Why the root itself failed, e.g. {@code IOError: HTTP 503 (3 requests)}, or null. */
  public String rootFailure(long root) {
    return rootFailures.get(root);
  }

  /** E.g. {@code Timeout x3, IOError 503 x1}. */
  public String summary(long root) {
    return new TreeMap<>(byRoot.getOrDefault(root, Map.of()))
        .entrySet().stream()
            .map(e -> e.getKey() + " x" + e.getValue())
            .collect(Collectors.joining(", "));
  }
}
