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

/** In [39]–[47]: handle the bad URL and keep going, under each strategy. */
public final class ErrorHandling {
  private ErrorHandling() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      HttpClient client = internet.client();
      System.out.println("### sequential");
      sequential(client);
      System.out.println("### as completed");
      asCompleted(client);
      System.out.println("### gather that keeps going (return_exceptions=True)");
      gatherKeepsGoing(client);
      System.out.println("### gather into a sealed result type");
      gatherSealed(client);
    }
  }

  // doc:begin
  static void sequential(HttpClient client) throws InterruptedException {
    for (String url : LoopbackInternet.URLS_WITH_BAD_ONE) {
      try {
        Talk.printResponse(Talk.fetch(client, url), false);
      } catch (java.io.IOException e) {
        System.out.println("Error retrieving URL " + url + ": " + e.getClass().getSimpleName());
      }
    }
  }

  static void asCompleted(HttpClient client) throws InterruptedException {
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<Timed> completed = new ExecutorCompletionService<>(scheduler);
      LoopbackInternet.URLS_WITH_BAD_ONE.forEach(
          url -> completed.submit(() -> Talk.fetch(client, url)));
      for (int i = 0; i < LoopbackInternet.URLS_WITH_BAD_ONE.size(); i++) {
        try {
          Talk.printResponse(completed.take().get(), false);
        } catch (ExecutionException e) {
          System.out.println("Error retrieving URL: " + e.getCause().getClass().getSimpleName());
        }
      }
    }
  }

  /** invokeAll never throws a task's exception: each Future holds a result or an exception. */
  static void gatherKeepsGoing(HttpClient client) throws InterruptedException {
    List<String> urls = LoopbackInternet.URLS_WITH_BAD_ONE;
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Timed>> results =
          scheduler.invokeAll(
              urls.stream().<Callable<Timed>>map(url -> () -> Talk.fetch(client, url)).toList());
      for (int i = 0; i < urls.size(); i++) { // zip(urls, results)
        Future<Timed> result = results.get(i);
        switch (result.state()) {
          case SUCCESS -> Talk.printResponse(result.resultNow(), false);
          case FAILED ->
              System.out.println(
                  "Error retrieving URL "
                      + urls.get(i)
                      + ": "
                      + result.exceptionNow().getClass().getSimpleName());
          case CANCELLED, RUNNING ->
              throw new AssertionError("invokeAll returns only done futures");
        }
      }
    }
  }

  /**
   * The same with the outcome as a closed type: the compiler checks that both cases are handled.
   */
  sealed interface Outcome permits Fetched, Failed {}

  record Fetched(Timed timed) implements Outcome {}

  record Failed(String url, Exception error) implements Outcome {}

  static Outcome outcome(HttpClient client, String url) throws InterruptedException {
    try {
      return new Fetched(Talk.fetch(client, url));
    } catch (java.io.IOException e) {
      return new Failed(url, e);
    }
  }

  static void gatherSealed(HttpClient client) throws InterruptedException {
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Outcome>> results =
          scheduler.invokeAll(
              LoopbackInternet.URLS_WITH_BAD_ONE.stream()
                  .<Callable<Outcome>>map(url -> () -> outcome(client, url))
                  .toList());
      for (Future<Outcome> result : results) {
        switch (result.resultNow()) {
          case Fetched(Timed timed) -> Talk.printResponse(timed, false);
          case Failed(String url, Exception error) ->
              System.out.println(
                  "Error retrieving URL " + url + ": " + error.getClass().getSimpleName());
        }
      }
    }
  }
  // doc:end
}
