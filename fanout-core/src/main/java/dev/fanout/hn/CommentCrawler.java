package dev.fanout.hn;

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

  /** Answers received so far, over all crawls (for progress display). */
  long received();

  /** Requests in flight now, over all crawls. */
  int inFlight();
}
