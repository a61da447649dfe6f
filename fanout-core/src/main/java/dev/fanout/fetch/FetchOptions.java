package dev.fanout.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link Fetcher} behaves: limits, timeouts, retries, name pinning and TLS trust.
 *
 * <p>Immutable; build with {@link #builder()} (which starts from {@link #defaults()}) or {@link
 * #toBuilder()}. The compact constructor rejects impossible values with a message naming the value,
 * and copies the collections.
 *
 * @param concurrency requests in flight at most; 0 means unbounded
 * @param perHost requests in flight per host at most; 0 means unbounded
 * @param timeout per request attempt, from sending it until the body is read
 * @param connectTimeout per connection attempt
 * @param retries extra attempts for retryable failures (GET only)
 * @param retryStatuses statuses that are retried (e.g. 429, 502, 503, 504)
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer ones are cut to this
 * @param rate requests per second at most; 0 means unlimited
 * @param resolve {@code host:port} (lower case) to the address to use instead of asking DNS (curl's
 *     --resolve); see {@link #parseResolve(String)}
 * @param insecure skip TLS certificate verification
 * @param cacert a PEM certificate to trust in addition to the JDK's, or null
 * @param userAgent the User-Agent header
 * @param headers extra request headers, {@code Name: value}
 * @param maxRedirects redirects followed per URL at most
 * @param maxBody body bytes accepted at most
 * @param h2c use HTTP/2 with prior knowledge for {@code http} URLs
 * @param cookies keep the cookies responses set and send them back, as a browser (or aiohttp's
 *     session) does; off for APIs that set none, which saves building each request's URI again
 * @param locationTrusted send the {@code Authorization}, {@code Cookie} and {@code
 *     Proxy-Authorization} {@link #headers} on after a redirect to another origin (scheme, host,
 *     port), as curl's {@code --location-trusted}; off by default: they go only to the URL's own
 *     origin, as curl and browsers do
 * @param allowDowngrade follow a redirect from {@code https} to {@code http}; off by default: such
 *     a redirect fails as {@link FailureKind#INSECURE_REDIRECT} (stricter than curl, which follows
 *     it unless told {@code --proto-redir =https})
 * @param maxHeaderBytes response header bytes accepted at most, per response: each field counted as
 *     HTTP/1.1 writes it ({@code Name: value} and CRLF), on HTTP/1.1 and HTTP/2 alike; past this
 *     the response fails as {@link FailureKind#HEADERS_TOO_LARGE}. Jetty's parsers stop a little
 *     above it (room for the status line and HPACK's 32 bytes per field), so one endless header
 *     line or an oversized HTTP/2 header block is never held either. Default {@value
 *     #DEFAULT_MAX_HEADER_BYTES} (256 KiB, Chrome's limit; curl allows 300 KiB)
 * @param maxHeaders response header fields accepted at most, per response; past this the response
 *     fails as {@link FailureKind#HEADERS_TOO_LARGE}. Default {@value #DEFAULT_MAX_HEADERS}
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
    boolean h2c,
    boolean cookies,
    boolean locationTrusted,
    boolean allowDowngrade,
    int maxHeaderBytes,
    int maxHeaders) {

  /** The statuses retried by default: the ones that mean "try again later". */
  public static final Set<Integer> DEFAULT_RETRY_STATUSES = Set.of(429, 502, 503, 504);

  /** Response header bytes accepted by default: 256 KiB. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 262_144;

  /** Response header fields accepted by default. */
  public static final int DEFAULT_MAX_HEADERS = 1_000;

  public FetchOptions {
    requireAtLeast("concurrency", concurrency, 0);
    requireAtLeast("perHost", perHost, 0);
    requirePositive("timeout", timeout);
    requirePositive("connectTimeout", connectTimeout);
    requireAtLeast("retries", retries, 0);
    retryStatuses = Set.copyOf(Objects.requireNonNull(retryStatuses, "retryStatuses"));
    for (int status : retryStatuses) {
      if (status < 100 || status > 999) {
        throw new IllegalArgumentException("retry status out of range: " + status);
      }
    }
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter < 0: " + maxRetryAfter);
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(
          "rate must be a finite number >= 0 (0 = unlimited): " + rate);
    }
    resolve = Map.copyOf(Objects.requireNonNull(resolve, "resolve"));
    Objects.requireNonNull(userAgent, "userAgent");
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon < 1 || header.substring(0, colon).isBlank()) {
        throw new IllegalArgumentException("header must look like 'Name: value': " + header);
      }
    }
    requireAtLeast("maxRedirects", maxRedirects, 0);
    if (maxBody < 0) {
      throw new IllegalArgumentException("maxBody < 0: " + maxBody);
    }
    requireAtLeast("maxHeaderBytes", maxHeaderBytes, 1);
    requireAtLeast("maxHeaders", maxHeaders, 1);
  }

  /**
   * The documented defaults: -c 64, no per-host limit, 10 s timeout, 2 retries, 5 redirects, 10 MiB
   * bodies, 256 KiB and 1,000 header fields per response; credentials stay with their origin and an
   * https-to-http redirect is refused.
   */
  public static FetchOptions defaults() {
    return new FetchOptions(
        64,
        0,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        2,
        DEFAULT_RETRY_STATUSES,
        Duration.ofSeconds(30),
        0,
        Map.of(),
        false,
        null,
        "fanout",
        List.of(),
        5,
        10L * 1024 * 1024,
        false,
        true,
        false,
        false,
        DEFAULT_MAX_HEADER_BYTES,
        DEFAULT_MAX_HEADERS);
  }

  public static Builder builder() {
    return new Builder(defaults());
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Parses curl's {@code HOST:PORT:ADDR} into a map entry {@code host:port -> ADDR:PORT}, without
   * DNS: ADDR must be an IP literal (IPv6 may be bracketed).
   *
   * @throws IllegalArgumentException naming the bad value and the expected shape
   */
  public static Map.Entry<String, InetSocketAddress> parseResolve(String spec) {
    String usage =
        "--resolve must be HOST:PORT:ADDR with ADDR an IP address, e.g."
            + " www.python.org:443:127.0.0.1";
    int first = spec.indexOf(':');
    int second = first < 0 ? -1 : spec.indexOf(':', first + 1);
    if (first <= 0 || second < 0) {
      throw new IllegalArgumentException(usage + "; got '" + spec + "'");
    }
    String host = spec.substring(0, first).toLowerCase(Locale.ROOT);
    int port;
    try {
      port = Integer.parseInt(spec.substring(first + 1, second));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(usage + "; bad port in '" + spec + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(usage + "; port out of range in '" + spec + "'");
    }
    String addr = spec.substring(second + 1);
    if (addr.startsWith("[") && addr.endsWith("]")) {
      addr = addr.substring(1, addr.length() - 1);
    }
    InetAddress address;
    try {
      address = InetAddress.ofLiteral(addr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(usage + "; '" + addr + "' is not an IP address");
    }
    return Map.entry(host + ":" + port, new InetSocketAddress(address, port));
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " < " + min + ": " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0: " + value);
    }
  }

  /** A mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private int concurrency;
    private int perHost;
    private Duration timeout;
    private Duration connectTimeout;
    private int retries;
    private Set<Integer> retryStatuses;
    private Duration maxRetryAfter;
    private double rate;
    private final Map<String, InetSocketAddress> resolve;
    private boolean insecure;
    private Path cacert;
    private String userAgent;
    private List<String> headers;
    private int maxRedirects;
    private long maxBody;
    private boolean h2c;
    private boolean cookies;
    private boolean locationTrusted;
    private boolean allowDowngrade;
    private int maxHeaderBytes;
    private int maxHeaders;

    private Builder(FetchOptions from) {
      concurrency = from.concurrency;
      perHost = from.perHost;
      timeout = from.timeout;
      connectTimeout = from.connectTimeout;
      retries = from.retries;
      retryStatuses = from.retryStatuses;
      maxRetryAfter = from.maxRetryAfter;
      rate = from.rate;
      resolve = new LinkedHashMap<>(from.resolve);
      insecure = from.insecure;
      cacert = from.cacert;
      userAgent = from.userAgent;
      headers = from.headers;
      maxRedirects = from.maxRedirects;
      maxBody = from.maxBody;
      h2c = from.h2c;
      cookies = from.cookies;
      locationTrusted = from.locationTrusted;
      allowDowngrade = from.allowDowngrade;
      maxHeaderBytes = from.maxHeaderBytes;
      maxHeaders = from.maxHeaders;
    }

    public Builder concurrency(int value) {
      concurrency = value;
      return this;
    }

    public Builder perHost(int value) {
      perHost = value;
      return this;
    }

    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    public Builder retries(int value) {
      retries = value;
      return this;
    }

    public Builder retryStatuses(Set<Integer> value) {
      retryStatuses = value;
      return this;
    }

    public Builder maxRetryAfter(Duration value) {
      maxRetryAfter = value;
      return this;
    }

    public Builder rate(double value) {
      rate = value;
      return this;
    }

    public Builder insecure(boolean value) {
      insecure = value;
      return this;
    }

    public Builder cacert(Path value) {
      cacert = value;
      return this;
    }

    public Builder userAgent(String value) {
      userAgent = value;
      return this;
    }

    public Builder headers(List<String> value) {
      headers = value;
      return this;
    }

    public Builder maxRedirects(int value) {
      maxRedirects = value;
      return this;
    }

    public Builder maxBody(long value) {
      maxBody = value;
      return this;
    }

    public Builder h2c(boolean value) {
      h2c = value;
      return this;
    }

    public Builder cookies(boolean value) {
      cookies = value;
      return this;
    }

    public Builder locationTrusted(boolean value) {
      locationTrusted = value;
      return this;
    }

    public Builder allowDowngrade(boolean value) {
      allowDowngrade = value;
      return this;
    }

    public Builder maxHeaderBytes(int value) {
      maxHeaderBytes = value;
      return this;
    }

    public Builder maxHeaders(int value) {
      maxHeaders = value;
      return this;
    }

    /**
     * Pins {@code host:port} to {@code address} (its port is used for the connection). An
     * {@linkplain InetSocketAddress#createUnresolved unresolved} address pins the name to nowhere:
     * it fails as {@link FailureKind#UNKNOWN_HOST} without asking any resolver.
     */
    public Builder resolve(String host, int port, InetSocketAddress address) {
      resolve.put(host.toLowerCase(Locale.ROOT) + ":" + port, address);
      return this;
    }

    /** Adds curl's {@code HOST:PORT:ADDR}; see {@link FetchOptions#parseResolve(String)}. */
    public Builder resolve(String spec) {
      Map.Entry<String, InetSocketAddress> entry = parseResolve(spec);
      resolve.put(entry.getKey(), entry.getValue());
      return this;
    }

    public FetchOptions build() {
      return new FetchOptions(
          concurrency,
          perHost,
          timeout,
          connectTimeout,
          retries,
          retryStatuses,
          maxRetryAfter,
          rate,
          resolve,
          insecure,
          cacert,
          userAgent,
          headers,
          maxRedirects,
          maxBody,
          h2c,
          cookies,
          locationTrusted,
          allowDowngrade,
          maxHeaderBytes,
          maxHeaders);
    }
  }
}
