package dev.fanout.examples;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * In [55] and [60]: the talk's {@code self.fetch_counter += 1} is safe on asyncio's single thread. On
 * virtual threads, which run on several carriers at once, the same line loses updates.
 */
public final class DataRace {
  static final int THREADS = 1_000;
  static final int FETCHES = 1_000;

  private DataRace() {}

  // doc:begin
  /** The talk's URLFetcher counter, three ways. */
  static final class UrlFetcher {
    long fetchCounter;                             // self.fetch_counter = 0
    final AtomicLong atomicCounter = new AtomicLong();
    final LongAdder adderCounter = new LongAdder(); // best when many threads add and few read

    void fetch() {
      fetchCounter += 1;                           // read, add, write: another thread can interleave
      atomicCounter.incrementAndGet();
      adderCounter.increment();
    }
  }

  public static void main(String[] args) {
    long expected = (long) THREADS * FETCHES;
    boolean lost = false;
    for (int round = 1; round <= 20 && !lost; round++) { // a race shows only when threads collide
      UrlFetcher fetcher = new UrlFetcher();
      try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int t = 0; t < THREADS; t++) {
          scheduler.submit(() -> {
            for (int i = 0; i < FETCHES; i++) {
              fetcher.fetch();
            }
          });
        }
      }
      lost = fetcher.fetchCounter < expected;
      if (lost || round == 20) {
        System.out.println("expected fetches: " + expected);
        System.out.println("long += 1 lost updates: " + lost);
        System.out.println("AtomicLong: " + fetcher.atomicCounter.get());
        System.out.println("LongAdder:  " + fetcher.adderCounter.sum());
      }
    }
  }
  // doc:end
}
