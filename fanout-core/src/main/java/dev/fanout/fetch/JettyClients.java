package dev.fanout.fetch;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.RoundRobinConnectionPool;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the one Jetty {@link HttpClient} a fetcher uses (see docs/decisions for why Jetty's).
 *
 * <p>Protocols: HTTP/2 is listed first so that TLS connections offer {@code h2} before {@code
 * http/1.1} in ALPN; clear-text requests always set their version explicitly (HTTP/1.1, or HTTP/2
 * with prior knowledge under --h2c). Jetty's HTTP/2 connection pool never opens more streams on a
 * connection than the server's SETTINGS_MAX_CONCURRENT_STREAMS; excess requests wait in the
 * destination queue or get another connection. Redirects are ours, so Jetty's are off.
 */
final class JettyClients {
  private JettyClients() {}

  /** The HTTP/2 connection-level receive window: 256 MiB. */
  static final int SESSION_WINDOW = 256 << 20;

  /**
   * What Jetty's parsers accept of a response's headers: the limit, with room for the status line
   * and for how HTTP/2 counts (32 bytes more per field), so that a flood of fields meets the
   * exchange's own bound first and fails with its name (Exchange.HeaderBound); this catches one
   * endless line.
   */
  static int parserLimit(FetchOptions options) {
    long limit =
        (long) options.maxHeaderBytes() + 32L * Math.min(options.maxHeaders(), 4096) + 8192;
    return (int) Math.min(limit, Integer.MAX_VALUE);
  }

  /**
   * A started client for these options: the connector (threads, TLS, timeouts), the transport
   * (protocols, connection pool), then the client's own limits.
   *
   * @throws IllegalStateException if the client cannot start (the interrupt flag is set again if an
   *     interrupt was the cause)
   */
  static HttpClient start(FetchOptions options) {
    ClientConnector connector = connector(options);
    HttpClient client = new DestinationCachingClient(transport(connector, options));
    client.setExecutor(connector.getExecutor());
    configure(client, options);
    return started(client);
  }

  /** Jetty's threads, the TLS trust and the connection timeouts. */
  private static ClientConnector connector(FetchOptions options) {
    // Jetty's callbacks never block (our fetching threads do the blocking, on virtual threads), so
    // a small pool of Jetty's own daemon threads carries the selector and the parsing.
    QueuedThreadPool pool = new QueuedThreadPool(32, 2);
    pool.setName("fanout-http");
    pool.setDaemon(true);
    ClientConnector connector = new ClientConnector();
    connector.setExecutor(pool);
    connector.setSslContextFactory(TrustMaterial.sslContextFactory(options));
    connector.setConnectTimeout(options.connectTimeout());
    connector.setIdleTimeout(options.timeout());
    connector.setSelectors(1);
    return connector;
  }

  /** HTTP/2 (offered first in ALPN) and HTTP/1.1, over round-robin connection pools. */
  private static HttpClientTransportDynamic transport(
      ClientConnector connector, FetchOptions options) {
    HTTP2Client http2 = new HTTP2Client(connector);
    // Jetty acknowledges received data (WINDOW_UPDATE) once half the session window is used. A
    // Jetty server handles each acknowledgement by flushing every response queued on the connection
    // from the thread that parses requests, which then parses none until that is done: a 16 MiB
    // window did this every few thousand answers, in the middle of bursts. Bodies are read as they
    // arrive and capped by maxBody, so the larger window adds no buffering of ours.
    http2.setInitialSessionRecvWindow(SESSION_WINDOW);
    // A hostile server's headers are bounded as its body is: the HPACK decoder stops at this
    // decoded size (fields past it fail the stream), as the HTTP/1.1 parser does (configure).
    http2.setMaxResponseHeadersSize(parserLimit(options));
    HttpClientTransportDynamic transport =
        new HttpClientTransportDynamic(
            connector,
            new ClientConnectionFactoryOverHTTP2.HTTP2(http2),
            HttpClientConnectionFactory.HTTP11);
    // What runs when a response completes never blocks: it wakes a fetching thread, or, for
    // fetchAsync, checks the body and records it (ResponseCheck and CrawlListener say so). Jetty
    // may then run it on the thread that read the response instead of handing each response to
    // another pool thread (decision 0009).
    transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
    // Jetty's default pool takes the first free connection, scanning from the start: with hundreds
    // of HTTP/1.1 connections busy that scan dominates the cost of sending. Round robin starts
    // where the last acquire stopped, so the next free connection is usually the first one looked
    // at. Jetty's round-robin pool opens every allowed connection up front ("maximize"); we open
    // them on demand.
    transport.setConnectionPoolFactory(
        destination -> {
          RoundRobinConnectionPool connections =
              new RoundRobinConnectionPool(
                  destination, destination.getHttpClient().getMaxConnectionsPerDestination(), 1);
          connections.setMaximizeConnections(false);
          return connections;
        });
    return transport;
  }

  /** Redirects, cookies, header and connection limits: what the client does on its own. */
  private static void configure(HttpClient client, FetchOptions options) {
    client.setFollowRedirects(false);
    client.setHttpCookieStore(
        options.cookies() ? CookieJar.load(options.cookieJar()) : new HttpCookieStore.Empty());
    client.setUserAgentField(null);
    // Jetty's HTTP/1.1 parser takes any amount of header by default (-1): a million lines were
    // accepted. Past this it fails the response (Failures names it HEADERS_TOO_LARGE).
    client.setMaxResponseHeadersSize(parserLimit(options));
    client.setConnectTimeout(options.connectTimeout().toMillis());
    client.setIdleTimeout(options.timeout().toMillis());
    // Our semaphores bound concurrency; Jetty's own limits must never be the smaller one, or
    // requests would be rejected ("max requests queued exceeded") instead of waiting.
    int perDestination = options.perHost() > 0 ? options.perHost() : options.concurrency();
    client.setMaxConnectionsPerDestination(perDestination > 0 ? perDestination : 65_536);
    client.setMaxRequestsQueuedPerDestination(1 << 20);
    client.setSocketAddressResolver(new PinnedResolver(options.resolve()));
    proxies(client, options.proxies());
  }

  /**
   * One Jetty proxy per scheme that has one: Jetty sends {@code http} requests to it in absolute
   * form and tunnels {@code https} ones with CONNECT (TLS then verified against the URL's host, as
   * the tunnelled destination names it). Its credentials become a preemptive {@code
   * Proxy-Authorization}: Jetty applies a result stored under the proxy's URI only to requests sent
   * to the proxy (absolute-form requests and CONNECT), never to tunnelled ones.
   */
  private static void proxies(HttpClient client, Proxies proxies) {
    for (String scheme : new String[] {"http", "https"}) {
      Proxies.Server server = "http".equals(scheme) ? proxies.http() : proxies.https();
      if (server == null) {
        continue;
      }
      RuledProxy proxy = new RuledProxy(server, scheme, proxies.noProxy());
      client.getProxyConfiguration().addProxy(proxy);
      if (server.user() != null) {
        client
            .getAuthenticationStore()
            .addAuthenticationResult(
                new BasicAuthentication.BasicResult(
                    proxy.getURI(),
                    HttpHeader.PROXY_AUTHORIZATION,
                    server.user(),
                    server.password()));
      }
    }
  }

  /** Jetty's HTTP proxy for one scheme's URLs, except the hosts of curl's NO_PROXY list. */
  private static final class RuledProxy extends HttpProxy {
    private final String scheme;
    private final String noProxy;

    RuledProxy(Proxies.Server server, String scheme, String noProxy) {
      super(new Origin.Address(server.host(), server.port()), server.secure());
      this.scheme = scheme;
      this.noProxy = noProxy;
    }

    @Override
    public boolean matches(Origin origin) {
      // super: never the proxy's own address (the CONNECT and absolute-form requests go there).
      return super.matches(origin)
          && scheme.equalsIgnoreCase(origin.getScheme())
          && !Proxies.bypass(noProxy, origin.getAddress().getHost());
    }
  }

  /** Starts the client, or stops what started and says why it could not. */
  private static HttpClient started(HttpClient client) {
    try {
      client.start();
      // hn: a 401 without WWW-Authenticate (the HN API's transient "Permission denied") must reach
      // the retry logic as a status, not fail inside Jetty's authentication handler as a protocol
      // violation.
      client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
      client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
      // Bodies are decoded by ContentDecoding, after the body on the wire was counted and bounded;
      // Jetty would decode gzip alone, and hide the size on the wire. Its start adds the gzip
      // decoder, so it goes after.
      client.getContentDecoderFactories().clear();
    } catch (Exception e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InterruptedException) {
          Thread.currentThread().interrupt(); // callers see why: they were interrupted
          break;
        }
      }
      try {
        client.stop();
      } catch (Exception ignored) {
        // Half-started: nothing more to release.
      }
      throw new IllegalStateException("cannot start the HTTP client: " + e, e);
    }
    return client;
  }

  /**
   * Jetty finds each request's destination by working out its origin (the dynamic transport lists
   * its protocols anew each time) and then {@code ConcurrentHashMap.compute}, which locks the map
   * bin even when the destination exists: a thousand requests to one host all queue on that one
   * lock. Destinations here live as long as the client (no destination idle timeout is set, so
   * Jetty never removes one), and without a tag a request's origin depends only on its scheme,
   * host, port and version, so a lock-free read keyed by those gives the answer Jetty's lookup
   * would.
   */
  private static final class DestinationCachingClient extends HttpClient {
    private record RequestKey(String scheme, String host, int port, HttpVersion version) {}

    private final ConcurrentMap<RequestKey, Destination> known = new ConcurrentHashMap<>();

    DestinationCachingClient(HttpClientTransport transport) {
      super(transport);
    }

    @Override
    public Destination resolveDestination(Request request) {
      if (request.getTag() != null) {
        return super.resolveDestination(request);
      }
      RequestKey key =
          new RequestKey(
              request.getScheme(), request.getHost(), request.getPort(), request.getVersion());
      Destination destination = known.get(key);
      if (destination == null) {
        destination = super.resolveDestination(request);
        known.put(key, destination);
      }
      return destination;
    }
  }
}
