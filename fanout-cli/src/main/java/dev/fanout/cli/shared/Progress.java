package dev.fanout.cli.shared;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * fetch's progress line on stderr, redrawn in place a few times a second by a {@link
 * ProgressPainter}: items done (of the total when known), in flight, items/s and the ETA when a
 * total is known. Off (every method a no-op) unless enabled, see {@link
 * NetworkOptions#progressEnabled()}.
 *
 * <p>Thread-safe: {@link #advance()} may be called from any thread. {@link #close()} stops the
 * painter and erases the line.
 */
public final class Progress implements AutoCloseable {
  private final String noun;
  private final long total;
  private final IntSupplier inFlight;
  private final LongSupplier retries;
  private final IntSupplier slowedHosts;
  private final AtomicLong done = new AtomicLong();
  private final long startNanos = System.nanoTime();
  private final Eta eta = new Eta(startNanos);
  private final ProgressPainter painter;

  private Progress(
      PrintWriter err,
      String noun,
      long total,
      IntSupplier inFlight,
      LongSupplier retries,
      IntSupplier slowedHosts,
      boolean enabled) {
    this.noun = noun;
    this.total = total;
    this.inFlight = inFlight;
    this.retries = retries;
    this.slowedHosts = slowedHosts;
    this.painter = ProgressPainter.start(err, "fanout-progress", this::line, enabled);
  }

  /**
   * Starts a progress line.
   *
   * @param noun what is counted, e.g. {@code "URLs"}
   * @param total how many there will be, or -1 when unknown (then no ETA)
   * @param inFlight how many are in progress right now
   * @param enabled false for a progress that prints nothing
   */
  public static Progress start(
      PrintWriter err, String noun, long total, IntSupplier inFlight, boolean enabled) {
    return new Progress(err, noun, total, inFlight, () -> 0, () -> 0, enabled);
  }

  /**
   * Starts a progress line that also counts retries (shown once there is one).
   *
   * @param retries how many retries have been made so far
   */
  public static Progress start(
      PrintWriter err,
      String noun,
      long total,
      IntSupplier inFlight,
      LongSupplier retries,
      boolean enabled) {
    return new Progress(err, noun, total, inFlight, retries, () -> 0, enabled);
  }

  /**
   * Starts a progress line that also counts retries and the hosts slowed right now for answering
   * 429 or 503 (each shown while there is one).
   */
  public static Progress start(
      PrintWriter err,
      String noun,
      long total,
      IntSupplier inFlight,
      LongSupplier retries,
      IntSupplier slowedHosts,
      boolean enabled) {
    return new Progress(err, noun, total, inFlight, retries, slowedHosts, enabled);
  }

  /**
   * Erases the progress line if it is drawn, so that a line about to be printed on stdout (the same
   * terminal) does not land in the middle of it; the next redraw puts it back below.
   */
  public void clear() {
    painter.clear();
  }

  /** Counts one more item done. */
  public void advance() {
    done.incrementAndGet();
  }

  /** The line as it would be drawn now (without the terminal control characters). */
  String line() {
    return line(System.nanoTime());
  }

  String line(long nowNanos) {
    long n = done.get();
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double perSecond = n / seconds;
    StringBuilder b = new StringBuilder();
    b.append(n);
    if (total >= 0) {
      b.append('/').append(total);
    }
    b.append(' ').append(noun).append(" done, ").append(inFlight.getAsInt()).append(" in flight, ");
    long retried = retries.getAsLong();
    if (retried > 0) {
      b.append(Words.count(retried, "retry", "retries")).append(", ");
    }
    int slowed = slowedHosts.getAsInt();
    if (slowed > 0) {
      b.append(Words.count(slowed, "host slowed", "hosts slowed")).append(", ");
    }
    b.append(String.format(Locale.ROOT, "%.1f/s", perSecond));
    String estimate = eta.at(nowNanos, n, total);
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
