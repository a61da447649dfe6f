package dev.fanout.examples;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** In [12]–[13]: run two tasks together and collect their results in order. */
public final class GatherFooBar {
  private GatherFooBar() {}

  // doc:begin
  public static void main(String[] args) throws Exception {
    Thread.ofVirtual()
        .start(GatherFooBar::gather)
        .join(); // the caller runs as a task too, as in asyncio
  }

  static void gather() {
    Callable<Integer> foo =
        () -> {
          System.out.println("Executing foo");
          return 1;
        };
    Callable<Integer> bar =
        () -> {
          System.out.println("Executing bar");
          return 2;
        };
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      // invokeAll is gather: it starts every task and returns when all are done, in input order.
      List<Future<Integer>> grouped = scheduler.invokeAll(List.of(foo, bar));
      List<Integer> results = grouped.stream().map(Future::resultNow).toList();
      System.out.println("The results are: " + results);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
  // doc:end
}
