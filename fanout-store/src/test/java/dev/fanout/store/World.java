package dev.fanout.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A small deterministic HN world for the mirror tests, served by the replica through {@code
 * Dataset.of}: blocks of 50 ids, each a story whose comments form a tree with three kids per item;
 * every 17th id is deleted, every 19th dead, and every 13th id of a block's leaves is null (listed
 * as a kid, answered {@code null}).
 */
final class World {
  static final int BLOCK = 50;

  private World() {}

  static boolean isNull(long id) {
    return id % 13 == 0 && offset(id) > 16;
  }

  static long offset(long id) {
    return (id - 1) % BLOCK;
  }

  static List<String> items(long n) {
    List<String> items = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      if (isNull(id)) {
        continue;
      }
      long off = offset(id);
      long start = id - off;
      StringBuilder kids = new StringBuilder();
      for (long k = 3 * off + 1; k <= 3 * off + 3 && k < BLOCK && start + k <= n; k++) {
        kids.append(kids.isEmpty() ? "" : ",").append(start + k);
      }
      StringBuilder json = new StringBuilder("{\"by\":\"user").append(id % 7).append('"');
      if (id % 19 == 0) {
        json.append(",\"dead\":true");
      }
      if (id % 17 == 0) {
        json.append(",\"deleted\":true");
      }
      json.append(",\"id\":").append(id);
      if (!kids.isEmpty()) {
        json.append(",\"kids\":[").append(kids).append(']');
      }
      if (off > 0) {
        json.append(",\"parent\":").append(start + (off - 1) / 3);
        json.append(",\"text\":\"comment ")
            .append(id)
            .append(" \\u00e9 <i>x</i>\",\"time\":")
            .append(1_700_000_000 + id);
        json.append(",\"type\":\"comment\"}");
      } else {
        json.append(",\"score\":").append(id % 300).append(",\"time\":").append(1_700_000_000 + id);
        json.append(",\"title\":\"Story ")
            .append(id)
            .append("\",\"type\":\"story\",\"url\":\"https://example.com/")
            .append(id)
            .append("\"}");
      }
      items.add(json.toString());
    }
    return items;
  }
}
