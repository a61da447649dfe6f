package dev.fanout.fetch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP request to make: a method, a URL, headers and an optional body. Immutable and safe to
 * share between threads; {@link #get(String)} is the one-liner, {@link #builder(String)} the rest:
 *
 * {@snippet :
 * Request post = Request.builder("http://api.example/items")
 *     .method("POST")
 *     .header("X-Request-Id", "42")
 *     .body("{\"title\":\"hi\"}".getBytes(StandardCharsets.UTF_8), "application/json")
 *     .build();
 * }
 *
 * <p>The URL is kept as typed and parsed when the request is fetched: an unusable one ends as a
 * {@link FailureKind#INVALID_URL} failure, as the {@code String} forms of {@link Fetcher} do. The
 * headers go out after the fetcher's own ({@link FetchOptions#headers()}); credential headers
 * ({@code Authorization}, {@code Cookie}) follow the same origin rule as those.
 *
 * <p>Retries: a request is retried (as {@link FetchOptions#retries()} allows) only when {@link
 * #retryable()}, which by default is whether its method is idempotent (RFC 9110: GET, HEAD, PUT,
 * DELETE, OPTIONS, TRACE). A POST that timed out may have been processed; the server is not asked
 * twice unless the caller says it is safe with {@link Builder#retryable(boolean)}.
 */
public final class Request {
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

  private final String method;
  private final String url;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final String contentType;
  private final boolean retryable;
  private final Boolean retryableAsSet; // null: follows the method

  private Request(Builder b) {
    this.method = b.method;
    this.url = b.url;
    this.headers = List.copyOf(b.headers);
    this.body = b.body;
    this.contentType = b.contentType;
    this.retryableAsSet = b.retryable;
    this.retryable = b.retryable != null ? b.retryable : IDEMPOTENT.contains(b.method);
  }

  /** A GET of {@code url} with no headers of its own. */
  public static Request get(String url) {
    return builder(url).build();
  }

  /** A builder for a request to {@code url}, starting as a GET without body. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** A builder starting from this request. */
  public Builder toBuilder() {
    Builder b = new Builder(url);
    b.method = method;
    b.headers.addAll(headers);
    b.body = body;
    b.contentType = contentType;
    b.retryable = retryableAsSet;
    return b;
  }

  /** The method, upper case as sent, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /** The URL as given. */
  public String url() {
    return url;
  }

  /** The request's own headers, in order, as name and value (names may repeat). */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** Whether the request carries a body (possibly empty). */
  public boolean hasBody() {
    return body != null;
  }

  /** A copy of the body, or an empty array when there is none. */
  public byte[] body() {
    return body == null ? new byte[0] : body.clone();
  }

  /** The body's content type, or null when there is no body. */
  public String contentType() {
    return contentType;
  }

  /** Whether the fetcher may send this request again after a failure or a status to retry. */
  public boolean retryable() {
    return retryable;
  }

  /** The body without copying it, for the exchange. */
  byte[] bodyBytes() {
    return body;
  }

  /**
   * The request a redirect with {@code status} leads to, as curl does by default: 303 turns any
   * method but HEAD into a GET without body; 301 and 302 turn a POST into a GET without body; 307
   * and 308 (and the other cases) keep the method and the body.
   */
  Request redirected(int status) {
    boolean toGet =
        (status == 303 && !method.equals("HEAD"))
            || ((status == 301 || status == 302) && method.equals("POST"));
    if (!toGet) {
      return this;
    }
    Builder b = toBuilder().method("GET");
    b.body = null;
    b.contentType = null;
    b.retryable = null;
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Request r
        && method.equals(r.method)
        && url.equals(r.url)
        && headers.equals(r.headers)
        && Arrays.equals(body, r.body)
        && Objects.equals(contentType, r.contentType)
        && retryable == r.retryable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, url, headers, Arrays.hashCode(body), contentType, retryable);
  }

  /** The method and URL, and the body's size and type if any (never the body or header values). */
  @Override
  public String toString() {
    return method
        + " "
        + url
        + (body == null ? "" : " (" + body.length + " bytes of " + contentType + ")");
  }

  /** A mutable builder; {@link #build()} makes the immutable request. Not thread-safe. */
  public static final class Builder {
    private final String url;
    private String method = "GET";
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private byte[] body;
    private String contentType;
    private Boolean retryable;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /**
     * The method, e.g. {@code POST}; an HTTP token, upper-cased.
     *
     * @throws IllegalArgumentException naming the value if it is not a token
     */
    public Builder method(String value) {
      requireToken("method", value);
      method = value.toUpperCase(Locale.ROOT);
      return this;
    }

    /**
     * Adds a header (a name may be added more than once). The content type and length come from
     * {@link #body}, not from here.
     *
     * @throws IllegalArgumentException naming the value if the name is not a token, the value holds
     *     a control character, or the name is {@code Content-Type}, {@code Content-Length} or
     *     {@code Host}
     */
    public Builder header(String name, String value) {
      requireToken("header name", name);
      Objects.requireNonNull(value, "value");
      if (value.chars().anyMatch(ch -> (ch < 0x20 && ch != '\t') || ch == 0x7f)) {
        throw new IllegalArgumentException(
            "header " + name + " has a control character in its value: '" + value + "'");
      }
      for (String own : List.of("Content-Type", "Content-Length", "Host")) {
        if (own.equalsIgnoreCase(name)) {
          throw new IllegalArgumentException(
              "header " + name + " is set by the fetcher; give the content type with body(...)");
        }
      }
      headers.add(Map.entry(name, value));
      return this;
    }

    /** The body and its content type (e.g. {@code application/json}); the bytes are copied. */
    public Builder body(byte[] bytes, String type) {
      Objects.requireNonNull(bytes, "bytes");
      Objects.requireNonNull(type, "type");
      body = bytes.clone();
      contentType = type;
      return this;
    }

    /**
     * Whether the fetcher may retry this request; by default whether its method is idempotent. Say
     * {@code true} for a POST the server deduplicates (an idempotency key, say).
     */
    public Builder retryable(boolean value) {
      retryable = value;
      return this;
    }

    public Request build() {
      return new Request(this);
    }

    private static void requireToken(String what, String value) {
      Objects.requireNonNull(value, what);
      if (value.isEmpty()
          || !value
              .chars()
              .allMatch(ch -> ch > 0x20 && ch < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(ch) < 0)) {
        throw new IllegalArgumentException(what + " must be an HTTP token: '" + value + "'");
      }
    }
  }
}
