package dev.fanout.consumer;

import com.sun.net.httpserver.HttpServer;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** gather() of three loopback URLs through the published library; exits 1 unless all are 200. */
public final class GatherThree {
  public static void main(String[] args) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestURI().getPath().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    int port = server.getAddress().getPort();
    List<String> urls =
        List.of(
            "http://127.0.0.1:" + port + "/one",
            "http://127.0.0.1:" + port + "/two",
            "http://127.0.0.1:" + port + "/three");
    int ok = 0;
    try (Fetcher fetcher = Fetcher.create(FetchOptions.builder().build())) {
      for (FetchResult result : fetcher.gather(urls)) {
        String outcome =
            switch (result) {
              case FetchResult.Response r -> r.status() + " " + r.reason();
              case FetchResult.Failure f -> f.kind().label() + ": " + f.message();
            };
        System.out.println(result.url() + " " + outcome);
        if (result instanceof FetchResult.Response r && r.status() == 200) {
          ok++;
        }
      }
    } finally {
      server.stop(0);
    }
    System.out.println("consumer: " + ok + " of 3 fetched");
    System.exit(ok == 3 ? 0 : 1);
  }
}
