package dev.fanout.examples;

import dev.fanout.examples.Talk.Timed;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** In [35]–[38]: one bad URL, and no error handling, under each strategy. */
public final class Oops {
  private Oops() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      HttpClient client = internet.client();
      System.out.println("### sequential");
      sequential(client);
      System.out.println("### gather (invokeAll)");
      gather(client);
      System.out.println("### as completed");
      asCompleted(client);
    }
  }

  // doc:begin
  static void sequential(HttpClient client) throws InterruptedException {
    try {
      for (String url : LoopbackInternet.URLS_WITH_BAD_ONE) {
        Talk.printResponse(Talk.fetch(client, url), false);
      }
    } catch (java.io.IOException e) { // the loop stops at the bad URL: the rest is never fetched
      System.out.println(e);
    }
  }

  static void gather(HttpClient client) throws InterruptedException {
    long start = System.nanoTime();
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Callable<Timed>> tasks =
          LoopbackInternet.URLS_WITH_BAD_ONE.stream()
              .<Callable<Timed>>map(url -> () -> Talk.fetch(client, url))
              .toList();
      for (Future<Timed> response : scheduler.invokeAll(tasks)) {
        Talk.printResponse(response.get(), false); // get() throws for the bad URL
      }
    } catch (ExecutionException e) {
      // unlike asyncio.gather, invokeAll waited for every task before anything could throw
      System.out.printf("%s after %.3f seconds%n", e.getCause(), Talk.secondsSince(start));
    }
  }

  static void asCompleted(HttpClient client) throws InterruptedException {
    long start = System.nanoTime();
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<Timed> completed = new ExecutorCompletionService<>(scheduler);
      LoopbackInternet.URLS_WITH_BAD_ONE.forEach(
          url -> completed.submit(() -> Talk.fetch(client, url)));
      for (int i = 0; i < LoopbackInternet.URLS_WITH_BAD_ONE.size(); i++) {
        Talk.printResponse(completed.take().get(), false);
      }
    } catch (ExecutionException e) {
      // the refused connection completes first; close() above still waited for the other six
      System.out.printf("%s after %.3f seconds%n", e.getCause(), Talk.secondsSince(start));
    }
  }
  // doc:end
}
