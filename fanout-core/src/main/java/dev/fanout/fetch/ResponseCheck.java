package dev.fanout.fetch;

/**
 * Decides whether a complete HTTP response is usable, so that a fetch can retry one that is not.
 *
 * <p>Called once per attempt after the whole body has been read: on the fetching thread, or, for
 * the first attempt of {@link Fetcher#fetchAsync}, on the HTTP client's thread that read the
 * response, so it must be quick and must not block. Returning a non-null reason marks the attempt
 * as {@link FailureKind#BAD_BODY}, which is retried like a reset.
 */
@FunctionalInterface
public interface ResponseCheck {
  /** Accepts every response. */
  ResponseCheck ACCEPT_ALL = (status, body) -> null;

  /**
   * Returns null when the response is usable, else a short reason (e.g. {@code "truncated JSON"}).
   *
   * @param status the HTTP status code
   * @param body the whole body; the array is owned by the caller and must not be modified
   */
  String problem(int status, byte[] body);
}
