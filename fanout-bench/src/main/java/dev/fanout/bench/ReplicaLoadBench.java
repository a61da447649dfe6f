package dev.fanout.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;

/**
 * Fires N requests at a running replica all at once and times how long until the last answer
 * (acceptance 5 of the replica's issue: with {@code --latency 50ms}, 10,000 over h2c and 5,000 over
 * HTTP/1.1 in under 1.5 s). h2c uses one connection multiplexing every request (prior knowledge);
 * HTTP/1.1 opens one connection per request in flight. Each round asks for distinct item ids.
 *
 * <p>Run: {@code fanout-bench/replica.sh} (starts the replica in its own process, then this), or by
 * hand: {@code java -cp ... dev.fanout.bench.ReplicaLoadBench http://127.0.0.1:PORT h2c 10000
 * [rounds=3]}.
 */
public final class ReplicaLoadBench {
  private ReplicaLoadBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: ReplicaLoadBench BASE_URL h2c|h1 REQUESTS [ROUNDS] [FIRST_ID]");
      System.exit(2);
    }
    URI base = URI.create(args[0]);
    String protocol = args[1];
    int requests = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    long firstId = args.length > 4 ? Long.parseLong(args[4]) : 200_000;
    try (Client client = Client.of(protocol, requests)) {
      // Warm-up: JIT on both sides and the first touch of the threads these ids belong to.
      round(client.http, base, firstId, requests);
      double[] seconds = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        Result res = round(client.http, base, firstId + (long) (r + 1) * requests, requests);
        seconds[r] = res.seconds;
        System.out.printf(
            "%s: %d concurrent requests in %.3f s (%.0f req/s), %d failed, %d connection(s)%n",
            protocol,
            requests,
            res.seconds,
            requests / res.seconds,
            res.failed,
            client.connections(base));
      }
      Arrays.sort(seconds);
      System.out.printf(
          "%s %d: best %.3f s, median %.3f s over %d rounds%n",
          protocol, requests, seconds[0], seconds[rounds / 2], rounds);
    }
  }

  record Result(double seconds, int failed) {}

  static Result round(HttpClient http, URI base, long firstId, int requests)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(requests);
    AtomicInteger failed = new AtomicInteger();
    long t0 = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      http.newRequest(base.resolve("/v0/item/" + (firstId + i) + ".json"))
          .timeout(30, TimeUnit.SECONDS)
          .send(
              result -> {
                if (result.isFailed() || result.getResponse().getStatus() != 200) {
                  if (failed.incrementAndGet() == 1) {
                    System.err.println(
                        "first failure: "
                            + (result.isFailed()
                                ? result.getFailure()
                                : "HTTP " + result.getResponse().getStatus()));
                  }
                }
                done.countDown();
              });
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "round did not finish in 60 s: " + done.getCount() + " outstanding");
    }
    return new Result((System.nanoTime() - t0) / 1e9, failed.get());
  }

  /** A Jetty client set up for one protocol. */
  record Client(HttpClient http) implements AutoCloseable {
    static Client of(String protocol, int requests) throws Exception {
      ClientConnector connector = new ClientConnector();
      connector.setSelectors(1);
      HttpClient http =
          switch (protocol) {
            case "h2c" -> {
              HttpClient c =
                  new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)));
              c.setMaxConnectionsPerDestination(1);
              yield c;
            }
            case "h1" -> {
              HttpClient c = new HttpClient(new HttpClientTransportOverHTTP(connector));
              c.setMaxConnectionsPerDestination(requests);
              yield c;
            }
            default ->
                throw new IllegalArgumentException("protocol must be h2c or h1: " + protocol);
          };
      http.setMaxRequestsQueuedPerDestination(requests * 2);
      http.setConnectTimeout(10_000);
      http.setFollowRedirects(false);
      http.start();
      return new Client(http);
    }

    int connections(URI base) {
      List<Integer> n = new ArrayList<>();
      http.getDestinations()
          .forEach(
              d ->
                  n.add(
                      d.getConnectionPool()
                              instanceof org.eclipse.jetty.client.AbstractConnectionPool p
                          ? p.getConnectionCount()
                          : -1));
      return n.stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void close() throws Exception {
      http.stop();
    }
  }
}
