package dev.fanout.hn;

import dev.fanout.fetch.ClientPool;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.internal.Threads;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The Hacker News API over a {@link Fetcher}: every request goes through the fetcher's concurrency
 * bound, connection pool and retries, and every body is checked (complete, JSON, the right item)
 * before it is accepted, so a truncated or HTML answer is retried like a 503.
 *
 * <p>Get one with {@link #create(URI, FetchOptions)}: the client makes and owns its fetcher, with
 * the retries the API needs ({@link #RETRY_STATUSES}, its transient {@code 401} included), and
 * {@link #close()} closes it. Only to share one fetcher with other work (other URLs, other clients)
 * use {@link #sharing(Fetcher, URI)}, which refuses a fetcher that would not retry what the API
 * needs.
 *
 * <p>Thread-safe; each method blocks its caller (cheaply, on a virtual thread) until the answer is
 * complete.
 */
public interface HnClient extends AutoCloseable {

  /** The public API, {@code https://hacker-news.firebaseio.com/v0}. */
  URI DEFAULT_API = URI.create("https://hacker-news.firebaseio.com/v0");

  /**
   * Statuses the API answers now and then although nothing is wrong with the request: Firebase's
   * transient {@code 401 Permission denied}, rate limiting, and server errors. All are retried.
   */
  Set<Integer> RETRY_STATUSES = Set.of(401, 429, 500, 502, 503, 504);

  /**
   * A client for the API at {@code api} (e.g. {@link #DEFAULT_API} or a replica's {@code apiUri()};
   * a trailing slash is ignored) that owns a new {@link Fetcher} made from {@code options} fitted
   * to the API: {@link #RETRY_STATUSES} added to the retried statuses (so {@code options.retries()}
   * retries each of them), and no cookie store (the API sets no cookies; a store costs every
   * request a URI built again). Everything else (concurrency, timeouts, TLS, {@code resolve} pins)
   * is taken as given. {@link #close()} closes the fetcher.
   *
   * @throws IllegalArgumentException if {@code api} is not {@code http(s)://HOST[:PORT]/PATH}, or
   *     if {@link Fetcher#create} refuses the options (e.g. an unreadable {@code cacert})
   */
  static HnClient create(URI api, FetchOptions options) {
    return create(api, options, null);
  }

  /**
   * {@link #create(URI, FetchOptions)} with its fetcher on a client of {@code pool} ({@link
   * Fetcher#create(FetchOptions, ClientPool)}), or on one of its own when {@code pool} is null.
   */
  static HnClient create(URI api, FetchOptions options, ClientPool pool) {
    RealHnClient.requireApi(api);
    FetchOptions fitted = RealHnClient.fitted(options);
    Fetcher fetcher = pool == null ? Fetcher.create(fitted) : Fetcher.create(fitted, pool);
    try {
      return new RealHnClient(fetcher, api, true);
    } catch (RuntimeException e) {
      fetcher.close();
      throw e;
    }
  }

  /**
   * A client sending through {@code fetcher}, which the caller owns, shares and closes ({@link
   * #close()} leaves it open). For when one fetcher (one connection pool, one concurrency bound)
   * also serves other work; otherwise use {@link #create(URI, FetchOptions)}.
   *
   * @throws IllegalArgumentException if the fetcher retries ({@code options().retries() > 0}) but
   *     not every one of {@link #RETRY_STATUSES}: the API's transient {@code 401}s and {@code 500}s
   *     would then fail items that a retry gets; the message names the statuses to add to the
   *     fetcher's {@code retryStatuses}. A fetcher that never retries is accepted as it is. Also if
   *     {@code api} is not {@code http(s)://HOST[:PORT]/PATH}.
   */
  static HnClient sharing(Fetcher fetcher, URI api) {
    RealHnClient.requireRetries(fetcher.options());
    return new RealHnClient(fetcher, api, false);
  }

  /**
   * The fetcher this client sends through, for its statistics ({@link Fetcher#inFlight()}, {@link
   * Fetcher#retries()}). Owned by the client when made by {@link #create(URI, FetchOptions)}: do
   * not close it.
   */
  Fetcher fetcher();

  /**
   * HTTP requests this client has made so far, retries included, over every method (only its own
   * share of a fetcher it shares).
   */
  long requests();

  /**
   * Closes the fetcher if this client owns it (made by {@link #create(URI, FetchOptions)}); a
   * shared fetcher stays open.
   */
  @Override
  void close();

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
