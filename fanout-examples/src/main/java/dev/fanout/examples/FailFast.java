package dev.fanout.examples;

import dev.fanout.examples.Talk.Timed;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What asyncio.gather does on the first exception, done on purpose: stop waiting and cancel the
 * rest.
 */
public final class FailFast {
  private FailFast() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      main(internet.client());
    }
  }

  // doc:begin
  static void main(HttpClient client) throws InterruptedException {
    long start = System.nanoTime();
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletionService<Timed> completed = new ExecutorCompletionService<>(scheduler);
      List<Future<Timed>> tasks = new ArrayList<>();
      for (String url : LoopbackInternet.URLS_WITH_BAD_ONE) {
        tasks.add(completed.submit(() -> Talk.fetch(client, url)));
      }
      try {
        for (int i = 0; i < tasks.size(); i++) {
          Talk.printResponse(completed.take().get(), false);
        }
      } catch (ExecutionException e) {
        // cancel(true) interrupts the task's thread, and HttpClient.send aborts its exchange
        long cancelled = tasks.stream().filter(task -> task.cancel(true)).count();
        System.out.printf(
            "Error retrieving URLs: %s; cancelled the %d still running%n",
            e.getCause().getClass().getSimpleName(), cancelled);
      }
    } // close() waits for the cancelled tasks to end: nothing outlives this block
    System.out.printf(
        "Done after %.3f seconds (the slowest URL takes 0.600)%n", Talk.secondsSince(start));
  }
  // doc:end
}
