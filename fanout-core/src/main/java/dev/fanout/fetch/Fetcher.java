package dev.fanout.fetch;

import dev.fanout.internal.Threads;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Fetches URLs over one shared HTTP client: connections are reused, concurrency is bounded by
 * {@link FetchOptions#concurrency()} (and per host), and every request ends as a {@link
 * FetchResult}. A URL given as a {@code String} is a GET; a {@link Request} says the method,
 * headers and body.
 *
 * <p>Thread-safe: any number of threads, virtual or platform, may call {@link #fetch} at once; each
 * call blocks its caller (cheaply, on a virtual thread) until the result is complete. The batch
 * methods implement the talk's strategies. The fetcher owns its client and threads; {@link
 * #close()} cancels requests in flight and releases them.
 *
 * <p>Retries (only of {@link Request#retryable() retryable} requests, by default those with an
 * idempotent method; at most {@link FetchOptions#retries()} extra attempts): connection failures,
 * resets, timeouts, bodies a {@link ResponseCheck} rejects, and {@link
 * FetchOptions#retryStatuses()}; waits grow exponentially with jitter, or follow {@code
 * Retry-After} up to a cap. Redirects are followed by the fetcher itself, up to {@link
 * FetchOptions#maxRedirects()}, as curl does: a 303, and a 301 or 302 answering a POST, continue as
 * a GET without body; 307 and 308 keep the method and the body.
 */
public interface Fetcher extends AutoCloseable {

  /**
   * Starts a fetcher with the given options: builds its HTTP client (TLS trust, name pins) at once.
   *
   * @throws IllegalArgumentException if a file named in the options (e.g. the cacert) is unusable
   */
  static Fetcher create(FetchOptions options) {
    return RealFetcher.create(options);
  }

  /**
   * Starts a fetcher on a client of {@code pool}: the open connections of an earlier fetcher with
   * equal options are reused (see {@link ClientPool} for when clients are shared). {@link #close()}
   * aborts this fetcher's requests still in flight and gives the client back to the pool.
   *
   * @throws IllegalArgumentException if a file named in the options (e.g. the cacert) is unusable
   */
  static Fetcher create(FetchOptions options, ClientPool pool) {
    return RealFetcher.create(options, pool);
  }

  /**
   * Fetches one request, retrying as the options and {@link Request#retryable()} allow, following
   * redirects as curl does (303, and 301/302 after a POST, continue as a GET without body; 307 and
   * 308 keep the method and body), and blocks until the result is complete.
   *
   * @param keepBody whether the result should carry the body (else only its length)
   * @param check decides whether a complete response is usable; unusable ones are retried (if the
   *     request is retryable) and end as {@link FailureKind#BAD_BODY}. It sees the body only when
   *     {@code keepBody} is true (else an empty array)
   * @throws InterruptedException if the calling thread is interrupted while waiting; the request is
   *     cancelled and the interrupt flag is left set
   */
  FetchResult fetch(Request request, boolean keepBody, ResponseCheck check)
      throws InterruptedException;

  /** A GET of {@code url}: {@link #fetch(Request, boolean, ResponseCheck)}. */
  default FetchResult fetch(String url, boolean keepBody, ResponseCheck check)
      throws InterruptedException {
    return fetch(Request.get(url), keepBody, check);
  }

  /** Fetches one request without keeping its body. */
  default FetchResult fetch(Request request) throws InterruptedException {
    return fetch(request, false, ResponseCheck.ACCEPT_ALL);
  }

  /** GETs one URL without keeping its body. */
  default FetchResult fetch(String url) throws InterruptedException {
    return fetch(Request.get(url));
  }

  /**
   * Starts fetching one request and returns at once; the future completes with what {@link #fetch}
   * would have returned. It completes on one of the fetcher's threads (the HTTP client's, or a
   * virtual thread), so actions chained on it must be quick and must not block. Cancelling the
   * future cancels the request (or the wait before a retry); a cancelled fetch has no result.
   *
   * <p>For a caller with many requests in flight and little to do with each answer, such as a
   * crawler: an answer that needs no retry or redirect costs no thread at all. This default runs
   * {@link #fetch} on a virtual thread.
   */
  default CompletableFuture<FetchResult> fetchAsync(
      Request request, boolean keepBody, ResponseCheck check) {
    return Threads.completeOnNewThread(
        Threads.virtual("fetch"), new CompletableFuture<>(), () -> fetch(request, keepBody, check));
  }

  /** A GET of {@code url}: {@link #fetchAsync(Request, boolean, ResponseCheck)}. */
  default CompletableFuture<FetchResult> fetchAsync(
      String url, boolean keepBody, ResponseCheck check) {
    return fetchAsync(Request.get(url), keepBody, check);
  }

  /**
   * Fetches a batch as {@code options} say (strategy, fail-fast, threads), handing results to
   * {@code sink} one at a time (never concurrently, but not necessarily on the calling thread) in
   * the strategy's order, and blocks until the batch is over. The requests are read lazily, so a
   * long input streams through in bounded memory with {@link Strategy#AS_COMPLETED} and a bounded
   * concurrency. Bodies are not kept. The sink runs under the batch's lock: while it works no other
   * result is handed over, so a slow sink slows the batch (it does not lose results).
   *
   * <p>With {@link BatchOptions#failFast()}, the first {@link FetchResult.Failure} is handed to the
   * sink at once (whatever the strategy's order), requests still in flight are cancelled (their
   * connections closed, as {@code asyncio.TaskGroup} does), nothing more reaches the sink, and the
   * result says {@link BatchResult#stoppedEarly()}.
   *
   * <p>Interrupting the calling thread stops the batch without losing it: requests in flight are
   * cancelled, results already complete are handed to the sink (in input order for the gathering
   * strategies), and this returns a result marked {@link BatchResult#interrupted()} with the
   * interrupt flag set again.
   *
   * <p>Java erases {@code Iterable<String>} and {@code Iterable<Request>} alike, so the batch
   * methods taking requests carry {@code Requests} in their names; the plain names take URLs to
   * GET.
   */
  BatchResult runRequests(
      Iterable<Request> requests, BatchOptions options, Consumer<? super FetchResult> sink);

  /**
   * {@link #runRequests}, handing over each request with its result (and, with a {@link
   * BatchOptions#bodySink()}, where its body went), for callers that need to know which request a
   * result answers (URLs may repeat) or keep bodies. Same order, counts, fail-fast and interrupt
   * behaviour as {@link #runRequests}; a request cancelled in flight is handed over not at all.
   */
  BatchResult runFetched(
      Iterable<Request> requests, BatchOptions options, Consumer<? super Fetched> sink);

  /** GETs each URL: {@link #runRequests} over {@link Request#get} of each, read lazily. */
  default BatchResult run(
      Iterable<String> urls, BatchOptions options, Consumer<? super FetchResult> sink) {
    return runRequests(gets(urls), options, sink);
  }

  /**
   * Fetches the requests concurrently and returns the results in input order once all are done.
   *
   * @throws InterruptedException if the caller is interrupted: requests in flight are cancelled and
   *     the results complete so far are lost with the list (use {@link #runRequests} to keep them)
   */
  default List<FetchResult> gatherRequests(List<Request> requests) throws InterruptedException {
    List<FetchResult> results = new ArrayList<>(requests.size());
    throwIfInterrupted(runRequests(requests, BatchOptions.of(Strategy.GATHER), results::add));
    return results;
  }

  /** GETs the URLs concurrently: {@link #gatherRequests}. */
  default List<FetchResult> gather(List<String> urls) throws InterruptedException {
    List<FetchResult> results = new ArrayList<>(urls.size());
    throwIfInterrupted(run(urls, BatchOptions.of(Strategy.GATHER), results::add));
    return results;
  }

  /**
   * Fetches the requests concurrently, handing each result to {@code sink} as it completes.
   *
   * @throws InterruptedException if the caller is interrupted: requests in flight are cancelled
   *     after the results complete so far reached the sink
   */
  default void asCompletedRequests(Iterable<Request> requests, Consumer<? super FetchResult> sink)
      throws InterruptedException {
    throwIfInterrupted(runRequests(requests, BatchOptions.of(Strategy.AS_COMPLETED), sink));
  }

  /** GETs the URLs concurrently: {@link #asCompletedRequests}. */
  default void asCompleted(Iterable<String> urls, Consumer<? super FetchResult> sink)
      throws InterruptedException {
    throwIfInterrupted(run(urls, BatchOptions.of(Strategy.AS_COMPLETED), sink));
  }

  /** Requests being sent or read right now (for progress displays). */
  int inFlight();

  /**
   * Retries made so far, over every fetch (for progress displays: a server that refuses every
   * attempt shows as a growing count rather than silence).
   */
  default long retries() {
    return 0;
  }

  /**
   * Hosts slowed right now for answering 429 or 503 (for progress displays); 0 unless {@link
   * FetchOptions#hostBackoff()}.
   */
  default int hostsSlowed() {
    return 0;
  }

  /**
   * Every host slowed so far for answering 429 or 503, longest slowed first; empty unless {@link
   * FetchOptions#hostBackoff()}. A snapshot: safe to call at any time, from any thread.
   */
  default List<HostSlowdown> slowedHosts() {
    return List.of();
  }

  /** The options this fetcher was created with. */
  FetchOptions options();

  @Override
  void close();

  private static void throwIfInterrupted(BatchResult batch) throws InterruptedException {
    if (batch.interrupted()) {
      Thread.interrupted(); // an InterruptedException carries the interrupt instead of the flag
      throw new InterruptedException("batch interrupted");
    }
  }

  private static Iterable<Request> gets(Iterable<String> urls) {
    return () -> {
      Iterator<String> it = urls.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Request next() {
          return Request.get(it.next());
        }
      };
    };
  }
}
