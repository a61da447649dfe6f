package dev.fanout.bench;

import dev.fanout.internal.Threads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Measures the two candidate HTTP clients (JDK {@code java.net.http.HttpClient}, Jetty 12 {@code
 * HttpClient}) on loopback against a {@link DelayServer} in a child process: requests/second at
 * concurrency 64 and 1024 over HTTP/1.1, h2c and HTTP/2 over TLS; failures when the server's stream
 * limit is below our concurrency; failures when the server closes idle connections.
 *
 * <p>Run (after {@code ./mvnw -B -o -q -pl fanout-bench -am install -DskipTests}): {@code
 * ./fanout-bench/run ClientChoiceBench [--requests N]}. Each client is driven the same way: one
 * virtual thread per request, a semaphore for the concurrency, a blocking call, the body read
 * whole. Both trust the bench server's self-signed certificate without verification.
 */
public final class ClientChoiceBench {

  /** A blocking GET returning the status; throws on failure. */
  interface Client extends AutoCloseable {
    int get(URI uri) throws Exception;

    @Override
    void close() throws Exception;
  }

  enum Proto {
    H1,
    H2C,
    H2_TLS
  }

  public static void main(String[] args) throws Exception {
    int requests = 20_000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--requests")) {
        requests = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option: " + args[i] + " (use --requests N)");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "# ClientChoiceBench, %d requests per cell, %d CPUs, Java %s%n",
        requests,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    try (ServerProcess server = ServerProcess.start("--tls")) {
      System.out.println("\n## Throughput, /delay/0 (requests/s; failures)\n");
      System.out.println(
          "| protocol | concurrency | JDK HttpClient | Jetty 12 client | fanout Fetcher (on Jetty)"
              + " |");
      System.out.println("|---|---|---|---|---|");
      for (Proto proto : Proto.values()) {
        for (int c : new int[] {64, 1024}) {
          String jdk = cell(jdk(proto), server, proto, "/delay/0", requests, c);
          String jetty = cell(jetty(proto, c), server, proto, "/delay/0", requests, c);
          String ours = cell(fetcher(proto, c), server, proto, "/delay/0", requests, c);
          System.out.printf(
              Locale.ROOT, "| %s | %d | %s | %s | %s |%n", label(proto), c, jdk, jetty, ours);
        }
      }
    }
    try (ServerProcess server = ServerProcess.start("--tls", "--max-streams", "8")) {
      System.out.println(
          "\n## Server SETTINGS_MAX_CONCURRENT_STREAMS = 8, concurrency 64, /delay/20\n");
      System.out.println("| protocol | JDK HttpClient | Jetty 12 client |");
      System.out.println("|---|---|---|");
      for (Proto proto : new Proto[] {Proto.H2C, Proto.H2_TLS}) {
        int n = Math.max(640, requests / 10);
        String jdk = cell(jdk(proto), server, proto, "/delay/20", n, 64);
        String jetty = cell(jetty(proto, 64), server, proto, "/delay/20", n, 64);
        System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", label(proto), jdk, jetty);
      }
    }
    try (ServerProcess server = ServerProcess.start("--tls", "--idle-timeout-ms", "300")) {
      System.out.println(
          "\n## Server closes connections idle 300 ms: 5 bursts of 500 at c=50, 400 ms apart\n");
      System.out.println("| protocol | JDK HttpClient | Jetty 12 client |");
      System.out.println("|---|---|---|");
      for (Proto proto : Proto.values()) {
        String jdk = bursts(jdk(proto), server, proto);
        String jetty = bursts(jetty(proto, 50), server, proto);
        System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", label(proto), jdk, jetty);
      }
    }
  }

  private static String label(Proto proto) {
    return switch (proto) {
      case H1 -> "HTTP/1.1";
      case H2C -> "h2c (JDK: Upgrade; Jetty: prior knowledge)";
      case H2_TLS -> "HTTP/2 over TLS (ALPN)";
    };
  }

  private static URI base(ServerProcess server, Proto proto) {
    return proto == Proto.H2_TLS ? server.https : server.http;
  }

  private static String cell(
      Client client, ServerProcess server, Proto proto, String path, int n, int c)
      throws Exception {
    try (client) {
      URI uri = base(server, proto).resolve(path);
      drive(client, uri, Math.min(n, 2000), c); // warm-up: connections, JIT
      Result r = drive(client, uri, n, c);
      return String.format(
          Locale.ROOT, "%,.0f/s; %d failed%s", n / r.seconds, r.failed, r.detail());
    }
  }

