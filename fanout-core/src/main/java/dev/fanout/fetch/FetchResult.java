package dev.fanout.fetch;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of fetching one URL: an HTTP {@link Response} (any status) or a {@link Failure} of a
 * named kind. A failure is a value, never an exception, so one bad URL cannot sink a batch.
 *
 * <p>Timing: {@code queued} is the time spent waiting for a concurrency slot (and rate limit);
 * {@code elapsed} runs from sending the first request until the whole body was read (or the
 * failure), retries and their back-off included.
 */
public sealed interface FetchResult permits FetchResult.Response, FetchResult.Failure {

  /** The URL as given (the text, since an invalid URL has no {@link URI}). */
  String url();

  /**
   * Tries of the final request (the one after the last redirect): 1, plus the retries it took; 0 if
   * none could be sent. Redirects are counted apart, in {@link #redirects()}.
   */
  int attempts();

  /** Redirects followed for this URL. */
  int redirects();

  Duration queued();

  Duration elapsed();

  /** When the result was complete. */
  Instant finishedAt();

  /**
   * A complete HTTP response.
   *
   * @param finalUrl the URL after redirects
   * @param reason the reason phrase as the server sent it over HTTP/1.1 (possibly empty); over
   *     HTTP/2, which carries none, the standard phrase for the status, or an empty one for a
   *     status that has none
   * @param protocol e.g. {@code HTTP/1.1} or {@code HTTP/2.0}
   * @param body the body when the caller asked to keep it, else an empty array; decoded from its
   *     {@code Content-Encoding} (gzip, deflate, br, zstd)
   * @param bytes the body's length in bytes, decoded, whether kept or not
   * @param wireBytes the body's length in bytes as it came over the wire (before decoding)
   */
  record Response(
      String url,
      URI finalUrl,
      int status,
      String reason,
      String protocol,
      byte[] body,
      long bytes,
      long wireBytes,
      int attempts,
      int redirects,
      Duration queued,
      Duration elapsed,
      Instant finishedAt)
      implements FetchResult {
    public Response {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(finalUrl, "finalUrl");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(queued, "queued");
      Objects.requireNonNull(elapsed, "elapsed");
      Objects.requireNonNull(finishedAt, "finishedAt");
      if (status < 100 || status > 999) {
        throw new IllegalArgumentException("status out of range: " + status);
      }
    }

    /** The host[:port] of the final URL, as the talk prints it. */
    public String host() {
      return finalUrl.getPort() == -1
          ? finalUrl.getHost()
          : finalUrl.getHost() + ":" + finalUrl.getPort();
    }
  }

  /**
   * No usable response: {@code kind} names why, {@code message} gives the reason in words, e.g.
   * {@code certificate does not match www.example.com}. The message is at most 200 characters; it
   * may quote what a server sent (a {@code Location}, a status line), control characters included,
   * so escape it before printing it to a terminal.
   */
  record Failure(
      String url,
      FailureKind kind,
      String message,
      int attempts,
      int redirects,
      Duration queued,
      Duration elapsed,
      Instant finishedAt)
      implements FetchResult {
    /** A failure before any redirect. */
    public Failure(
        String url,
        FailureKind kind,
        String message,
        int attempts,
        Duration queued,
        Duration elapsed,
        Instant finishedAt) {
      this(url, kind, message, attempts, 0, queued, elapsed, finishedAt);
    }

    public Failure {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(kind, "kind");
      message = Failures.bounded(Objects.requireNonNull(message, "message"));
      Objects.requireNonNull(queued, "queued");
      Objects.requireNonNull(elapsed, "elapsed");
      Objects.requireNonNull(finishedAt, "finishedAt");
    }
  }
}
