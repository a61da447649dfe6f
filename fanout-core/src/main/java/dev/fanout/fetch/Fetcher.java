package dev.fanout.fetch;

import dev.fanout.internal.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Fetches URLs over one shared HTTP client: connections are reused, concurrency is bounded by
 * {@link FetchOptions#concurrency()} (and per host), and every URL ends as a {@link FetchResult}.
 *
 * <p>Thread-safe: any number of threads, virtual or platform, may call {@link #fetch} at once; each
 * call blocks its caller (cheaply, on a virtual thread) until the result is complete. The batch
 * methods implement the talk's strategies. The fetcher owns its client and threads; {@link
 * #close()} cancels requests in flight and releases them.
 *
 * <p>Retries (GET only, at most {@link FetchOptions#retries()} extra attempts): connection
 * failures, resets, timeouts, bodies a {@link ResponseCheck} rejects, and {@link
 * FetchOptions#retryStatuses()}; waits grow exponentially with jitter, or follow {@code
 * Retry-After} up to a cap. Redirects are followed by the fetcher itself, up to {@link
 * FetchOptions#maxRedirects()}.
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
   * Fetches one URL, retrying as the options allow, and blocks until the result is complete.
   *
   * @param keepBody whether the result should carry the body (else only its length)
   * @param check decides whether a complete response is usable; unusable ones are retried and end
   *     as {@link FailureKind#BAD_BODY}. It sees the body only when {@code keepBody} is true (else
   *     an empty array)
   * @throws InterruptedException if the calling thread is interrupted while waiting; the request is
   *     cancelled and the interrupt flag is left set
   */
  FetchResult fetch(String url, boolean keepBody, ResponseCheck check) throws InterruptedException;

  /**
   * Starts fetching one URL and returns at once; the future completes with what {@link #fetch}
   * would have returned. It completes on one of the fetcher's threads (the HTTP client's, or a
   * virtual thread), so actions chained on it must be quick and must not block. Cancelling the
   * future cancels the request (or the wait before a retry); a cancelled fetch has no result.
   *
   * <p>For a caller with many requests in flight and little to do with each answer, such as a
   * crawler: an answer that needs no retry or redirect costs no thread at all. This default runs
   * {@link #fetch} on a virtual thread.
   */
  default CompletableFuture<FetchResult> fetchAsync(
      String url, boolean keepBody, ResponseCheck check) {
    return Threads.completeOnNewThread(
        Threads.virtual("fetch"), new CompletableFuture<>(), () -> fetch(url, keepBody, check));
  }

  /** Fetches one URL without keeping its body. */
  default FetchResult fetch(String url) throws InterruptedException {
    return fetch(url, false, ResponseCheck.ACCEPT_ALL);
  }

  /**
   * Fetches a batch with the given strategy, handing results to {@code sink} one at a time (never
   * concurrently) in the strategy's order. The URLs are read lazily, so a long input streams
   * through in bounded memory with {@link Strategy#AS_COMPLETED} and a bounded concurrency.
   *
   * @param failFast stop at the first {@link FetchResult.Failure}: it is handed to the sink at once
   *     (whatever the strategy's order), requests still in flight are cancelled (their connections
   *     closed, as {@code asyncio.TaskGroup} does), nothing more reaches the sink
   * @param threads the platform threads for {@link Strategy#THREADS} (0: the talk's default,
   *     min(32, processors + 4)); ignored by the other strategies
   * @throws InterruptedException if the caller is interrupted: requests in flight are cancelled,
   *     and results already complete have been handed to the sink (in input order for the gathering
   *     strategies) before this is thrown
   */
  BatchResult run(
      Iterable<String> urls,
      Strategy strategy,
      boolean failFast,
      int threads,
      Consumer<? super FetchResult> sink)
      throws InterruptedException;

  /** Fetches the URLs concurrently and returns the results in input order once all are done. */
  default List<FetchResult> gather(List<String> urls) throws InterruptedException {
    List<FetchResult> results = new ArrayList<>(urls.size());
    run(urls, Strategy.GATHER, false, 0, results::add);
    return results;
  }

  /** Fetches the URLs concurrently, handing each result to {@code sink} as it completes. */
  default void asCompleted(Iterable<String> urls, Consumer<? super FetchResult> sink)
      throws InterruptedException {
    run(urls, Strategy.AS_COMPLETED, false, 0, sink);
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

  /** The options this fetcher was created with. */
  FetchOptions options();

  @Override
  void close();
}
