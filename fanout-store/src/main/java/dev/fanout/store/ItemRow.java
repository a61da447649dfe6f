package dev.fanout.store;

import dev.fanout.hn.Item;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One stored item: the typed columns of the {@code items} table plus the JSON exactly as served.
 *
 * <p>Nullable fields are null when the API left them out. {@code kids} is the JSON array text (e.g.
 * {@code [2,3]}) or null.
 */
public record ItemRow(
    long id,
    String type,
    String by,
    Long time,
    Long parent,
    boolean deleted,
    boolean dead,
    String title,
    String url,
    Long score,
    Long descendants,
    String text,
    String kids,
    String json) {

  public ItemRow {
    Objects.requireNonNull(json, "json");
    if (id < 0) {
      throw new IllegalArgumentException("id < 0: " + id);
    }
  }

  /** The row for an item the API served as {@code json} (already parsed into {@code item}). */
  public static ItemRow of(Item item, byte[] json) {
    String kids = null;
    if (!item.kids().isEmpty()) {
      StringBuilder out = new StringBuilder(8 * item.kids().size()).append('[');
      for (Long kid : item.kids()) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(kid.longValue());
      }
      kids = out.append(']').toString();
    }
    return new ItemRow(
        item.id(),
        item.type(),
        item.by(),
        item.time(),
        item.parent(),
        item.deleted(),
        item.dead(),
        item.title(),
        item.url(),
        item.score() == null ? null : item.score().longValue(),
        item.descendants() == null ? null : item.descendants().longValue(),
        item.text(),
        kids,
        new String(json, StandardCharsets.UTF_8));
  }

  /** The ids in {@link #kids()}, in order; empty when there are none. */
  public long[] kidIds() {
    if (kids == null || kids.length() <= 2) {
      return new long[0];
    }
    String[] parts = kids.substring(1, kids.length() - 1).split(",");
    long[] ids = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      ids[i] = Long.parseLong(parts[i].strip());
    }
    return ids;
  }
}