  private static String bursts(Client client, ServerProcess server, Proto proto) throws Exception {
    try (client) {
      URI uri = base(server, proto).resolve("/delay/0");
      int failed = 0;
      Map<String, Integer> why = new TreeMap<>();
      for (int burst = 0; burst < 5; burst++) {
        Result r = drive(client, uri, 500, 50);
        failed += r.failed;
        r.reasons.forEach((k, v) -> why.merge(k, v, Integer::sum));
        Thread.sleep(400);
      }
      return failed + " of 2500 failed" + (why.isEmpty() ? "" : " " + why);
    }
  }

  record Result(double seconds, int failed, Map<String, Integer> reasons) {
    String detail() {
      return reasons.isEmpty() ? "" : " " + new TreeMap<>(reasons);
    }
  }

  static Result drive(Client client, URI uri, int n, int c) throws InterruptedException {
    Semaphore slots = new Semaphore(c);
    AtomicInteger failed = new AtomicInteger();
    Map<String, Integer> reasons = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    try (ExecutorService vt = Threads.newVirtualPerTask("bench")) {
      for (int i = 0; i < n; i++) {
        slots.acquire();
        vt.execute(
            () -> {
              try {
                int status = client.get(uri);
                if (status != 200) {
                  failed.incrementAndGet();
                  reasons.merge("status " + status, 1, Integer::sum);
                }
              } catch (Exception e) {
                failed.incrementAndGet();
                reasons.merge(reason(e), 1, Integer::sum);
              } finally {
                slots.release();
              }
            });
      }
    }
    return new Result((System.nanoTime() - t0) / 1e9, failed.get(), reasons);
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = String.valueOf(root.getMessage());
    return root.getClass().getSimpleName() + ": " + (m.length() > 60 ? m.substring(0, 60) : m);
  }

  static Client jdk(Proto proto) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(proto == Proto.H1 ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
            .sslContext(trustAll())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    return new Client() {
      @Override
      public int get(URI uri) throws Exception {
        HttpRequest request =
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  static Client jetty(Proto proto, int concurrency) throws Exception {
    ClientConnector connector = new ClientConnector();
    SslContextFactory.Client ssl = new SslContextFactory.Client();
    ssl.setTrustAll(true);
    ssl.setEndpointIdentificationAlgorithm(null);
    connector.setSslContextFactory(ssl);
    HttpClientTransportDynamic transport =
        new HttpClientTransportDynamic(
            connector,
            new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector)),
            HttpClientConnectionFactory.HTTP11);
    org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient(transport);
    client.setMaxConnectionsPerDestination(concurrency);
    client.setMaxRequestsQueuedPerDestination(1 << 20);
    client.setFollowRedirects(false);
    client.start();
    return new Client() {
      @Override
      public int get(URI uri) throws Exception {
        var request = client.newRequest(uri).timeout(30, TimeUnit.SECONDS);
        if (proto == Proto.H1) {
          request.version(HttpVersion.HTTP_1_1);
        } else if (proto == Proto.H2C) {
          request.version(HttpVersion.HTTP_2);
        }
        ContentResponse response = request.send();
        return response.getStatus();
      }

      @Override
      public void close() throws Exception {
        client.stop();
      }
    };
  }

  /** Our own Fetcher (Jetty underneath, plus limits, retries off, own redirects, body limit). */
  static Client fetcher(Proto proto, int concurrency) {
    dev.fanout.fetch.Fetcher fetcher =
        dev.fanout.fetch.Fetcher.create(
            dev.fanout.fetch.FetchOptions.builder()
                .concurrency(concurrency)
                .retries(0)
                .insecure(true)
                .h2c(proto == Proto.H2C)
                .build());
    return new Client() {
      @Override
      public int get(URI uri) throws Exception {
        return switch (fetcher.fetch(uri.toString())) {
          case dev.fanout.fetch.FetchResult.Response r -> r.status();
          case dev.fanout.fetch.FetchResult.Failure f ->
              throw new java.io.IOException(f.kind().label() + ": " + f.message());
        };
      }

      @Override
      public void close() {
        fetcher.close();
      }
    };
  }

  static SSLContext trustAll() throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return context;
  }
}
