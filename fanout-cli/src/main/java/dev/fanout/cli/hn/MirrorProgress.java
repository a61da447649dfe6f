package dev.fanout.cli.hn;

import dev.fanout.internal.Threads;
import dev.fanout.store.MirrorListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mirror's progress line on stderr, like {@code Progress} but with a total that grows as work is
 * found (a range's unknown ids at once; a thread's kids as they are discovered, with no ETA then): ids
 * done of planned, items/s, ETA. Off (a no-op listener) unless enabled.
 */
final class MirrorProgress implements MirrorListener, AutoCloseable {
  private static final long INTERVAL_MS = 200;

  private final PrintWriter err;
  private final AtomicLong planned = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicBoolean open = new AtomicBoolean();
  private final long startNanos = System.nanoTime();
  private final Thread painter;
  private volatile boolean closed;

  private MirrorProgress(PrintWriter err, boolean enabled) {
    this.err = err;
    if (enabled) {
      painter = Threads.virtual("mirror-progress").newThread(this::paintLoop);
      painter.start();
    } else {
      painter = null;
    }
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
      b.append(String.format(Locale.ROOT, ", ETA %d:%02d:%02d", eta / 3600, eta / 60 % 60, eta % 60));
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

  @Override
  public void close() {
    boolean wasClosed = closed;
    closed = true;
    if (painter == null || wasClosed) {
      return;
    }
    painter.interrupt();
    try {
      painter.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (err) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }
}
