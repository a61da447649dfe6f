package dev.fanout.fetch;

import java.net.URI;

/** What one HTTP request produced: a complete response, or a failure of a named kind. */
sealed interface Attempt {

  /**
   * A complete response.
   *
   * @param location the Location header, or null
   * @param retryAfter the Retry-After header, or null
   * @param body the body if it was kept, else an empty array; decoded
   * @param bytes the decoded body's length
   * @param wireBytes the body's length on the wire
   */
  record Got(
      URI uri,
      int status,
      String reason,
      String protocol,
      byte[] body,
      long bytes,
      long wireBytes,
      String location,
      String retryAfter)
      implements Attempt {}

  /** No complete response. */
  record Failed(FailureKind kind, String message) implements Attempt {}
}
