package dev.fanout.replica;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A running, offline replica of the Hacker News Firebase API (plus httpbin-like generic endpoints),
 * listening on a loopback socket. It is to fanout's tests what MockWebServer is to OkHttp's: real
 * sockets, scripted misbehaviour (latency, faults), recorded statistics, closed as a resource.
 *
 * <p>Serves HTTP/1.1 and HTTP/2 (h2c by prior knowledge and by {@code Upgrade: h2c}); with TLS,
 * HTTPS with ALPN ({@code h2}, {@code http/1.1}) using a self-signed certificate made at start.
 * Every method is thread-safe.
 */
public interface Replica extends AutoCloseable {

  /**
   * Starts a replica and returns once it accepts connections.
   *
   * @throws IOException if the port cannot be bound or a file (dataset, certificate) cannot be used
   */
  static Replica start(ReplicaConfig config) throws IOException {
    return JettyReplica.start(config);
  }

  /** {@code http://127.0.0.1:PORT} ({@code https://...} with TLS), without a trailing slash. */
  URI baseUri();

  /** {@code baseUri() + "/v0"}: the API root, as {@code https://hacker-news.firebaseio.com/v0}. */
  URI apiUri();

  int port();

  /** The stories tests and benches may need, with the counts a crawl of each must find. */
  Catalog catalog();

  /** A snapshot of what was served so far. */
  ReplicaStats stats();

  /**
   * Adds an item while running (as {@code POST /__items} does on a {@linkplain
   * ReplicaConfig#writable writable} replica; this method works on any): it is served at once, and
   * {@code maxitem.json} and {@code updates.json} change accordingly.
   *
   * @throws IllegalArgumentException if the JSON is not an object with a positive integer {@code
   *     id}
   */
  void append(String itemJson);

  /** The PEM file of the self-signed certificate when serving TLS; empty otherwise. */
  Optional<Path> certificate();

  /** Stops accepting and closes every connection; idempotent. */
  @Override
  void close();
}
