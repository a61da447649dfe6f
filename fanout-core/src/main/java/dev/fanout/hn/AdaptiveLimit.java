package dev.fanout.hn;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many requests a crawl keeps in flight below its budget: as many as the server answers without
 * queueing them, found from round trips (as TCP Vegas does). The server's pace is the fastest round
 * trip seen; an answer back within {@link #TOLERANCE} of it (plus {@link #SLACK}) shows no queue
 * and grows the limit by one, so a limit in use doubles each round trip; a later one shrinks it in
 * proportion to the time it queued. The limit starts at a quarter of the ceiling and stays within
 * {@code [floor, ceiling]}; a local server (fastest round trip under {@link #SLACK}) only grows it.
 *
 * <p>Why: requests sent beyond the server's pace only wait in its queue, where they are served in
 * the order sent and the crawl's deepest-first order cannot reach them. Held back here, they still
 * go in that order: the deepest waiting request takes the next free slot. A wide thread's first
 * level (thousands of ids at once) showed it: sent all at once, it held up the next level's first
 * request by 30-50 ms at a server 50 ms away.
 *
 * <p>Thread-safe: {@link #acquire} blocks a sending thread; {@link #release} never waits (it runs
 * on the thread that completed the answer, often the HTTP client's).
 */
final class AdaptiveLimit {
  /**
   * A round trip within this fraction of the fastest (plus {@link #SLACK}) counts as not queued.
   */
  static final double TOLERANCE = 0.10;

  /**
   * Absolute slack on the fastest round trip. Also the line below which a server counts as local
   * (loopback, or next door): there every round trip is mostly queue, a crawl is bound by
   * throughput rather than by round trips, and more in flight only batches more work per write (on
   * the replica at zero latency, 256 in flight gave 37,000 items/s and 4096 gave 51,000), so the
   * limit only grows.
   */
  static final long SLACK = TimeUnit.MILLISECONDS.toNanos(1);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private final int floor;
  private final int ceiling;
  // With nothing to adapt, the budget alone bounds the crawl: no lock taken per request.
  private final boolean fixed;
  private double limit;
  private int inFlight;
  private long fastest = Long.MAX_VALUE;

  /**
   * A limit between {@code floor} and {@code ceiling}, starting at a quarter of the ceiling.
   *
   * @throws IllegalArgumentException unless {@code 1 <= floor <= ceiling}
   */
  AdaptiveLimit(int floor, int ceiling) {
    if (floor < 1 || ceiling < floor) {
      throw new IllegalArgumentException("need 1 <= floor <= ceiling: " + floor + ", " + ceiling);
    }
    this.floor = floor;
    this.ceiling = ceiling;
    this.limit = Math.max(floor, ceiling / 4);
    this.fixed = floor == ceiling;
  }

  /** Blocks until fewer than the limit are in flight, then counts one more. */
  void acquire() throws InterruptedException {
    if (fixed) {
      return;
    }
    lock.lock();
    try {
      while (inFlight >= (int) limit) {
        freed.await();
      }
      inFlight++;
      if (inFlight < (int) limit) {
        freed.signal(); // room for more (the limit grew): pass the wake-up on
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts one fewer in flight, learning from its round trip: {@code rttNanos < 0} when there is
   * none to learn from (a failure, a retried request, one never sent).
   */
  void release(long rttNanos) {
    if (fixed) {
      return;
    }
    lock.lock();
    try {
      if (rttNanos >= 0) {
        learn(rttNanos);
      }
      inFlight--;
      freed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void learn(long rtt) {
    fastest = Math.min(fastest, rtt);
    double unqueued = fastest * (1 + TOLERANCE) + SLACK;
    if (rtt <= unqueued || fastest < SLACK) {
      // Only a limit in use grows: a thin chain of requests says nothing about the server's pace.
      if (inFlight * 2 >= limit) {
        limit = Math.min(ceiling, limit + 1);
      }
    } else {
      limit = Math.max(floor, limit - (1 - unqueued / rtt));
    }
  }

  /** The limit now (for tests). */
  int limit() {
    lock.lock();
    try {
      return (int) limit;
    } finally {
      lock.unlock();
    }
  }
}
