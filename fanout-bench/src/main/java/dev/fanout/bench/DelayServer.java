package dev.fanout.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A plain Jetty 12 loopback server for benchmarks that must not depend on the replica: {@code
 * /delay/{ms}} answers 200 with a small body after {@code ms} milliseconds, without holding a
 * thread while it waits. Speaks HTTP/1.1 and h2c (prior knowledge and Upgrade) on one port, and
 * optionally HTTP/2 + HTTP/1.1 over TLS (ALPN) on a second, with a self-signed certificate made by
 * keytool.
 *
 * <p>Standalone, for benches whose server must run in another process: {@code java -cp ...
 * dev.fanout.bench.DelayServer [--port N] [--max-streams N] [--tls] [--idle-timeout-ms N]} prints
 * {@code listening http://127.0.0.1:PORT [https://127.0.0.1:PORT]} and serves until killed (or its
 * stdin closes, so it never outlives the bench that started it).
 */
public final class DelayServer implements AutoCloseable {
  private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

  private final Server server;
  private final ServerConnector plain;
  private final ServerConnector tls;
  private final ScheduledExecutorService timer;

  private DelayServer(int port, int maxStreams, Path keyStore, long idleTimeoutMs)
      throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(64, 8);
    pool.setName("delay-server");
    server = new Server(pool);
    timer =
        Executors.newScheduledThreadPool(2, dev.fanout.internal.Threads.platform("delay-timer"));
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
    h2c.setMaxConcurrentStreams(maxStreams);
    plain = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config), h2c);
    plain.setHost("127.0.0.1");
    plain.setPort(port);
    plain.setAcceptQueueSize(4096);
    plain.setIdleTimeout(idleTimeoutMs);
    server.addConnector(plain);
    if (keyStore != null) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(keyStore.toString());
      ssl.setKeyStorePassword("changeit");
      HttpConfiguration secure = new HttpConfiguration(config);
      SecureRequestCustomizer customizer = new SecureRequestCustomizer();
      customizer.setSniHostCheck(false);
      secure.addCustomizer(customizer);
      HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(secure);
      h2.setMaxConcurrentStreams(maxStreams);
      ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
      alpn.setDefaultProtocol("http/1.1");
      tls =
          new ServerConnector(
              server,
              1,
              1,
              new SslConnectionFactory(ssl, alpn.getProtocol()),
              alpn,
              h2,
              new HttpConnectionFactory(secure));
      tls.setHost("127.0.0.1");
      tls.setPort(0);
      tls.setAcceptQueueSize(4096);
      tls.setIdleTimeout(idleTimeoutMs);
      server.addConnector(tls);
    } else {
      tls = null;
    }
    server.setHandler(new Delay());
    server.start();
  }

  /** Starts on {@code port} (0 = any) with the given HTTP/2 stream limit; TLS when {@code tls}. */
  public static DelayServer start(int port, int maxStreams, boolean tls) throws Exception {
    return start(port, maxStreams, tls, 30_000);
  }

  /** As {@link #start(int, int, boolean)}, closing connections idle for {@code idleTimeoutMs}. */
  public static DelayServer start(int port, int maxStreams, boolean tls, long idleTimeoutMs)
      throws Exception {
    return new DelayServer(port, maxStreams, tls ? selfSigned() : null, idleTimeoutMs);
  }

  public int port() {
    return plain.getLocalPort();
  }

  /** The TLS port, or -1 without TLS. */
  public int tlsPort() {
    return tls == null ? -1 : tls.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      timer.shutdownNow();
    }
  }

  private static Path selfSigned() throws Exception {
    Path dir = Files.createTempDirectory("delay-server");
    Path store = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + new String(out, StandardCharsets.UTF_8));
    }
    store.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    return store;
  }

  private final class Delay extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      long ms = 0;
      if (path.startsWith("/delay/")) {
        try {
          ms = Long.parseLong(path.substring("/delay/".length()));
        } catch (NumberFormatException e) {
          Response.writeError(request, response, callback, 400, "bad delay: " + path);
          return true;
        }
      }
      Runnable answer =
          () -> {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
            response.write(true, ByteBuffer.wrap(BODY), callback);
          };
      if (ms <= 0) {
        answer.run();
      } else {
        timer.schedule(answer, ms, TimeUnit.MILLISECONDS);
      }
      return true;
    }
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    int maxStreams = 1024;
    boolean tls = false;
    long idle = 30_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--max-streams" -> maxStreams = Integer.parseInt(args[++i]);
        case "--tls" -> tls = true;
        case "--idle-timeout-ms" -> idle = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    DelayServer server = start(port, maxStreams, tls, idle);
    System.out.println(
        "listening http://127.0.0.1:"
            + server.port()
            + (tls ? " https://127.0.0.1:" + server.tlsPort() : ""));
    System.out.flush();
    while (System.in.read() >= 0) {
      // Serve until the parent closes our stdin (or dies).
    }
    server.close();
  }
}
