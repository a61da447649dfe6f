package dev.fanout.fetch;

import java.net.IDN;
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
 * #toBuilder()}; {@link Builder#build()} rejects impossible values with a message naming the value,
 * and copies the collections. A final class rather than a record, so that options can be added
 * without changing a public constructor; {@code equals}, {@code hashCode} and {@code toString}
 * cover every option.
 */
public final class FetchOptions {
  /** The statuses retried by default: the ones that mean "try again later". */
  public static final Set<Integer> DEFAULT_RETRY_STATUSES = Set.of(429, 502, 503, 504);

  /** Response header bytes accepted by default: 256 KiB. */
  public static final int DEFAULT_MAX_HEADER_BYTES = 262_144;

  /** Response header fields accepted by default. */
  public static final int DEFAULT_MAX_HEADERS = 1_000;

  private static final FetchOptions DEFAULTS = new Builder().build();

  private final int concurrency;
  private final int perHost;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final int retries;
  private final Set<Integer> retryStatuses;
  private final Duration maxRetryAfter;
  private final double rate;
  private final double ratePerHost;
  private final boolean hostBackoff;
  private final Map<String, InetSocketAddress> resolve;
  private final boolean insecure;
  private final Path cacert;
  private final String userAgent;
  private final List<String> headers;
  private final int maxRedirects;
  private final long maxBody;
  private final boolean h2c;
  private final boolean cookies;
  private final Path cookieJar;
  private final boolean locationTrusted;
  private final boolean allowDowngrade;
  private final int maxHeaderBytes;
  private final int maxHeaders;
  private final Proxies proxies;

