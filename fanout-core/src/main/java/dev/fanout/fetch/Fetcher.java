package dev.fanout.fetch;

import java.util.List;
import java.util.function.Consumer;

/**
 * Fetches URLs over one shared HTTP client: connections are reused, concurrency is bounded by
 * {@link FetchOptions#concurrency()} (and per host), and every URL ends as a {@link FetchResult}.
 *
 * <p>Thread-safe: any number of threads, virtual or platform, may call {@link #fetch} at once; each call
 * blocks its caller (cheaply, on a virtual thread) until the result is complete. The batch methods
 * implement the talk's strategies. The fetcher owns its client and threads; {@link #close()} cancels
 * requests in flight and releases them.
 */
public interface Fetcher extends AutoCloseable {

  /** Starts a fetcher with the given options. */
  static Fetcher create(FetchOptions options) {
    throw new UnsupportedOperationException("TODO(issue 2): implement");
  }

  /**
   * Fetches one URL, retrying as the options allow, and blocks until the result is complete.
   *
   * @param keepBody whether the result should carry the body (else only its length)
   * @param check decides whether a complete response is usable; unusable ones are retried
   * @throws InterruptedException if the calling thread is interrupted while waiting; the request is
   *     cancelled and the interrupt flag is left set
   */
  FetchResult fetch(String url, boolean keepBody, ResponseCheck check) throws InterruptedException;

  /** Fetches one URL without keeping its body. */
  default FetchResult fetch(String url) throws InterruptedException {
    return fetch(url, false, ResponseCheck.ACCEPT_ALL);
  }

  /** Fetches the URLs concurrently and returns the results in input order once all are done. */
  List<FetchResult> gather(List<String> urls) throws InterruptedException;

  /** Fetches the URLs concurrently, handing each result to {@code sink} as it completes. */
  void asCompleted(Iterable<String> urls, Consumer<? super FetchResult> sink)
      throws InterruptedException;

  @Override
  void close();
}
