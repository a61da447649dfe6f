package dev.fanout.examples;

import dev.fanout.examples.Talk.Timed;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** In [26]–[31]: one virtual thread per URL; the total is about the slowest request. */
public final class Gather {
  private Gather() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      main(internet.client());
    }
  }

  // doc:begin
  static void main(HttpClient client) throws Exception {
    List<Callable<Timed>> tasks =
        LoopbackInternet.URLS.stream()
            .<Callable<Timed>>map(url -> () -> Talk.fetch(client, url))
            .toList();
    long start = System.nanoTime();
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Timed>> responses = scheduler.invokeAll(tasks); // asyncio.gather(*coros)
      for (Future<Timed> response : responses) {
        Talk.printResponse(response.resultNow(), true); // all printed at the end, in input order
      }
    }
    System.out.printf("%nFetching all results took: %.3f seconds%n", Talk.secondsSince(start));
  }
  // doc:end
}
