package dev.fanout.examples;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Hacker News items {@link LoopbackInternet} serves at {@code hacker-news.firebaseio.com}: the
 * talk's story 13955074 exactly as In [56] prints it (its one reply is a stand-in), and a stand-in
 * for the talk's 20-comment story 13952513 (five comments with three replies each). Compact JSON
 * with sorted keys, as the real API sends.
 */
final class HnItems {
  static final long TALK_STORY = 13955074;
  static final long TWENTY_COMMENTS = 13952513;

  private static final Map<Long, String> ITEMS = build();

  private HnItems() {}

  /** The item's JSON, or {@code null} (the API's answer for an unknown id). */
  static String json(long id) {
    return ITEMS.getOrDefault(id, "null");
  }

  private static Map<Long, String> build() {
    Map<Long, String> items = new HashMap<>();
    items.put(
        TALK_STORY,
        "{\"by\":\"jrsinclair\",\"descendants\":1,\"id\":13955074,\"kids\":[13958537],\"score\":8,\"time\":1490441022,\"title\":\"JavaScript."
            + " But less iffy\",\"type\":\"story\","
            + "\"url\":\"http://jrsinclair.com/articles/2017/javascript-but-less-iffy/\"}");
    items.put(13958537L, comment(13958537, TALK_STORY, List.of()));
    long next = TWENTY_COMMENTS + 1;
    List<Long> top = List.of(next, next + 1, next + 2, next + 3, next + 4);
    next += top.size();
    for (long parent : top) {
      List<Long> replies = List.of(next, next + 1, next + 2);
      next += replies.size();
      items.put(parent, comment(parent, TWENTY_COMMENTS, replies));
      replies.forEach(reply -> items.put(reply, comment(reply, parent, List.of())));
    }
    items.put(
        TWENTY_COMMENTS,
        "{\"by\":\"stand-in\",\"descendants\":20,\"id\":"
            + TWENTY_COMMENTS
            + ",\"kids\":"
            + ids(top)
            + ",\"score\":100,\"time\":1490400000,"
            + "\"title\":\"A stand-in for the talk's 20-comment story\",\"type\":\"story\"}");
    return Map.copyOf(items);
  }

  private static String comment(long id, long parent, List<Long> kids) {
    return "{\"by\":\"stand-in\",\"id\":"
        + id
        + (kids.isEmpty() ? "" : ",\"kids\":" + ids(kids))
        + ",\"parent\":"
        + parent
        + ",\"text\":\"A comment.\",\"time\":1490441100,\"type\":\"comment\"}";
  }

  private static String ids(List<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }
}
