package dev.fanout.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * In [55]: {@code with async_timeout.timeout(FETCH_TIMEOUT)} as a request timeout, or a timed wait.
 */
public final class Timeouts {
  private Timeouts() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      main(internet.client());
    }
  }

  // doc:begin
  static void main(HttpClient client) throws Exception {
    // 1. The request carries its own deadline (www.meetup.com answers after 300 ms).
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://www.meetup.com/LondonPython/"))
            .timeout(Duration.ofMillis(100))
            .build();
    try {
      client.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      System.out.println(
          "request timeout: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    // 2. Any blocking call: wait for its Future at most so long, then cancel it.
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Talk.Timed> slow =
          scheduler.submit(() -> Talk.fetch(client, "http://aiohttp.readthedocs.io/"));
      try {
        slow.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        slow.cancel(true); // interrupts the virtual thread; HttpClient.send aborts the exchange
        System.out.println(
            "Future.get(100 ms): TimeoutException; cancelled, state=" + slow.state());
      }
    }
  }
  // doc:end
}
