package dev.fanout.cli.hn;

import dev.fanout.cli.shared.Eta;
import dev.fanout.cli.shared.ProgressPainter;
import dev.fanout.store.MirrorListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mirror's progress line on stderr, painted by a {@link ProgressPainter}, like {@code Progress}
 * but with a total that grows as work is found (a range's unknown ids at once; a thread's kids as
 * they are discovered, with no ETA then): ids done of planned, items/s, and the shared {@link Eta}
 * (from the last seconds' rate, as every progress line shows it). Off (a no-op listener) unless
 * enabled.
 */
final class MirrorProgress implements MirrorListener, AutoCloseable {
  private final AtomicLong planned = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicBoolean open = new AtomicBoolean();
  private final long startNanos;
  private final Eta eta;
  private final ProgressPainter painter;

  MirrorProgress(PrintWriter err, boolean enabled, long startNanos) {
    this.startNanos = startNanos;
    this.eta = new Eta(startNanos);
    this.painter = ProgressPainter.start(err, "mirror-progress", this::line, enabled);
  }

  static MirrorProgress start(PrintWriter err, boolean enabled) {
    return new MirrorProgress(err, enabled, System.nanoTime());
  }

  @Override
  public void planned(long ids) {
    planned.addAndGet(ids);
  }

  @Override
  public void done(long id) {
    done.incrementAndGet();
  }

  @Override
  public void open() {
    open.set(true);
  }

  String line() {
    return line(System.nanoTime());
  }

  String line(long nowNanos) {
    long n = done.get();
    long total = planned.get();
    boolean growing = open.get();
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double perSecond = n / seconds;
    StringBuilder b = new StringBuilder();
    b.append(n).append('/').append(total).append(growing ? "+" : "").append(" ids done, ");
    b.append(String.format(Locale.ROOT, "%.0f items/s", perSecond));
    // A total that grows as kids are found has no end to estimate.
    String estimate = eta.at(nowNanos, n, growing ? -1 : total);
    if (estimate != null) {
      b.append(", ").append(estimate);
    }
    return b.toString();
  }

  @Override
  public void close() {
    painter.close();
  }
}
