package dev.fanout.cli.shared;

import dev.fanout.internal.Threads;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * The one place that paints a command's progress line on stderr: a virtual thread redraws the line
 * in place every {@value #INTERVAL_MS} ms, {@link #clear()} erases it before a line goes to stdout
 * (the same terminal), and {@link #close()} stops the thread and erases the line, so that what
 * follows on stderr starts on a clean line. The command supplies only the text of the line.
 *
 * <p>Off (every method a no-op, nothing written) unless enabled, see {@link
 * NetworkOptions#progressEnabled()}. Thread-safe.
 */
public final class ProgressPainter implements AutoCloseable {
  private static final long INTERVAL_MS = 200;
  private static final String ERASE = "\r\u001b[K";

  private final PrintWriter err;
  private final Supplier<String> line;
  private final Thread painter;
  private volatile boolean closed;
  private volatile boolean drawn;

  private ProgressPainter(
      PrintWriter err, String threadName, Supplier<String> line, boolean enabled) {
    this.err = err;
    this.line = line;
    this.painter = enabled ? Threads.virtual(threadName).newThread(this::paintLoop) : null;
  }

  /**
   * Starts painting {@code line} on {@code err}, or returns a painter that writes nothing.
   *
   * @param threadName the name of the redraw thread, e.g. {@code "fanout-progress"}
   * @param line the line as it reads now, without terminal control characters
   * @param enabled false for a painter that prints nothing
   */
  public static ProgressPainter start(
      PrintWriter err, String threadName, Supplier<String> line, boolean enabled) {
    ProgressPainter p = new ProgressPainter(err, threadName, line, enabled);
    if (p.painter != null) {
      p.painter.start();
    }
    return p;
  }

  /**
   * Erases the line if it is drawn, so that a line about to be printed on stdout does not land in
   * the middle of it; the next redraw puts it back below.
   */
  public void clear() {
    if (drawn) {
      synchronized (err) {
        err.print(ERASE);
        err.flush();
        drawn = false;
      }
    }
  }

  private void paintLoop() {
    try {
      while (!closed) {
        synchronized (err) {
          err.print("\r" + line.get() + "\u001b[K");
          err.flush();
          drawn = true;
        }
        Thread.sleep(INTERVAL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the redraw thread and erases the line; idempotent. */
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
      err.print(ERASE);
      err.flush();
      drawn = false;
    }
  }
}
