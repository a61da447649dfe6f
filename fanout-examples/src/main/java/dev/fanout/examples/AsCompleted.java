package dev.fanout.examples;

import dev.fanout.examples.Talk.Timed;
import java.net.http.HttpClient;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** In [32]–[33]: print each response as soon as it arrives. */
public final class AsCompleted {
  private AsCompleted() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      main(internet.client());
    }
  }

  // doc:begin
  static void main(HttpClient client) throws Exception {
    long start = System.nanoTime();
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<Timed> completed = new ExecutorCompletionService<>(scheduler);
      for (String url : LoopbackInternet.URLS) {
        completed.submit(() -> Talk.fetch(client, url));
      }
      for (int i = 0; i < LoopbackInternet.URLS.size(); i++) {
        Timed timed = completed.take().get(); // take() hands out futures that are already done
        Talk.printResponse(timed, true);
      }
    }
    System.out.printf("%nFetching all results took: %.3f seconds%n", Talk.secondsSince(start));
  }
  // doc:end
}
