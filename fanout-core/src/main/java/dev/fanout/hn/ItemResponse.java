package dev.fanout.hn;

import dev.fanout.fetch.FetchResult;
import java.util.Objects;

/**
 * What the API answered for one item id: the item, the API's {@code null} (no such item), or no
 * usable answer after every retry. A closed set, so callers {@code switch} over it exhaustively.
 */
public sealed interface ItemResponse
    permits ItemResponse.Found, ItemResponse.Missing, ItemResponse.Failed {

  /** The id that was asked for. */
  long id();

  /** HTTP requests made for this id, retries included. */
  int attempts();

  /**
   * The item exists.
   *
   * @param json the body exactly as served (owned by this record; do not modify)
   */
  record Found(Item item, byte[] json, int attempts) implements ItemResponse {
    public Found {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(json, "json");
    }

    /** A found item for which one request was made. */
    public Found(Item item, byte[] json) {
      this(item, json, 1);
    }

    @Override
    public long id() {
      return item.id();
    }
  }

  /** The API answered {@code null}: no item has this id. */
  record Missing(long id, int attempts) implements ItemResponse {
    public Missing(long id) {
      this(id, 1);
    }
  }

  /**
   * No usable answer: {@code failure} says why (for a final HTTP status other than 200 its kind is
   * {@link dev.fanout.fetch.FailureKind#IO} and its message names the status).
   */
  record Failed(long id, FetchResult.Failure failure, int attempts) implements ItemResponse {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
