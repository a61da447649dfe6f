package dev.fanout.examples;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * In [55] and [60]: the talk's {@code self.fetch_counter += 1} is safe on asyncio's single thread.
 * On virtual threads, which run on several carriers at once and can be switched between any two
 * instructions, the same line loses updates.
 */
public final class DataRace {
  static final int THREADS = 100;
  static final int FETCHES = 1_000;

  private DataRace() {}

  // doc:begin
  /** The talk's URLFetcher counter, three ways. */
  static final class UrlFetcher {
    long fetchCounter; // self.fetch_counter = 0
    final AtomicLong atomicCounter = new AtomicLong();
    final LongAdder adderCounter = new LongAdder(); // best when many threads add and few read

    void fetch() {
      // `fetchCounter += 1` is a read, an add and a write. Another core, or the OS preempting this
      // carrier, can come between them at any time; the yield makes that happen on every call.
      long read = fetchCounter;
      Thread.yield();
      fetchCounter = read + 1;

      atomicCounter.incrementAndGet(); // one indivisible step
      adderCounter.increment();
    }
  }

  public static void main(String[] args) {
    UrlFetcher fetcher = new UrlFetcher();
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < THREADS; t++) {
        scheduler.submit(
            () -> {
              for (int i = 0; i < FETCHES; i++) {
                fetcher.fetch();
              }
            });
      }
    }
    long expected = (long) THREADS * FETCHES;
    System.out.println("expected fetches: " + expected);
    System.out.println("long += 1 lost updates: " + (fetcher.fetchCounter < expected));
    System.out.println("AtomicLong: " + fetcher.atomicCounter.get());
    System.out.println("LongAdder:  " + fetcher.adderCounter.sum());
  }
  // doc:end
}
