package dev.fanout.cli.hn;

import dev.fanout.cli.shared.Eta;
import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.cli.shared.ProgressPainter;
import dev.fanout.cli.shared.Words;
import dev.fanout.fetch.Fetcher;
import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlListener;
import dev.fanout.hn.ItemResponse;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The crawl's progress line on stderr, painted by a {@link ProgressPainter}: items fetched, in
 * flight, items/s, and an ETA from the roots' {@code descendants} (the total is only known once the
 * roots have arrived, so it grows as they do; a crawl can outrun it, then the ETA is dropped rather
 * than shown wrong). Also a {@link CrawlListener}: each root that arrives adds its expected size. A
 * no-op unless enabled.
 */
final class HnProgress implements CrawlListener, AutoCloseable {
  private final int roots;
  private final AtomicLong expected = new AtomicLong();
  private final AtomicLong rootsSeen = new AtomicLong();
  private final long start;
  private final Eta eta;
  private final ProgressPainter painter;
  private volatile CommentCrawler crawler;
  private volatile LongSupplier retries = () -> 0;

  HnProgress(PrintWriter err, int roots, boolean enabled, long startNanos) {
    this.roots = roots;
    this.start = startNanos;
    this.eta = new Eta(startNanos);
    this.painter = ProgressPainter.start(err, "hn-progress", this::line, enabled);
  }

  static HnProgress start(NetworkOptions network, PrintWriter err, int roots) {
    return new HnProgress(err, roots, network.progressEnabled(), System.nanoTime());
  }

  /** The crawler and the fetcher whose retries the line counts. */
  void watch(CommentCrawler crawler, Fetcher fetcher) {
    this.crawler = crawler;
    this.retries = fetcher::retries;
  }

  @Override
  public void onResponse(long root, ItemResponse response, int depth) {
    if (depth == 0) {
      // The root itself plus what it says it has; without descendants, at least the root.
      long size =
          response instanceof ItemResponse.Found found && found.item().descendants() != null
              ? found.item().descendants() + 1L
              : 1L;
      rootArrived(size);
    }
  }

  /** A root arrived that expects {@code size} items with itself. */
  void rootArrived(long size) {
    rootsSeen.incrementAndGet();
    expected.addAndGet(size);
  }

  String line() {
    CommentCrawler c = crawler;
    return line(System.nanoTime(), c == null ? 0 : c.received(), c == null ? 0 : c.inFlight());
  }

  String line(long nowNanos, long done, int inFlight) {
    double seconds = Math.max(1e-9, (nowNanos - start) / 1e9);
    double rate = done / seconds;
    long total = expected.get();
    boolean totalKnown = rootsSeen.get() == roots && total >= done;
    StringBuilder b = new StringBuilder().append(done);
    if (totalKnown) {
      b.append("/~").append(total);
    }
    b.append(" items, ").append(inFlight).append(" in flight, ");
    long retried = retries.getAsLong();
    if (retried > 0) {
      b.append(Words.count(retried, "retry", "retries")).append(", ");
    }
    b.append(String.format(Locale.ROOT, "%.0f items/s", rate));
    String estimate = eta.at(nowNanos, done, totalKnown ? total : -1);
    if (estimate != null) {
      b.append(", ").append(estimate);
    }
    return b.toString();
  }

  /**
   * Erases the line so that output can follow on a clean line; the line comes back on the next
   * paint.
   */
  void clear() {
    painter.clear();
  }

  @Override
  public void close() {
    painter.close();
  }
}
