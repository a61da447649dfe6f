package dev.fanout.replica;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a replica serves. Implementations must be thread-safe; calls come from many server threads
 * at once and should not block for long (no network I/O).
 *
 * <p>Item and user bytes are served exactly as returned, so they should be compact JSON with sorted
 * keys, as the real API sends.
 */
public interface Dataset {

  /** The item's JSON as served; empty for an id the API answers with {@code null}. */
  Optional<byte[]> item(long id);

  /** The highest item id ({@code /v0/maxitem.json}). */
  long maxItem();

  /**
   * A list endpoint's ids, best first: {@code top}, {@code new}, {@code best} (up to 500), {@code
   * ask}, {@code show}, {@code job} (up to 200).
   */
  List<Long> list(String name);

  /** The user's JSON as served; empty for an unknown user. */
  Optional<byte[]> user(String id);

  /** Recently changed items and profiles ({@code /v0/updates.json}). */
  default Updates updates() {
    return Updates.EMPTY;
  }

  /** The named stories tests may need, with expected counts; empty when the dataset has none. */
  default Catalog catalog() {
    return Catalog.empty();
  }

  /** The list names every dataset answers. */
  List<String> LISTS = List.of("top", "new", "best", "ask", "show", "job");

  /**
   * The generated world of {@code seed}: 1,000,000 ids with the catalog stories at the start;
   * threads are generated when first requested.
   */
  static Dataset synthetic(long seed) {
    return SyntheticDataset.create(seed, SyntheticDataset.DEFAULT_SIZE);
  }

  /** The generated world of {@code seed} with {@code size} ids (at least the catalog's). */
  static Dataset synthetic(long seed, long size) {
    return SyntheticDataset.create(seed, size);
  }

  /**
   * Items from a JSON Lines file (one Firebase item object per line), served byte-for-byte; list
   * endpoints list the stories it holds, newest first; users are derived from the items' authors.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the line that is not an item object
   */
  static Dataset jsonl(Path file) throws IOException {
    return JsonlDataset.read(file);
  }

  /** Items from JSON strings, as {@link #jsonl} does with lines (handy in tests). */
  static Dataset of(List<String> itemJsons) {
    return JsonlDataset.of(itemJsons, "items");
  }
}
