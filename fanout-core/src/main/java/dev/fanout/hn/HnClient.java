package dev.fanout.hn;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.internal.Threads;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The Hacker News API over a {@link Fetcher}: every request goes through the fetcher's concurrency
 * bound, connection pool and retries, and every body is checked (complete, JSON, the right item)
 * before it is accepted, so a truncated or HTML answer is retried like a 503.
 *
 * <p>Thread-safe; each method blocks its caller (cheaply, on a virtual thread) until the answer is
 * complete. The client does not own the fetcher: closing the fetcher is the caller's job.
 */
public interface HnClient {

  /** The public API, {@code https://hacker-news.firebaseio.com/v0}. */
  URI DEFAULT_API = URI.create("https://hacker-news.firebaseio.com/v0");

  /**
   * A client for the API at {@code api} (e.g. {@link #DEFAULT_API} or a replica's {@code
   * apiUri()}); a trailing slash is ignored.
   */
  static HnClient create(Fetcher fetcher, URI api) {
    return new RealHnClient(fetcher, api);
  }

  /**
   * Statuses the API answers now and then although nothing is wrong with the request: Firebase's
   * transient {@code 401 Permission denied}, rate limiting, and server errors. All are retried.
   */
  Set<Integer> RETRY_STATUSES = Set.of(401, 429, 500, 502, 503, 504);

  /**
   * {@code options} fitted to the API: {@link #RETRY_STATUSES} added to its retried statuses, and
   * no cookie store (the API sets no cookies; keeping a store costs every request a URI built
   * again).
   */
  static FetchOptions forApi(FetchOptions options) {
    Set<Integer> statuses = new TreeSet<>(options.retryStatuses());
    statuses.addAll(RETRY_STATUSES);
    return options.toBuilder().retryStatuses(statuses).cookies(false).build();
  }

  /** The API base this client talks to, without a trailing slash. */
  URI api();

  /**
   * Fetches one item. Never throws for a network problem: that is a {@link ItemResponse.Failed}.
   *
   * @throws InterruptedException if the caller is interrupted; the flag is left set
   */
  ItemResponse item(long id) throws InterruptedException;

  /**
   * Starts fetching one item and returns at once; the future completes with what {@link #item}
   * would have returned, on one of the fetcher's threads, so actions chained on it must be quick
   * and must not block. Cancelling it cancels the request. See {@link Fetcher#fetchAsync}: an
   * answer that needs no retry costs no thread. This default runs {@link #item} on a virtual
   * thread.
   */
  default CompletableFuture<ItemResponse> itemAsync(long id) {
    return Threads.completeOnNewThread(
        Threads.virtual("hn-item"), new CompletableFuture<>(), () -> item(id));
  }

  /** The largest item id. */
  long maxItem() throws HnException, InterruptedException;

  /**
   * One of the story lists, in rank order.
   *
   * @param name {@code top}, {@code new}, {@code best}, {@code ask}, {@code show} or {@code job}
   * @throws IllegalArgumentException for another name
   */
  List<Long> list(String name) throws HnException, InterruptedException;

  /** A user's profile; empty when the API says there is no such user. */
  Optional<User> user(String id) throws HnException, InterruptedException;

  /** Recently changed items and profiles. */
  Updates updates() throws HnException, InterruptedException;

  /** The story list names {@link #list} accepts. */
  List<String> LISTS = List.of("top", "new", "best", "ask", "show", "job");
}