  private FetchOptions(Builder b) {
    concurrency = b.concurrency;
    perHost = b.perHost;
    timeout = b.timeout;
    connectTimeout = b.connectTimeout;
    retries = b.retries;
    retryStatuses = Set.copyOf(Objects.requireNonNull(b.retryStatuses, "retryStatuses"));
    maxRetryAfter = b.maxRetryAfter;
    rate = b.rate;
    ratePerHost = b.ratePerHost;
    hostBackoff = b.hostBackoff;
    resolve = Map.copyOf(b.resolve);
    insecure = b.insecure;
    cacert = b.cacert;
    userAgent = b.userAgent;
    headers = List.copyOf(Objects.requireNonNull(b.headers, "headers"));
    maxRedirects = b.maxRedirects;
    maxBody = b.maxBody;
    h2c = b.h2c;
    cookies = b.cookies || b.cookieJar != null;
    cookieJar = b.cookieJar;
    locationTrusted = b.locationTrusted;
    allowDowngrade = b.allowDowngrade;
    maxHeaderBytes = b.maxHeaderBytes;
    maxHeaders = b.maxHeaders;
    proxies = Objects.requireNonNull(b.proxies, "proxies");
    requireAtLeast("concurrency", concurrency, 0);
    requireAtLeast("perHost", perHost, 0);
    requirePositive("timeout", timeout);
    requirePositive("connectTimeout", connectTimeout);
    requireAtLeast("retries", retries, 0);
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
    if (!(ratePerHost >= 0) || Double.isInfinite(ratePerHost)) {
      throw new IllegalArgumentException(
          "ratePerHost must be a finite number >= 0 (0 = unlimited): " + ratePerHost);
    }
    Objects.requireNonNull(userAgent, "userAgent");
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
   * bodies, 256 KiB and 1,000 header fields per response, no cookies kept; credentials stay with
   * their origin and an https-to-http redirect is refused.
   */
  public static FetchOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
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
    String host = asciiHost(spec.substring(0, first), usage);
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

  /**
   * A host name as requests name it: international names in Punycode (as {@code Urls} turns them),
   * lower case.
   */
  private static String asciiHost(String host, String usage) {
    try {
      return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(usage + "; bad host name '" + host + "'");
    }
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

  /** Requests in flight at most; 0 means unbounded. */
  public int concurrency() {
    return concurrency;
  }

  /** Requests in flight per host at most; 0 means unbounded. */
  public int perHost() {
    return perHost;
  }

  /** Per request attempt, from sending it until the body is read. */
  public Duration timeout() {
    return timeout;
  }

  /** Per connection attempt. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Extra attempts for retryable failures, of {@link Request#retryable() retryable} requests only
   * (by default those with an idempotent method).
   */
  public int retries() {
    return retries;
  }

  /** Statuses that are retried (e.g. 429, 502, 503, 504). */
  public Set<Integer> retryStatuses() {
    return retryStatuses;
  }

  /** The longest {@code Retry-After} honoured; longer ones are cut to this. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** Requests per second at most; 0 means unlimited. */
  public double rate() {
    return rate;
  }

  /**
   * Requests per second at most to any one host ({@code host:port}), each host on its own clock; 0
   * (the default) means unlimited. Requests waiting for their host's turn do not hold a concurrency
   * slot, so other hosts keep their pace.
   */
  public double ratePerHost() {
    return ratePerHost;
  }

  /**
   * Whether a host answering 429 or 503 is slowed down for all its requests, not only the one
   * retried (default false: a library does not change its caller's pace unasked). The host waits
   * for its {@code Retry-After} (at most {@link #maxRetryAfter()}), or else for a delay that starts
   * at 1 s and doubles with each further 429/503 (at most {@link #maxRetryAfter()}); requests to it
   * are then spaced by that delay, which halves with each other answer until the host is back to
   * full pace. Other hosts keep their pace: requests waiting for a slowed host do not hold a
   * concurrency slot. See {@link Fetcher#slowedHosts()}.
   */
  public boolean hostBackoff() {
    return hostBackoff;
  }

  /**
   * {@code host:port} (lower case) to the address to use instead of asking DNS (curl's --resolve);
   * see {@link #parseResolve(String)}.
   */
  public Map<String, InetSocketAddress> resolve() {
    return resolve;
  }

  /** Skip TLS certificate verification. */
  public boolean insecure() {
    return insecure;
  }

  /** A PEM certificate to trust in addition to the JDK's, or null. */
  public Path cacert() {
    return cacert;
  }

  /** The User-Agent header. */
  public String userAgent() {
    return userAgent;
  }

  /** Extra request headers, {@code Name: value}. */
  public List<String> headers() {
    return headers;
  }

  /** Redirects followed per URL at most. */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** Body bytes accepted at most. */
  public long maxBody() {
    return maxBody;
  }

  /** Use HTTP/2 with prior knowledge for {@code http} URLs. */
  public boolean h2c() {
    return h2c;
  }

  /**
   * Keep the cookies responses set and send them back with later requests to the same site, for as
   * long as the fetcher lives (shared by every request it makes), as a browser (or aiohttp's
   * session, or curl with a cookie engine) does. Off by default, as in curl: each request carries
   * only the headers it is given. On whenever a {@link #cookieJar()} is set.
   */
  public boolean cookies() {
    return cookies;
  }

  /**
   * A cookie file in the Netscape format (curl's, wget's): read when the fetcher is created, if it
   * exists, and written again (replaced whole) when it is closed, with every cookie kept then,
   * session cookies included, as curl's {@code --cookie-jar} does; null (the default) for none.
   * Setting it turns {@link #cookies()} on. A file that cannot be read fails {@link Fetcher#create}
   * with an {@link IllegalArgumentException}; one that cannot be written fails {@link
   * Fetcher#close()} with an {@link java.io.UncheckedIOException} (the client stops all the same).
   */
  public Path cookieJar() {
    return cookieJar;
  }

  /**
   * Send the {@code Authorization}, {@code Cookie} and {@code Proxy-Authorization} {@link #headers}
   * on after a redirect to another origin (scheme, host, port), as curl's {@code
   * --location-trusted}; off by default: they go only to the URL's own origin, as curl and browsers
   * do.
   */
  public boolean locationTrusted() {
    return locationTrusted;
  }

  /**
   * Follow a redirect from {@code https} to {@code http}; off by default: such a redirect fails as
   * {@link FailureKind#INSECURE_REDIRECT} (stricter than curl, which follows it unless told {@code
   * --proto-redir =https}).
   */
  public boolean allowDowngrade() {
    return allowDowngrade;
  }

  /**
   * Response header bytes accepted at most, per response: each field counted as HTTP/1.1 writes it
   * ({@code Name: value} and CRLF), on HTTP/1.1 and HTTP/2 alike; past this the response fails as
   * {@link FailureKind#HEADERS_TOO_LARGE}. Jetty's parsers stop a little above it (room for the
   * status line and HPACK's 32 bytes per field), so one endless header line or an oversized HTTP/2
   * header block is never held either. Default {@value #DEFAULT_MAX_HEADER_BYTES} (256 KiB,
   * Chrome's limit; curl allows 300 KiB).
   */
  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /**
   * Response header fields accepted at most, per response; past this the response fails as {@link
   * FailureKind#HEADERS_TOO_LARGE}. Default {@value #DEFAULT_MAX_HEADERS}.
   */
  public int maxHeaders() {
    return maxHeaders;
  }

  /**
   * Which requests go through an HTTP proxy ({@link Proxies}); {@link Proxies#NONE} (the default):
   * none. The environment is never read here: {@link Proxies#fromCurl} reads it as curl does.
   */
  public Proxies proxies() {
    return proxies;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FetchOptions o
        && concurrency == o.concurrency
        && perHost == o.perHost
        && Objects.equals(timeout, o.timeout)
        && Objects.equals(connectTimeout, o.connectTimeout)
        && retries == o.retries
        && Objects.equals(retryStatuses, o.retryStatuses)
        && Objects.equals(maxRetryAfter, o.maxRetryAfter)
        && Double.compare(rate, o.rate) == 0
        && Double.compare(ratePerHost, o.ratePerHost) == 0
        && hostBackoff == o.hostBackoff
        && Objects.equals(resolve, o.resolve)
        && insecure == o.insecure
        && Objects.equals(cacert, o.cacert)
        && Objects.equals(userAgent, o.userAgent)
        && Objects.equals(headers, o.headers)
        && maxRedirects == o.maxRedirects
        && maxBody == o.maxBody
        && h2c == o.h2c
        && cookies == o.cookies
        && Objects.equals(cookieJar, o.cookieJar)
        && locationTrusted == o.locationTrusted
        && allowDowngrade == o.allowDowngrade
        && maxHeaderBytes == o.maxHeaderBytes
        && maxHeaders == o.maxHeaders
        && proxies.equals(o.proxies);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        concurrency,
        perHost,
        timeout,
        connectTimeout,
        retries,
        retryStatuses,
        maxRetryAfter,
        rate,
        ratePerHost,
        hostBackoff,
        resolve,
        insecure,
        cacert,
        userAgent,
        headers,
        maxRedirects,
        maxBody,
        h2c,
        cookies,
        cookieJar,
        locationTrusted,
        allowDowngrade,
        maxHeaderBytes,
        maxHeaders,
        proxies);
  }

  /**
   * Every option, as a record would print them, except that headers show only their names: their
   * values may be credentials, and this string ends up in logs.
   */
  @Override
  public String toString() {
    return "FetchOptions[concurrency="
        + concurrency
        + ", perHost="
        + perHost
        + ", timeout="
        + timeout
        + ", connectTimeout="
        + connectTimeout
        + ", retries="
        + retries
        + ", retryStatuses="
        + retryStatuses
        + ", maxRetryAfter="
        + maxRetryAfter
        + ", rate="
        + rate
        + ", ratePerHost="
        + ratePerHost
        + ", hostBackoff="
        + hostBackoff
        + ", resolve="
        + resolve
        + ", insecure="
        + insecure
        + ", cacert="
        + cacert
        + ", userAgent="
        + userAgent
        + ", headers="
        + headers.stream().map(h -> h.substring(0, h.indexOf(':')).trim()).toList()
        + ", maxRedirects="
        + maxRedirects
        + ", maxBody="
        + maxBody
        + ", h2c="
        + h2c
        + ", cookies="
        + cookies
        + ", cookieJar="
        + cookieJar
        + ", locationTrusted="
        + locationTrusted
        + ", allowDowngrade="
        + allowDowngrade
        + ", maxHeaderBytes="
        + maxHeaderBytes
        + ", maxHeaders="
        + maxHeaders
        + ", proxies="
        + proxies
        + "]";
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
    private double ratePerHost;
    private boolean hostBackoff;
    private final Map<String, InetSocketAddress> resolve = new LinkedHashMap<>();
    private boolean insecure;
    private Path cacert;
    private String userAgent;
    private List<String> headers;
    private int maxRedirects;
    private long maxBody;
    private boolean h2c;
    private boolean cookies;
    private Path cookieJar;
    private boolean locationTrusted;
    private boolean allowDowngrade;
    private int maxHeaderBytes;
    private int maxHeaders;
    private Proxies proxies;

    private Builder() {
      concurrency = 64;
      perHost = 0;
      timeout = Duration.ofSeconds(10);
      connectTimeout = Duration.ofSeconds(5);
      retries = 2;
      retryStatuses = DEFAULT_RETRY_STATUSES;
      maxRetryAfter = Duration.ofSeconds(30);
      rate = 0;
      ratePerHost = 0;
      hostBackoff = false;
      insecure = false;
      cacert = null;
      userAgent = "fanout";
      headers = List.of();
      maxRedirects = 5;
      maxBody = 10L * 1024 * 1024;
      h2c = false;
      cookies = false;
      cookieJar = null;
      locationTrusted = false;
      allowDowngrade = false;
      maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
      maxHeaders = DEFAULT_MAX_HEADERS;
      proxies = Proxies.NONE;
    }

    private Builder(FetchOptions from) {
      concurrency = from.concurrency;
      perHost = from.perHost;
      timeout = from.timeout;
      connectTimeout = from.connectTimeout;
      retries = from.retries;
      retryStatuses = from.retryStatuses;
      maxRetryAfter = from.maxRetryAfter;
      rate = from.rate;
      ratePerHost = from.ratePerHost;
      hostBackoff = from.hostBackoff;
      resolve.putAll(from.resolve);
      insecure = from.insecure;
      cacert = from.cacert;
      userAgent = from.userAgent;
      headers = from.headers;
      maxRedirects = from.maxRedirects;
      maxBody = from.maxBody;
      h2c = from.h2c;
      cookies = from.cookies;
      cookieJar = from.cookieJar;
      locationTrusted = from.locationTrusted;
      allowDowngrade = from.allowDowngrade;
      maxHeaderBytes = from.maxHeaderBytes;
      maxHeaders = from.maxHeaders;
      proxies = from.proxies;
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

    /** Requests per second per host at most; 0 (the default) = unlimited. */
    public Builder ratePerHost(double value) {
      ratePerHost = value;
      return this;
    }

    /** Slow a host down after a 429 or 503 (see {@link FetchOptions#hostBackoff()}). */
    public Builder hostBackoff(boolean value) {
      hostBackoff = value;
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

    /** See {@link FetchOptions#cookieJar()}; null for none. */
    public Builder cookieJar(Path value) {
      cookieJar = value;
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

    /** See {@link FetchOptions#proxies()}. */
    public Builder proxies(Proxies value) {
      proxies = value;
      return this;
    }

    /**
     * Pins {@code host:port} to {@code address} (its port is used for the connection). An
     * {@linkplain InetSocketAddress#createUnresolved unresolved} address pins the name to nowhere:
     * it fails as {@link FailureKind#UNKNOWN_HOST} without asking any resolver.
     */
    public Builder resolve(String host, int port, InetSocketAddress address) {
      resolve.put(asciiHost(host, "bad host to pin") + ":" + port, address);
      return this;
    }

    /** Adds curl's {@code HOST:PORT:ADDR}; see {@link FetchOptions#parseResolve(String)}. */
    public Builder resolve(String spec) {
      Map.Entry<String, InetSocketAddress> entry = parseResolve(spec);
      resolve.put(entry.getKey(), entry.getValue());
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming the first impossible value
     * @throws NullPointerException naming a required option left null
     */
    public FetchOptions build() {
      return new FetchOptions(this);
    }
  }
}
