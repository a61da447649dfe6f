package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetchers made one after another from one pool reuse the connections of the earlier ones. */
class ClientPoolTest {
  private Server server;
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final CountDownLatch slowAborted = new CountDownLatch(1);
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.addEventListener(
        new Connection.Listener() {
          @Override
          public void onOpened(Connection connection) {
            connections.incrementAndGet();
          }
        });
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(
              org.eclipse.jetty.server.Request request, Response response, Callback callback)
              throws Exception {
            if (request.getHttpURI().getPath().equals("/slow")) {
              slowStarted.countDown();
              // Held until the client goes away: the server sees the abort as a failed write.
              for (int i = 0; i < 200; i++) {
                Thread.sleep(50);
                Callback.Completable wrote = new Callback.Completable();
                response.write(false, java.nio.ByteBuffer.wrap(new byte[] {'.'}), wrote);
                try {
                  wrote.get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                  slowAborted.countDown();
                  break;
                }
              }
              callback.succeeded();
              return true;
            }
            response.setStatus(200);
            response.write(true, StandardCharsets.UTF_8.encode("ok"), callback);
            return true;
          }
        });
    server.start();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private static FetchOptions options() {
    return FetchOptions.builder().retries(0).build();
  }

  @Test
  void aLaterFetcherWithEqualOptionsReusesTheOpenConnection() throws Exception {
    try (ClientPool pool = ClientPool.create(Duration.ofMinutes(1), 4)) {
      for (int i = 0; i < 3; i++) {
        try (Fetcher fetcher = Fetcher.create(options(), pool)) {
          FetchResult r = fetcher.fetch(base + "/a", false, ResponseCheck.ACCEPT_ALL);
          assertThat(r)
              .isInstanceOfSatisfying(
                  FetchResult.Response.class, ok -> assertThat(ok.status()).isEqualTo(200));
        }
      }
      assertThat(connections.get()).as("one connection for three fetchers").isEqualTo(1);
      assertThat(pool.size()).isEqualTo(1);
    }
  }

  @Test
  void fetchersWithOtherOptionsOrCookiesGetClientsOfTheirOwn() throws Exception {
    try (ClientPool pool = ClientPool.create(Duration.ofMinutes(1), 4)) {
      try (Fetcher a = Fetcher.create(options(), pool)) {
        a.fetch(base + "/a", false, ResponseCheck.ACCEPT_ALL);
      }
      FetchOptions other = FetchOptions.builder().retries(0).insecure(true).build();
      try (Fetcher b = Fetcher.create(other, pool)) {
        b.fetch(base + "/b", false, ResponseCheck.ACCEPT_ALL);
      }
      FetchOptions cookies = FetchOptions.builder().retries(0).cookies(true).build();
      try (Fetcher c = Fetcher.create(cookies, pool)) {
        c.fetch(base + "/c", false, ResponseCheck.ACCEPT_ALL);
      }
      assertThat(connections.get()).isEqualTo(3);
      assertThat(pool.size()).as("the cookie-keeping fetcher's client is not kept").isEqualTo(2);
    }
  }

  @Test
  void aChangedCacertFileIsOtherTrust(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path cacert = dir.resolve("ca.pem");
    Files.writeString(cacert, pem());
    FetchOptions withCa = FetchOptions.builder().retries(0).cacert(cacert).build();
    try (ClientPool pool = ClientPool.create(Duration.ofMinutes(1), 4)) {
      Fetcher.create(withCa, pool).close();
      Fetcher.create(withCa, pool).close();
      assertThat(pool.size()).isEqualTo(1);
      Files.writeString(cacert, pem() + "\n");
      Fetcher.create(withCa, pool).close();
      assertThat(pool.size()).as("the file changed: a client with the new trust").isEqualTo(2);
    }
  }

  @Test
  void closingAFetcherAbortsItsRequestsInFlightOnTheSharedClient() throws Exception {
    try (ClientPool pool = ClientPool.create(Duration.ofMinutes(1), 4)) {
      Fetcher fetcher = Fetcher.create(options(), pool);
      CompletableFuture<FetchResult> slow =
          fetcher.fetchAsync(Request.get(base + "/slow"), false, ResponseCheck.ACCEPT_ALL);
      assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
      fetcher.close();
      // The server would go on for 10 s: only an abort ends it this soon.
      FetchResult result = slow.get(3, TimeUnit.SECONDS);
      assertThat(result).isInstanceOf(FetchResult.Failure.class);
      assertThat(slowAborted.await(3, TimeUnit.SECONDS)).as("the server saw it go").isTrue();
      assertThat(pool.size()).as("the client itself stays for the next fetcher").isEqualTo(1);
    }
  }

  @Test
  void idleClientsAreStoppedAndAtMostMaxAreKept() throws Exception {
    try (ClientPool pool = ClientPool.create(Duration.ZERO, 1)) {
      Fetcher.create(options(), pool).close();
      Fetcher.create(FetchOptions.builder().retries(1).build(), pool).close();
      assertThat(pool.size()).isLessThanOrEqualTo(1);
    }
  }

  /** A self-signed certificate's PEM: the TLS replica's. */
  private static String pem() throws Exception {
    try (var tls =
        dev.fanout.replica.Replica.start(
            dev.fanout.replica.ReplicaConfig.builder()
                .dataset(dev.fanout.replica.Dataset.of(java.util.List.of()))
                .tls(true)
                .build())) {
      return Files.readString(tls.certificate().orElseThrow());
    }
  }
}
