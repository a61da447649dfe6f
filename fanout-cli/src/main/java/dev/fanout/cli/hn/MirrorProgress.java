package dev.fanout.cli.hn;

import dev.fanout.cli.shared.ProgressPainter;
import dev.fanout.store.MirrorListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mirror's progress line on stderr, painted by a {@link ProgressPainter}, like {@code Progress}
 * but with a total that grows as work is found (a range's unknown ids at once; a thread's kids as
 * they are discovered, with no ETA then): ids done of planned, items/s, ETA. Off (a no-op listener)
 * unless enabled.
 */
final class MirrorProgress implements MirrorListener, AutoCloseable {
  private final AtomicLong planned = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicBoolean open = new AtomicBoolean();
  private final long startNanos = System.nanoTime();
  private final ProgressPainter painter;

  private MirrorProgress(PrintWriter err, boolean enabled) {
    this.painter = ProgressPainter.start(err, "mirror-progress", this::line, enabled);
  }

  static MirrorProgress start(PrintWriter err, boolean enabled) {
    return new MirrorProgress(err, enabled);
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
    long n = done.get();
    long total = planned.get();
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    double perSecond = n / seconds;
    StringBuilder b = new StringBuilder();
    b.append(n).append('/').append(total).append(open.get() ? "+" : "").append(" ids done, ");
    b.append(String.format(Locale.ROOT, "%.0f items/s", perSecond));
    if (!open.get() && n > 0 && n < total) {
      long eta = Math.round((total - n) / perSecond);
      b.append(
          String.format(Locale.ROOT, ", ETA %d:%02d:%02d", eta / 3600, eta / 60 % 60, eta % 60));
    }
    return b.toString();
  }

  @Override
  public void close() {
    painter.close();
  }
}
