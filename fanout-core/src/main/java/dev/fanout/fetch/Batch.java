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
 * One run of a batch: reads requests lazily, admits each when a global slot is free (so at most
 * {@code concurrency} tasks exist at once), runs it on a virtual thread (or a platform pool for
 * {@link Strategy#THREADS}) and hands results to the sink in the strategy's order, one at a time.
 * The counts are of results handed over, so a caller's tally and the {@link BatchResult} agree.
 */
final class Batch {
  private static final Duration POLL = Duration.ofMillis(50);

  private final RealFetcher fetcher;
  private final Strategy strategy;
  private final boolean failFast;
  private final int threads;
  private final BodySink bodySink;
  private final WarcArchive warc;
  private final Consumer<? super Fetched> sink;

  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock:
  private final Map<Integer, Fetched> pending = new HashMap<>();
  private final List<Fetched> gathered = new ArrayList<>();
  private int nextToDeliver;
  // Read from the input so far; only the calling thread touches it.
  private int read;
  private int responses;
  private int failures;
  private volatile boolean stopped;

  Batch(RealFetcher fetcher, BatchOptions options, Consumer<? super Fetched> sink) {
    this.fetcher = fetcher;
    this.strategy = options.strategy();
    this.failFast = options.failFast();
    this.threads = options.threads();
    this.bodySink = options.bodySink();
    this.warc = options.warc();
    this.sink = sink;
  }

  /**
   * Runs the batch to its end, a fail-fast stop, or the caller's interrupt; on an interrupt it
   * returns what was done, marked, with the interrupt flag set again.
   */
  BatchResult run(Iterable<Request> requests) {
    try {
      if (strategy == Strategy.SEQUENTIAL) {
        sequential(requests);
      } else {
        concurrent(requests);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return summary(true);
    }
    return summary(false);
  }

  private void concurrent(Iterable<Request> requests) throws InterruptedException {
    ExecutorService executor =
        strategy == Strategy.THREADS
            ? Threads.newPlatformPool("fanout-fetch-pool", threads > 0 ? threads : defaultThreads())
            : Threads.newVirtualPerTask("fanout-fetch");
    try {
      for (Request request : requests) {
        int index = read++;
        if (stopped) {
          break; // read, but a fail-fast stop came first: counted, never started
        }
        long queuedSince = System.nanoTime();
        URI uri;
        try {
          uri = Urls.parse(request.url());
        } catch (IllegalArgumentException e) {
          complete(index, request, RealFetcher.invalid(request.url(), e.getMessage()));
          continue;
        }
        reserveName(request, index);
        boolean admitted = false;
        while (!stopped && !(admitted = fetcher.limits().tryAcquireGlobal(POLL))) {
          // polls, so that a fail-fast stop is seen while waiting
        }
        if (stopped) {
          if (admitted) {
            // Given back: a request parked without its slot takes one again when cancelled.
            fetcher.limits().releaseGlobal();
          }
          break;
        }
        executor.execute(() -> task(index, request, uri, queuedSince));
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
    } catch (RuntimeException e) {
      // The input failed (an unreadable line): nothing more is started or handed over.
      stopped = true;
      cancel(executor);
      throw e;
    }
    flushGathered();
  }

  private void task(int index, Request request, URI uri, long queuedSince) {
    try {
      var trip = trip(index, request, uri, queuedSince);
      complete(index, request, fetcher.fetchAdmitted(trip, null), trip.saved);
    } catch (InterruptedException e) {
      // Cancelled by fail-fast or by the caller's interrupt: this URL has no result.
      Thread.currentThread().interrupt();
    } finally {
      releaseName(index);
      fetcher.limits().releaseGlobal();
    }
  }

  /**
   * Names are handed out as requests are admitted, in input order, so that of two bodies that want
   * one file name the earlier in the input gets it, whichever completes first (decision 0017).
   */
  private void reserveName(Request request, int index) {
    if (bodySink instanceof DirectorySink directory) {
      directory.reserve(request, index);
    }
  }

  private void releaseName(int index) {
    if (bodySink instanceof DirectorySink directory) {
      directory.release(index);
    }
  }

  private void sequential(Iterable<Request> requests) throws InterruptedException {
    for (Request request : requests) {
      int index = read++;
      if (stopped) {
        break;
      }
      long queuedSince = System.nanoTime();
      URI uri;
      try {
        uri = Urls.parse(request.url());
      } catch (IllegalArgumentException e) {
        complete(index, request, RealFetcher.invalid(request.url(), e.getMessage()));
        continue;
      }
      reserveName(request, index);
      fetcher.limits().acquireGlobal();
      try {
        var trip = trip(index, request, uri, queuedSince);
        complete(index, request, fetcher.fetchAdmitted(trip, null), trip.saved);
      } finally {
        releaseName(index);
        fetcher.limits().releaseGlobal();
      }
    }
  }

  private RealFetcher.Trip trip(int index, Request request, URI uri, long queuedSince) {
    var trip = new RealFetcher.Trip(request, uri, false, ResponseCheck.ACCEPT_ALL, queuedSince);
    trip.sink = bodySink;
    trip.warc = warc;
    trip.index = index;
    return trip;
  }

  private void complete(int index, Request request, FetchResult result) {
    complete(index, request, result, null);
  }

  private void complete(int index, Request request, FetchResult result, BodySink.Saved saved) {
    complete(index, new Fetched(request, index, result, saved));
  }

  /** Records one result and hands over whatever the strategy's order now allows. */
  private void complete(int index, Fetched result) {
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      if (result.result() instanceof FetchResult.Failure && failFast) {
        stopped = true;
        deliver(result);
        return;
      }
      switch (strategy) {
        case SEQUENTIAL, AS_COMPLETED -> deliver(result);
        case ORDERED -> {
          pending.put(index, result);
          Fetched next;
          while ((next = pending.remove(nextToDeliver)) != null) {
            deliver(next);
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

  /** Hands one result to the sink and counts it; the caller holds the lock. */
  private void deliver(Fetched result) {
    if (result.result() instanceof FetchResult.Failure) {
      failures++;
    } else {
      responses++;
    }
    sink.accept(result);
  }

  /** Hands over gathered results in input order (skipping ones that never completed). */
  private void flushGathered() {
    lock.lock();
    try {
      if (!stopped) {
        for (Fetched result : gathered) {
          if (result != null) {
            deliver(result);
          }
        }
      }
      gathered.clear();
      // Ordered mode after an interrupt: what completed beyond a gap is still worth showing.
      pending.keySet().stream().sorted().forEach(i -> deliver(pending.get(i)));
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

  private BatchResult summary(boolean interrupted) {
    lock.lock();
    try {
      return new BatchResult(read, responses, failures, stopped, interrupted);
    } finally {
      lock.unlock();
    }
  }

  private static int defaultThreads() {
    return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
  }
}
