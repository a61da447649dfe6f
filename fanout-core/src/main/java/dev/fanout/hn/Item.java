package dev.fanout.hn;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Hacker News item (story, comment, job, poll or poll option) with every field the API defines.
 *
 * <p>Fields the API left out are {@code null} (objects), {@code false} (flags) or empty (lists), so
 * an item round-trips what was served without inventing values. {@link #kids()} is in HN's ranked
 * order.
 *
 * @param id the item's unique id
 * @param deleted true if the item is deleted
 * @param type {@code job}, {@code story}, {@code comment}, {@code poll} or {@code pollopt}; null if
 *     absent
 * @param by the author's user name, or null
 * @param time creation time in Unix seconds, or null
 * @param text the comment, story or poll text as HTML, or null
 * @param dead true if the item is dead
 * @param parent the comment's parent (a comment or the story), or null
 * @param poll the poll of a poll option, or null
 * @param kids the ids of the item's comments, in ranked display order
 * @param url the story's URL, or null
 * @param score the story's score or the poll option's votes, or null
 * @param title the title of a story, poll or job (HTML), or null
 * @param parts the poll's options, in display order
 * @param descendants the total comment count of a story or poll as the API reports it, or null
 */
public record Item(
    long id,
    boolean deleted,
    String type,
    String by,
    Long time,
    String text,
    boolean dead,
    Long parent,
    Long poll,
    List<Long> kids,
    String url,
    Integer score,
    String title,
    List<Long> parts,
    Integer descendants) {

  public Item {
    if (id < 0) {
      throw new IllegalArgumentException("id < 0: " + id);
    }
    kids = kids == null ? List.of() : List.copyOf(kids);
    parts = parts == null ? List.of() : List.copyOf(parts);
  }

  /** A minimal item of the given type, for building test data and replies. */
  public static Item of(long id, String type) {
    return new Item(
        id, false, type, null, null, null, false, null, null, List.of(), null, null, null,
        List.of(), null);
  }

  /**
   * Parses one item body as the API serves it (streaming, one pass); empty for the API's {@code
   * null}.
   *
   * @throws IllegalArgumentException if the body is not a complete item object (truncated, HTML,
   *     ...)
   */
  public static Optional<Item> fromJson(byte[] json) {
    try {
      return Optional.ofNullable(ItemJson.parseItem(json));
    } catch (ItemJson.MalformedJsonException e) {
      throw new IllegalArgumentException("not an item: " + e.getMessage());
    }
  }

  /** The creation time, if the API gave one. */
  public Optional<Instant> createdAt() {
    return time == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(time));
  }

  /** The title when there is one, else the type (or {@code item} when even that is absent). */
  public String label() {
    if (title != null && !title.isEmpty()) {
      return title;
    }
    return Objects.requireNonNullElse(type, "item");
  }

  /** Whether this item counts as visible: neither deleted nor dead. */
  public boolean visible() {
    return !deleted && !dead;
  }
}
