package dev.fanout.cli;

import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlListener;
import dev.fanout.hn.ItemResponse;
import dev.fanout.internal.Threads;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crawl's progress line on stderr: items fetched, in flight, items/s, and an ETA from the roots'
 * {@code descendants} (the total is only known once the roots have arrived, so it grows as they do;
 * a crawl can outrun it, then the ETA is dropped rather than shown wrong). Also a {@link CrawlListener}:
 * each root that arrives adds its expected size. A no-op unless enabled.
 */
final class HnProgress implements CrawlListener, AutoCloseable {
  private static final long INTERVAL_MS = 200;

  private final PrintWriter err;
  private final int roots;
  private final AtomicLong expected = new AtomicLong();
  private final AtomicLong rootsSeen = new AtomicLong();
  private final long start = System.nanoTime();
  private final Thread painter;
  private volatile CommentCrawler crawler;
  private volatile boolean closed;

  private HnProgress(PrintWriter err, int roots, boolean enabled) {
    this.err = err;
    this.roots = roots;
    this.painter = enabled ? Threads.virtual("hn-progress").newThread(this::paintLoop) : null;
  }

  static HnProgress start(NetworkOptions network, PrintWriter err, int roots) {
    HnProgress progress = new HnProgress(err, roots, network.progressEnabled());
    if (progress.painter != null) {
      progress.painter.start();
    }
    return progress;
  }

  /** The crawler whose counters the line shows. */
  void watch(CommentCrawler crawler) {
    this.crawler = crawler;
  }

  @Override
  public void onResponse(long root, ItemResponse response, int depth) {
    if (depth == 0) {
      rootsSeen.incrementAndGet();
      // The root itself plus what it says it has; without descendants, at least the root.
      long size = response instanceof ItemResponse.Found found && found.item().descendants() != null
          ? found.item().descendants() + 1L : 1L;
      expected.addAndGet(size);
    }
  }

  String line() {
    CommentCrawler c = crawler;
    long done = c == null ? 0 : c.received();
    int inFlight = c == null ? 0 : c.inFlight();
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    double rate = done / seconds;
    long total = expected.get();
    boolean totalKnown = rootsSeen.get() == roots && total >= done;
    StringBuilder b = new StringBuilder().append(done);
    if (totalKnown) {
      b.append("/~").append(total);
    }
    b.append(" items, ").append(inFlight).append(" in flight, ")
        .append(String.format(Locale.ROOT, "%.0f items/s", rate));
    if (totalKnown && done > 0 && done < total) {
      long eta = Math.round((total - done) / rate);
      b.append(String.format(Locale.ROOT, ", ETA %d:%02d", eta / 60, eta % 60));
    }
    return b.toString();
  }

  private void paintLoop() {
    try {
      while (!closed) {
        synchronized (err) {
          err.print("\r" + line() + "\u001b[K");
          err.flush();
        }
        Thread.sleep(INTERVAL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Erases the line so that output can follow on a clean line; the line comes back on the next paint. */
  void clear() {
    if (painter != null) {
      synchronized (err) {
        err.print("\r\u001b[K");
        err.flush();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (painter != null) {
      painter.interrupt();
      try {
        painter.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      clear();
    }
  }
}
