package dev.fanout.fetch;

import dev.fanout.internal.Threads;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One run of a batch: reads URLs lazily, admits each when a global slot is free (so at most {@code
 * concurrency} tasks exist at once), runs it on a virtual thread (or a platform pool for {@link
 * Strategy#THREADS}) and hands results to the sink in the strategy's order, one at a time.
 */
final class Batch {
  private static final Duration POLL = Duration.ofMillis(50);

  private final RealFetcher fetcher;
  private final Strategy strategy;
  private final boolean failFast;
  private final int threads;
  private final Consumer<? super FetchResult> sink;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock:
  private final Map<Integer, FetchResult> pending = new HashMap<>();
  private final List<FetchResult> gathered = new ArrayList<>();
  private int nextToDeliver;
  private int responses;
  private int failures;
  private volatile boolean stopped;

  Batch(
      RealFetcher fetcher,
      Strategy strategy,
      boolean failFast,
      int threads,
      Consumer<? super FetchResult> sink) {
    this.fetcher = fetcher;
    this.strategy = strategy;
    this.failFast = failFast;
    this.threads = threads;
    this.sink = sink;
  }

  BatchResult run(Iterable<String> urls) throws InterruptedException {
    if (strategy == Strategy.SEQUENTIAL) {
      return sequential(urls);
    }
    int count = 0;
    ExecutorService executor =
        strategy == Strategy.THREADS
            ? Threads.newPlatformPool("fanout-fetch-pool", threads > 0 ? threads : defaultThreads())
            : Threads.newVirtualPerTask("fanout-fetch");
    try {
      for (String url : urls) {
        if (stopped) {
          break;
        }
        int index = count++;
        long queuedSince = System.nanoTime();
        URI uri;
        try {
          uri = Urls.parse(url);
        } catch (IllegalArgumentException e) {
          complete(index, RealFetcher.invalid(url, e.getMessage()));
          continue;
        }
        while (!fetcher.limits().tryAcquireGlobal(POLL)) {
          if (stopped) {
            break;
          }
        }
        if (stopped) {
          break;
        }
        executor.execute(() -> task(index, url, uri, queuedSince));
      }
      executor.shutdown();
      while (!executor.awaitTermination(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (stopped) {
          executor.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      cancel(executor);
      flushGathered();
      throw e;
    }
    flushGathered();
    return summary(count);
  }

  private void task(int index, String url, URI uri, long queuedSince) {
    try {
      complete(
          index,
          fetcher.fetchAdmitted(url, uri, false, ResponseCheck.ACCEPT_ALL, queuedSince, null, 0));
    } catch (InterruptedException e) {
      // Cancelled by fail-fast or by the caller's interrupt: this URL has no result.
      Thread.currentThread().interrupt();
    } finally {
      fetcher.limits().releaseGlobal();
    }
  }

  private BatchResult sequential(Iterable<String> urls) throws InterruptedException {
    int count = 0;
    for (String url : urls) {
      if (stopped) {
        break;
      }
      FetchResult result = fetcher.fetch(url, false, ResponseCheck.ACCEPT_ALL);
      complete(count++, result);
    }
    return summary(count);
  }

  /** Records one result and hands over whatever the strategy's order now allows. */
  private void complete(int index, FetchResult result) {
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      if (result instanceof FetchResult.Failure) {
        failures++;
        if (failFast) {
          stopped = true;
          sink.accept(result);
          return;
        }
      } else {
        responses++;
      }
      switch (strategy) {
        case SEQUENTIAL, AS_COMPLETED -> sink.accept(result);
        case ORDERED -> {
          pending.put(index, result);
          FetchResult next;
          while ((next = pending.remove(nextToDeliver)) != null) {
            sink.accept(next);
            nextToDeliver++;
          }
        }
        case GATHER, THREADS -> {
          while (gathered.size() <= index) {
            gathered.add(null);
          }
          gathered.set(index, result);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Hands over gathered results in input order (skipping ones that never completed). */
  private void flushGathered() {
    lock.lock();
    try {
      if (!stopped) {
        for (FetchResult result : gathered) {
          if (result != null) {
            sink.accept(result);
          }
        }
      }
      gathered.clear();
      // Ordered mode after an interrupt: what completed beyond a gap is still worth showing.
      pending.keySet().stream().sorted().forEach(i -> sink.accept(pending.get(i)));
      pending.clear();
    } finally {
      lock.unlock();
    }
  }

  private void cancel(ExecutorService executor) {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private BatchResult summary(int count) {
    lock.lock();
    try {
      return new BatchResult(count, responses, failures, stopped);
    } finally {
      lock.unlock();
    }
  }

  private static int defaultThreads() {
    return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
  }
}
