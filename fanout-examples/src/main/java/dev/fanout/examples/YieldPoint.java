package dev.fanout.examples;

import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In [14]–[16]: {@code await asyncio.sleep(0)} is {@code Thread.yield()}. Run with {@code
 * -Djdk.virtualThreadScheduler.parallelism=1} so that, like the event loop, one carrier thread runs
 * every virtual thread and the interleaving is the talk's.
 */
public final class YieldPoint {
  private YieldPoint() {}

  // doc:begin
  public static void main(String[] args) throws Exception {
    warmUp(); // see the end of the file
    // Like run_until_complete, the caller is itself a task on the scheduler: the tasks it submits
    // queue behind it and start only once it waits, in the order they were submitted.
    Thread.ofVirtual().start(YieldPoint::gather).join();
    LOG.forEach(System.out::println);
  }

  /**
   * Printing is file I/O, during which the scheduler lends a blocked virtual thread an extra
   * carrier; the tasks log to memory instead, so that one carrier really runs them all.
   */
  static final Queue<String> LOG = new ConcurrentLinkedQueue<>();

  static final Set<String> CARRIERS = ConcurrentHashMap.newKeySet();

  static void say(String line) {
    LOG.add(line);
    CARRIERS.add(carrier());
  }

  static void gather() {
    Callable<Integer> foo =
        () -> {
          say("Executing foo");
          Thread.yield(); // explicit context switch to another scheduled task
          say("foo back from sleeping");
          return 1;
        };
    Callable<Integer> bar =
        () -> {
          say("Executing bar");
          Thread.yield();
          say("bar back from sleeping");
          return 2;
        };
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> grouped = scheduler.invokeAll(List.of(foo, bar));
      say("The results are: " + grouped.stream().map(Future::resultNow).toList());
      say("Carrier threads used: " + CARRIERS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The carrier's name: a virtual thread's toString ends with "@ForkJoinPool-1-worker-1". */
  static String carrier() {
    String self = Thread.currentThread().toString();
    return self.substring(self.indexOf('@') + 1);
  }

  // doc:end

  /** Loads the classes the demonstration needs first: class loading is file I/O too. */
  private static void warmUp() throws InterruptedException {
    Thread.ofVirtual()
        .start(
            () -> {
              Thread.yield();
              say("warm-up");
            })
        .join();
    LOG.clear();
    CARRIERS.clear();
  }
}
