package dev.fanout.replica;

import java.util.Objects;

/**
 * A named story of the replica's dataset and what a crawl of it following {@code kids} must find
 * (the definitions of {@code fanout hn comments}).
 *
 * @param comments every entry of every {@code kids} list reached (an id listed again counts again)
 * @param fetches distinct items requested, root included
 * @param visible fetched comments neither deleted nor dead
 * @param deleted fetched comments with {@code deleted: true}
 * @param dead other fetched comments with {@code dead: true}
 * @param missing distinct listed ids whose item is {@code null}
 * @param depth the deepest existing item's distance from the root (direct replies: 1)
 * @param descendants the root's {@code descendants} field, or {@code null} when it has none
 */
public record CatalogEntry(
    String name,
    long id,
    String description,
    long comments,
    long fetches,
    long visible,
    long deleted,
    long dead,
    long missing,
    int depth,
    Long descendants) {
  public CatalogEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (id < 1) {
      throw new IllegalArgumentException("id < 1: " + id);
    }
    if (visible + deleted + dead + missing != fetches - 1) {
      throw new IllegalArgumentException(
          "inconsistent counts for " + name + ": visible+deleted+dead+missing != fetches-1");
    }
  }
}
