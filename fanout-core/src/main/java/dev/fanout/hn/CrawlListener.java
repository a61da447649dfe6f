package dev.fanout.hn;

/**
 * Sees every answer of a crawl as it arrives: for progress display, for keeping the items (a thread
 * view, a mirror), or both.
 *
 * <p>Called on the threads that complete the requests (usually the HTTP client's own), possibly
 * many at once, so implementations must be thread-safe and quick; they must not block, since the
 * client reads no other answer on that thread meanwhile and a kid's request waits for the call.
 */
@FunctionalInterface
public interface CrawlListener {
  /** Does nothing. */
  CrawlListener NONE = (root, response, depth) -> {};

  /**
   * One answer.
   *
   * @param root the id of the crawl's root
   * @param response what the API answered for one item of the tree (the root included)
   * @param depth the item's distance from the root (0 for the root)
   */
  void onResponse(long root, ItemResponse response, int depth);

  /**
   * New ids were found in an answer's {@code kids} (ids not reached before in this crawl or walk),
   * to be requested: for a progress display whose total grows as a tree unfolds. Called after
   * {@link #onResponse} for that answer, on the same thread. Does nothing by default.
   *
   * @param root the id of the root the answer was reached from
   * @param parent the id of the item whose kids these are
   * @param count how many of its kids are new (at least 1)
   */
  default void onDiscovered(long root, long parent, int count) {}
}
