package dev.fanout.fetch;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link Fetcher} behaves: limits, timeouts, retries, name pinning and TLS trust.
 *
 * <p>TODO(issue 2): validation in the compact constructor and a builder with the documented defaults.
 *
 * @param concurrency requests in flight at most; 0 means unbounded
 * @param perHost requests in flight per host at most; 0 means unbounded
 * @param timeout per request, from sending it until the body is read
 * @param connectTimeout per connection attempt
 * @param retries extra attempts for retryable failures (GET only)
 * @param retryStatuses statuses that are retried (e.g. 429, 502, 503, 504)
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 * @param rate requests per second at most; 0 means unlimited
 * @param resolve {@code host:port} to the address to use instead of asking DNS (curl's --resolve)
 * @param insecure skip TLS certificate verification
 * @param cacert a PEM certificate to trust in addition to the JDK's, or null
 * @param userAgent the User-Agent header
 * @param headers extra request headers, {@code Name: value}
 * @param maxRedirects redirects followed per URL at most
 * @param maxBody body bytes accepted at most
 * @param h2c use HTTP/2 with prior knowledge for {@code http} URLs
 */
public record FetchOptions(
    int concurrency,
    int perHost,
    Duration timeout,
    Duration connectTimeout,
    int retries,
    Set<Integer> retryStatuses,
    Duration maxRetryAfter,
    double rate,
    Map<String, InetSocketAddress> resolve,
    boolean insecure,
    Path cacert,
    String userAgent,
    List<String> headers,
    int maxRedirects,
    long maxBody,
    boolean h2c) {}
