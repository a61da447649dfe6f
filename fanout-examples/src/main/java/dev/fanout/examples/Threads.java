package dev.fanout.examples;

import dev.fanout.examples.Talk.Timed;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/** In [48]–[51]: "I could do that with threads" — yes; and what a platform thread costs. */
public final class Threads {
  private Threads() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      mainThreads(internet.client());
    }
    System.out.println();
    costOfWaiting(2_000, Duration.ofMillis(50), 100);
  }

  // doc:begin
  static void mainThreads(HttpClient client) throws InterruptedException {
    List<String> urls = LoopbackInternet.URLS_WITH_BAD_ONE;
    long start = System.nanoTime();
    List<Future<Timed>> results;
    try (ExecutorService executor = Executors.newFixedThreadPool(urls.size())) { // platform threads
      results = urls.stream().map(url -> executor.submit(() -> Talk.fetch(client, url))).toList();
    }
    System.out.printf("Fetching all results took: %.3f seconds%n%n", Talk.secondsSince(start));
    for (int i = 0; i < urls.size(); i++) {
      Future<Timed> result = results.get(i);
      if (result.state() == Future.State.FAILED) {
        System.out.println(
            "Error retrieving URL "
                + urls.get(i)
                + ": "
                + result.exceptionNow().getClass().getSimpleName());
      } else {
        Talk.printResponse(result.resultNow(), false);
      }
    }
  }

  /**
   * Many waits at once: a platform thread each is too dear, so a pool queues them; virtual threads
   * don't.
   */
  static void costOfWaiting(int tasks, Duration wait, int poolSize) {
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(poolSize)) {
      IntStream.range(0, tasks).forEach(i -> pool.submit(() -> sleep(wait)));
    }
    System.out.printf(
        "%d waits of %d ms on %d platform threads: %.3f seconds%n",
        tasks, wait.toMillis(), poolSize, Talk.secondsSince(start));
    start = System.nanoTime();
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      IntStream.range(0, tasks).forEach(i -> virtual.submit(() -> sleep(wait)));
    }
    System.out.printf(
        "%d waits of %d ms on %d virtual threads: %.3f seconds%n",
        tasks, wait.toMillis(), tasks, Talk.secondsSince(start));
  }

  // doc:end

  private static Void sleep(Duration wait) throws InterruptedException {
    Thread.sleep(wait);
    return null;
  }
}
