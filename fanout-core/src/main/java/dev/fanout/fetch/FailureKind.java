package dev.fanout.fetch;

/**
 * Why a URL produced no usable HTTP response: the closed set of failures a fetch reports.
 *
 * <p>{@link #label()} is the plain name printed after {@code Error retrieving URL ...:} and written
 * to the {@code error} field of machine-readable output.
 */
public enum FailureKind {
  /** The URL has no scheme, an unsupported scheme, no host, or does not parse. Never retried. */
  INVALID_URL("InvalidUrl"),
  /** The host name did not resolve. */
  UNKNOWN_HOST("UnknownHost"),
  /** Nothing listens at the address, or the connection attempt timed out. */
  CONNECTION_REFUSED("ConnectionRefused"),
  /** The request took longer than the per-request timeout. */
  TIMEOUT("Timeout"),
  /** More redirects than allowed, or a redirect loop. */
  TOO_MANY_REDIRECTS("TooManyRedirects"),
  /**
   * A redirect from {@code https} to {@code http}, refused unless {@link
   * FetchOptions#allowDowngrade()}: it would send the request (and any credentials) in clear text.
   */
  INSECURE_REDIRECT("InsecureRedirect"),
  /** The body grew past the configured maximum; the exchange was aborted. */
  BODY_TOO_LARGE("BodyTooLarge"),
  /**
   * The response headers were larger than {@link FetchOptions#maxHeaderBytes()} or had more fields
   * than {@link FetchOptions#maxHeaders()}; the exchange was aborted.
   */
  HEADERS_TOO_LARGE("HeadersTooLarge"),
  /** The TLS handshake failed (untrusted certificate, protocol mismatch). */
  TLS("Tls"),
  /**
   * The {@linkplain FetchOptions#proxies() proxy} could not be reached (refused, unknown name,
   * connect timeout), or would not open a tunnel ({@code CONNECT} answered other than 2xx). Not
   * retried: a proxy that is down or refuses is a setting to fix. An {@code http} request the proxy
   * answers itself (e.g. 407 or 502) is a response, as curl reports it.
   */
  PROXY("ProxyError"),
  /** The peer closed or reset the connection before the response was complete. */
  RESET("Reset"),
  /**
   * A response arrived but a {@link ResponseCheck} rejected its body (truncated, not JSON, ...).
   */
  BAD_BODY("BadBody"),
  /** The request was cancelled, e.g. by fail-fast or by closing the fetcher. */
  CANCELLED("Cancelled"),
  /** Any other I/O failure. */
  IO("IOError");

  private final String label;

  FailureKind(String label) {
    this.label = label;
  }

  /** The name shown to users, e.g. {@code UnknownHost}. */
  public String label() {
    return label;
  }
}
