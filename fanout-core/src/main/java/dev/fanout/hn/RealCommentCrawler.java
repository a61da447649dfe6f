package dev.fanout.hn;

import dev.fanout.internal.Threads;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** {@link CommentCrawler}: one {@link Crawl} per root, all drawing on one semaphore. */
final class RealCommentCrawler implements CommentCrawler {
  private final HnClient client;
  private final Semaphore budget;
  private final int concurrency;
  private final CrawlListener listener;
  final AtomicLong received = new AtomicLong();
  final AtomicInteger inFlight = new AtomicInteger();

  RealCommentCrawler(HnClient client, int concurrency, CrawlListener listener) {
    this.client = Objects.requireNonNull(client, "client");
    this.listener = Objects.requireNonNull(listener, "listener");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency < 1: " + concurrency);
    }
    this.budget = new Semaphore(concurrency);
    this.concurrency = concurrency;
  }

  @Override
  public CrawlResult crawl(long id) {
    return crawl(id, newPace());
  }

  private CrawlResult crawl(long id, AdaptiveLimit pace) {
    if (id < 0) {
      throw new IllegalArgumentException("id < 0: " + id);
    }
    return new Crawl(id, client, budget, pace, listener, this).run();
  }

  /**
   * One per call, so that each call learns the server's pace afresh. Budgets up to the default are
   * used whole, as they always were; only a larger one is found by measuring.
   */
  private AdaptiveLimit newPace() {
    return new AdaptiveLimit(Math.min(concurrency, DEFAULT_CONCURRENCY), concurrency);
  }

  @Override
  public void crawlAll(List<Long> ids, Consumer<? super CrawlResult> sink) {
    List<Long> roots = List.copyOf(ids);
    ReentrantLock sinkLock = new ReentrantLock();
    AdaptiveLimit pace = newPace();
    try (ExecutorService crawls = Threads.newVirtualPerTask("hn-crawl")) {
      List<Future<?>> running = new ArrayList<>();
      for (long id : roots) {
        running.add(
            crawls.submit(
                () -> {
                  CrawlResult result = crawl(id, pace);
                  sinkLock.lock();
                  try {
                    sink.accept(result);
                  } finally {
                    sinkLock.unlock();
                  }
                }));
      }
      try {
        for (Future<?> f : running) {
          f.get();
        }
      } catch (InterruptedException e) {
        // Each crawl, interrupted, still hands its partial counts to the sink before it ends.
        crawls.shutdownNow();
        crawls.close();
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("crawl failed", e.getCause());
      }
    }
  }

  @Override
  public void walk(Iterator<Long> roots, ItemSource source, ItemSink sink)
      throws InterruptedException {
    Objects.requireNonNull(roots, "roots");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sink, "sink");
    new Crawl(roots, source, sink, client, budget, newPace(), listener, this).walk();
  }

  @Override
  public long received() {
    return received.get();
  }

  @Override
  public int inFlight() {
    return inFlight.get();
  }
}
