package dev.fanout.hn;

import java.util.Optional;

/**
 * Items a {@linkplain CommentCrawler#walk walk} already has, consulted before each id is requested:
 * a mirror serves the items it stored, so that a walk run again asks the API only for what is new.
 *
 * <p>Called on a sending thread of the walk (possibly the caller's), at most one call per sending
 * loop at a time, while the id holds a permit of the crawler's budget: a lookup may block briefly
 * (a database read), but every moment it takes is a request not sent.
 */
@FunctionalInterface
public interface ItemSource {

  /**
   * The answer to use for {@code id} instead of a request, or empty to request it. A {@link
   * ItemResponse.Found} is walked as a fetched item is (its {@code kids} are followed); a {@link
   * ItemResponse.Missing} ends that branch. Either is seen by the crawler's {@link CrawlListener}
   * but not passed to the walk's {@link ItemSink}, since it came from here. An exception stops the
   * walk, which rethrows it.
   */
  Optional<ItemResponse> find(long id);
}
