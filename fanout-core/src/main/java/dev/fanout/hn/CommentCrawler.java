package dev.fanout.hn;

import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks an item's tree following {@code kids} and counts what it finds (see {@link CrawlResult}).
 *
 * <p>Each kid is requested the moment its parent arrives, so a tree costs about (depth + 1) round
 * trips. Requests in flight are bounded by one budget shared by every crawl of this crawler (on top
 * of the fetcher's own bounds). A budget above {@link #DEFAULT_CONCURRENCY} is a ceiling, not a
 * target: each call starts with a quarter of it in flight and grows toward it only while the server
 * answers without queueing (round trips near the fastest seen), because requests queued at the
 * server are served in the order sent, where the crawl's deepest-first order cannot reach them.
 *
 * <p>The walk is iterative (a work queue, deepest ids first; the caller's thread and two virtual
 * threads of the crawl send the requests, so that requests sent together share writes; answers are
 * recorded by the thread that completes them), so a 10,000-deep reply chain needs no deeper stack
 * than a single reply; memory grows with the number of ids discovered, not with depth. Each id is
 * fetched at most once per crawl: an id listed again, or pointing back to an ancestor, is counted
 * and reported as an anomaly, never fetched again.
 *
 * <p>Thread-safe. Interruption: a crawl whose caller is interrupted cancels its requests in flight
 * and returns the counts so far marked {@link CrawlResult#interrupted()}, leaving the interrupt
 * flag set.
 */
public interface CommentCrawler {

  /** Default requests in flight at most, over all crawls of one crawler. */
  int DEFAULT_CONCURRENCY = 256;

  /**
   * A crawler over {@code client} with at most {@code concurrency} requests in flight.
   *
   * @throws IllegalArgumentException if {@code concurrency < 1}
   */
  static CommentCrawler create(HnClient client, int concurrency) {
    return new RealCommentCrawler(client, concurrency, CrawlListener.NONE);
  }

  /** As {@link #create(HnClient, int)}, telling {@code listener} about every answer. */
  static CommentCrawler create(HnClient client, int concurrency, CrawlListener listener) {
    return new RealCommentCrawler(client, concurrency, listener);
  }

  /** Crawls the tree under {@code id} (a story, poll, job or comment) and blocks until it ends. */
  CrawlResult crawl(long id);

  /**
   * Crawls every id concurrently under the shared budget, handing each result to {@code sink} as
   * its crawl ends (one call at a time, in completion order). Returns when all have ended; if
   * interrupted, every unfinished crawl still reaches the sink, marked interrupted, and the flag is
   * left set.
   */
  void crawlAll(List<Long> ids, Consumer<? super CrawlResult> sink);

  /**
   * Walks the trees under every id of {@code roots} as one forest, for a caller that keeps the
   * items rather than counts them (a mirror): each id is requested at most once over the whole walk
   * (a root or kid already reached through another root is not requested again), under the
   * crawler's budget, deepest first, roots read lazily as the queue of discovered ids runs dry.
   * Before an id is requested, {@code source} may serve it (a stored copy, whose kids are then
   * followed); each answer the API gives is handed to {@code sink}, which may block. The crawler's
   * {@link CrawlListener} sees every answer, served ones included, and every discovery. Blocks
   * until every id reached is answered and every sink call has returned.
   *
   * @param roots ids to walk from, read on the crawl's threads one at a time (not concurrently)
   * @param source items to use instead of requests ({@code id -> Optional.empty()} for none)
   * @throws InterruptedException if interrupted: requests in flight are cancelled and their answers
   *     not sunk; thrown once every sink call has returned (the flag is cleared)
   * @throws RuntimeException the first exception thrown by {@code source}, {@code sink} or {@code
   *     roots} (e.g. a negative id: {@link IllegalArgumentException}), as thrown, once every other
   *     sink call has returned
   */
  void walk(Iterator<Long> roots, ItemSource source, ItemSink sink) throws InterruptedException;

  /** Answers received so far, over all crawls (for progress display). */
  long received();

  /** Requests in flight now, over all crawls. */
  int inFlight();
}
