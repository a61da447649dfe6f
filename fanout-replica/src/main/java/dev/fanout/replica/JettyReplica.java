package dev.fanout.replica;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/** The replica on Jetty 12's core API (see docs/decisions for why Jetty and why no servlets). */
final class JettyReplica implements Replica {
  private final Server server;
  private final ServerConnector connector;
  private final LiveDataset dataset;
  private final Stats stats;
  private final URI baseUri;
  private final Path certificate;

  private JettyReplica(
      Server server,
      ServerConnector connector,
      LiveDataset dataset,
      Stats stats,
      boolean tls,
      String host,
      Path certificate) {
    this.server = server;
    this.connector = connector;
    this.dataset = dataset;
    this.stats = stats;
    this.certificate = certificate;
    String h = host.contains(":") ? "[" + host + "]" : host;
    this.baseUri =
        URI.create((tls ? "https" : "http") + "://" + h + ":" + connector.getLocalPort());
  }

  static JettyReplica start(ReplicaConfig config) throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(256, 4);
    pool.setName("replica");
    pool.setDaemon(true);
    Scheduler scheduler = new ScheduledExecutorScheduler("replica-timer", true, 1);
    Server server = new Server(pool, scheduler, null);
    server.setStopTimeout(0);

    Protocols protocols = protocols(config, httpConfiguration());
    ServerConnector connector = connector(server, config, protocols.factories());
    server.addConnector(connector);

    LiveDataset dataset = new LiveDataset(config.dataset());
    Stats stats = new Stats();
    Holds holds = new Holds();
    server.addBean(holds, true);
    server.setHandler(new Router(config, dataset, stats, holds));
    startOrExplain(server, config);
    // The synthetic catalog's counts take a moment: compute them soon, off the caller's path and
    // after start-up's own work (a caller that asks first computes them itself).
    scheduler.schedule(
        () -> pool.execute(dataset::catalog), 1, java.util.concurrent.TimeUnit.SECONDS);
    return new JettyReplica(
        server, connector, dataset, stats, config.tls(), config.host(), protocols.certificate());
  }

  private static HttpConfiguration httpConfiguration() {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setSendDateHeader(true);
    http.setRequestHeaderSize(16 * 1024);
    return http;
  }

  /** The connector's protocol stack, and the certificate file written when it speaks TLS. */
  private record Protocols(ConnectionFactory[] factories, Path certificate) {}

  /** TLS: ALPN between h2 and HTTP/1.1 over a fresh self-signed certificate; else cleartext h2c. */
  private static Protocols protocols(ReplicaConfig config, HttpConfiguration http)
      throws IOException {
    if (config.tls()) {
      SelfSignedCertificate cert =
          SelfSignedCertificate.create(config.host(), config.tlsHostnames());
      Path certificate = cert.writePem(config.certificateOut());
      http.addCustomizer(new SecureRequestCustomizer(false));
      HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
      h2.setMaxConcurrentStreams(config.maxStreams());
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
      alpn.setDefaultProtocol("http/1.1");
      return new Protocols(
          new ConnectionFactory[] {
            new SslConnectionFactory(cert.sslContextFactory(), alpn.getProtocol()),
            alpn,
            h2,
            new HttpConnectionFactory(http)
          },
          certificate);
    }
    // HTTP/1.1 first: it also recognises the h2c preface (prior knowledge) and Upgrade: h2c.
    HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
    h2c.setMaxConcurrentStreams(config.maxStreams());
    return new Protocols(new ConnectionFactory[] {new HttpConnectionFactory(http), h2c}, null);
  }

  private static ServerConnector connector(
      Server server, ReplicaConfig config, ConnectionFactory[] factories) {
    ServerConnector connector = new ServerConnector(server, 1, -1, factories);
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setAcceptQueueSize(config.acceptQueue());
    connector.setReuseAddress(true);
    connector.setIdleTimeout(120_000);
    return connector;
  }

  /** Starts {@code server}, or stops it and says why it could not listen. */
  private static void startOrExplain(Server server, ReplicaConfig config) throws IOException {
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      throw new IOException(
          "cannot listen on "
              + config.host()
              + ":"
              + config.port()
              + ": "
              + e.getMessage()
              + (config.port() != 0 ? " (is the port in use? try --port 0)" : ""),
          e);
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("replica failed to start: " + e, e);
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception ignored) {
      // already failing: the start error is the one to report
    }
  }

  @Override
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public URI apiUri() {
    return URI.create(baseUri + "/v0");
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public Catalog catalog() {
    return dataset.catalog();
  }

  @Override
  public ReplicaStats stats() {
    return stats.snapshot();
  }

  @Override
  public void append(String itemJson) {
    dataset.append(itemJson);
  }

  @Override
  public Optional<Path> certificate() {
    return Optional.ofNullable(certificate);
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  @Override
  public String toString() {
    return "Replica[" + baseUri + "]";
  }
}
