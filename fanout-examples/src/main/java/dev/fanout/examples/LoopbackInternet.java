package dev.fanout.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The talk's internet, on 127.0.0.1 only: a plain-HTTP forward proxy that answers for the talk's
 * hosts after a fixed latency each, so the examples show the talk's effects without a network.
 *
 * <p>{@link #client()} routes the talk's hosts to this proxy and every other host to a closed port,
 * so {@code http://not.a.thing/} fails to connect, as it failed in the talk, without any DNS query.
 * Latencies are 100 ms apart so that completion order is stable on a busy machine. Each request is
 * handled on its own virtual thread; {@link #close()} stops the server.
 */
public final class LoopbackInternet implements AutoCloseable {
  /** How long each site takes to answer, in milliseconds. */
  public static final Map<String, Integer> LATENCY_MS =
      Map.of(
          "www.python.org", 500,
          "aiohttp.readthedocs.io", 600,
          "docs.python-requests.org", 200,
          "github.com", 400,
          "news.ycombinator.com", 100,
          "www.meetup.com", 300);

  /** The Hacker News API's host; each item is held this long. */
  public static final String HN_API = "hacker-news.firebaseio.com";

  public static final int HN_LATENCY_MS = 50;

  /** Hosts that answer at once with a redirect, as python.org does. */
  private static final Map<String, String> REDIRECTS =
      Map.of(
          "python.org", "http://www.python.org/",
          "python-requests.org", "http://docs.python-requests.org/");

  /** The talk's URLs (In [28]), over plain HTTP because this proxy does not tunnel TLS. */
  public static final List<String> URLS =
      List.of(
          "http://python.org/",
          "http://aiohttp.readthedocs.io/",
          "http://python-requests.org/",
          "http://github.com/",
          "http://news.ycombinator.com/",
          "http://www.meetup.com/LondonPython/");

  /** The same with the talk's bad URL in fourth place (In [35]). */
  public static final List<String> URLS_WITH_BAD_ONE =
      List.of(
          "http://python.org/",
          "http://aiohttp.readthedocs.io/",
          "http://python-requests.org/",
          "http://not.a.thing/",
          "http://github.com/",
          "http://news.ycombinator.com/",
          "http://www.meetup.com/LondonPython/");

  private static final String WARM_UP = "warm-up.invalid";

  private final HttpServer server;
  private final ExecutorService handlers;
  private final int closedPort;

  private LoopbackInternet(HttpServer server, ExecutorService handlers, int closedPort) {
    this.server = server;
    this.handlers = handlers;
    this.closedPort = closedPort;
  }

  /** Starts the proxy on an ephemeral loopback port; returns once it accepts connections. */
  public static LoopbackInternet start() throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort =
          probe.getLocalPort(); // closed again before anyone connects: connections are refused
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(handlers);
    server.createContext("/", LoopbackInternet::answer);
    server.start();
    return new LoopbackInternet(server, handlers, closedPort);
  }

  /**
   * An HTTP client that reaches the talk's hosts through this proxy and follows redirects. It has
   * made a few requests already, so that the examples' timings measure waiting, not class loading.
   */
  public HttpClient client() throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(new Routes(server.getAddress().getPort(), closedPort))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try (ExecutorService warmUp = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 4; i++) {
        warmUp.submit(
            () ->
                client.send(
                    HttpRequest.newBuilder(URI.create("http://" + WARM_UP + "/")).build(),
                    HttpResponse.BodyHandlers.discarding()));
      }
    }
    return client;
  }

  /**
   * Where each host's port 80 really is, for clients that pin names themselves (curl's --resolve,
   * fanout's {@code FetchOptions.Builder.resolve}): the talk's hosts and python.org's redirects at
   * this server (which reads the {@code Host} header), {@code not.a.thing} at a closed port.
   */
  public Map<String, InetSocketAddress> pins() {
    Map<String, InetSocketAddress> pins = new java.util.TreeMap<>();
    InetSocketAddress here =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    LATENCY_MS.keySet().forEach(host -> pins.put(host, here));
    pins.put(HN_API, here);
    REDIRECTS.keySet().forEach(host -> pins.put(host, here));
    pins.put("not.a.thing", new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort));
    return pins;
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.close();
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String host = URI.create(exchange.getRequestURI().toString()).getHost();
      if (host == null) {
        host = exchange.getRequestHeaders().getFirst("Host");
      }
      String redirect = REDIRECTS.get(host);
      if (redirect != null) {
        exchange.getResponseHeaders().set("Location", redirect);
        exchange.sendResponseHeaders(301, -1);
        return;
      }
      if (HN_API.equals(host)) {
        item(exchange);
        return;
      }
      Integer latency = host.equals(WARM_UP) ? Integer.valueOf(0) : LATENCY_MS.get(host);
      if (latency == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      Thread.sleep(latency);
      byte[] page = ("<html><title>" + host + "</title></html>").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, page.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(page);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code /v0/item/ID.json}: the item's JSON, or {@code null}, after {@link #HN_LATENCY_MS}. */
  private static void item(HttpExchange exchange) throws IOException, InterruptedException {
    String path = exchange.getRequestURI().getPath();
    String prefix = "/v0/item/";
    if (!path.startsWith(prefix) || !path.endsWith(".json")) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    long id;
    try {
      id = Long.parseLong(path.substring(prefix.length(), path.length() - ".json".length()));
    } catch (NumberFormatException e) {
      exchange.sendResponseHeaders(400, -1);
      return;
    }
    Thread.sleep(HN_LATENCY_MS);
    byte[] json = HnItems.json(id).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(200, json.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(json);
    }
  }

  /** Known hosts go to the proxy; unknown ones to a closed port, so they fail without DNS. */
  private static final class Routes extends ProxySelector {
    private final int proxyPort;
    private final int closedPort;

    Routes(int proxyPort, int closedPort) {
      this.proxyPort = proxyPort;
      this.closedPort = closedPort;
    }

    @Override
    public List<Proxy> select(URI uri) {
      String host = uri.getHost();
      boolean known =
          LATENCY_MS.containsKey(host)
              || REDIRECTS.containsKey(host)
              || host.equals(WARM_UP)
              || host.equals(HN_API);
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), known ? proxyPort : closedPort);
      return List.of(new Proxy(Proxy.Type.HTTP, address));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {}
  }
}
