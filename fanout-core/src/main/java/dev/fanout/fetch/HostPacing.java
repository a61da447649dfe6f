package dev.fanout.fetch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Each host's pace: the {@link FetchOptions#ratePerHost()} interval and the adaptive back-off after
 * a 429 or 503 ({@link FetchOptions#hostBackoff()}). A request passes its host's gate no earlier
 * than the host's last request plus its interval (the larger of the rate's and the back-off's), and
 * not before a {@code Retry-After} the host asked for. The figures are in docs/decisions/0019.
 *
 * <p>Time comes from an injected nanosecond clock so the arithmetic can be tested without waiting;
 * {@link Pace#await()} waits in real time.
 */
final class HostPacing {
  /** The first back-off delay without a Retry-After (StormCrawler's default server delay). */
  static final long INITIAL = TimeUnit.SECONDS.toNanos(1);

  /** Halving below this ends the back-off: the host is back to full pace. */
  static final long FLOOR = TimeUnit.MILLISECONDS.toNanos(100);

  private final long rateInterval;
  private final boolean backoff;
  private final long maxDelay;
  private final Backoff retryAfter;
  private final LongSupplier clock;
  private final ConcurrentMap<String, Pace> paces = new ConcurrentHashMap<>();
  // Kept as the paces change, so that a progress line a few times a second costs no walk of them.
  private final AtomicInteger slowedCount = new AtomicInteger();

  HostPacing(FetchOptions options, Backoff retryAfter, LongSupplier clock) {
    this.rateInterval = options.ratePerHost() > 0 ? (long) (1e9 / options.ratePerHost()) : 0;
    this.backoff = options.hostBackoff();
    this.maxDelay = options.maxRetryAfter().toNanos();
    this.retryAfter = retryAfter;
    this.clock = clock;
  }

  /** Null when neither a per-host rate nor the back-off is on: nothing to pace. */
  static HostPacing of(FetchOptions options, Backoff retryAfter) {
    return options.ratePerHost() > 0 || options.hostBackoff()
        ? new HostPacing(options, retryAfter, System::nanoTime)
        : null;
  }

  boolean rateLimited() {
    return rateInterval > 0;
  }

  Pace of(String hostKey) {
    return paces.computeIfAbsent(hostKey, Pace::new);
  }

  /** Hosts slowed by a 429 or 503 right now. */
  int slowedNow() {
    return slowedCount.get();
  }

  /** Every host that was slowed at some point, longest slowed first. */
  List<HostSlowdown> slowdowns() {
    long now = clock.getAsLong();
    List<HostSlowdown> all = new ArrayList<>();
    for (Pace pace : paces.values()) {
      HostSlowdown s = pace.slowdown(now);
      if (s != null) {
        all.add(s);
      }
    }
    all.sort(
        Comparator.comparing(HostSlowdown::slowedFor).reversed().thenComparing(HostSlowdown::host));
    return all;
  }

  /** One host's gate and state. */
  final class Pace {
    private final String host;
    // Waiters queue here (FIFO); only the head waits on the clock, so a change of pace reaches it.
    private final ReentrantLock turn = new ReentrantLock(true);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock:
    private boolean started;
    private long lastStart;
    private long delay; // the back-off's interval; 0 = not slowed
    private boolean blocked;
    private long blockedUntil;
    private boolean everChanged;
    private long changedAt; // when the delay last changed: answers to older requests do not count
    private boolean slowed;
    private long slowedSince;
    private long slowedTotal;
    private int throttles;
    private long longestDelay;

    Pace(String host) {
      this.host = host;
    }

    /** Nanoseconds until the next request may go, 0 or less when it may go now. */
    private long waitAt(long now) {
      long at = now;
      if (started) {
        at = Math.max(at, lastStart + Math.max(rateInterval, delay));
      }
      if (blocked) {
        at = Math.max(at, blockedUntil);
      }
      return at - now;
    }

    /**
     * Whether a request would have to wait for this host now (so it had better not hold a slot).
     */
    boolean mustWait() {
      lock.lock();
      try {
        return turn.isLocked() || turn.hasQueuedThreads() || waitAt(clock.getAsLong()) > 0;
      } finally {
        lock.unlock();
      }
    }

    /** Passes the gate if no wait is needed, else returns false having taken nothing. */
    boolean tryPass() {
      lock.lock();
      try {
        long now = clock.getAsLong();
        if (turn.isLocked() || turn.hasQueuedThreads() || waitAt(now) > 0) {
          return false;
        }
        pass(now);
        return true;
      } finally {
        lock.unlock();
      }
    }

    /**
     * Waits (in FIFO order with the host's other requests) until a request may go; then it goes.
     */
    void await() throws InterruptedException {
      if (tryPass()) {
        return;
      }
      turn.lockInterruptibly();
      try {
        lock.lockInterruptibly();
        try {
          long wait;
          while ((wait = waitAt(clock.getAsLong())) > 0) {
            changed.awaitNanos(wait);
          }
          pass(clock.getAsLong());
        } finally {
          lock.unlock();
        }
      } finally {
        turn.unlock();
      }
    }

    private void pass(long now) {
      started = true;
      lastStart = now;
    }

    /**
     * Takes in an answer of this host to a request sent at {@code sentAt}: a 429 or 503 slows the
     * host (or keeps it slowed), any other status brings it back towards full pace.
     */
    void answered(int status, String retryAfterHeader, long sentAt) {
      if (!backoff) {
        return;
      }
      lock.lock();
      try {
        long now = clock.getAsLong();
        boolean fresh = !everChanged || sentAt - changedAt >= 0;
        if (status == 429 || status == 503) {
          throttles++;
          Duration asked = retryAfter.parseRetryAfter(retryAfterHeader);
          if (fresh || delay == 0) {
            // Answers to requests already on the wire when the host was slowed say nothing new.
            delay = Math.min(maxDelay, delay == 0 ? INITIAL : delay * 2);
            changedAt = now;
            everChanged = true;
          }
          long block = asked != null ? Math.min(maxDelay, asked.toNanos()) : delay;
          if (!blocked || blockedUntil - (now + block) < 0) {
            blocked = true;
            blockedUntil = now + block;
          }
          if (!slowed && (delay > 0 || block > 0)) {
            slowed = true;
            slowedSince = now;
            slowedCount.incrementAndGet();
          }
          longestDelay = Math.max(longestDelay, Math.max(delay, block));
        } else if (delay > 0 && fresh) {
          delay /= 2;
          changedAt = now;
          everChanged = true;
          if (delay < FLOOR) {
            delay = 0;
          }
        }
        if (slowed && delay == 0 && !(blocked && blockedUntil - now > 0)) {
          slowed = false;
          slowedTotal += now - slowedSince;
          slowedCount.decrementAndGet();
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    HostSlowdown slowdown(long now) {
      lock.lock();
      try {
        if (throttles == 0) {
          return null;
        }
        long total = slowedTotal + (slowed ? now - slowedSince : 0);
        return new HostSlowdown(
            host, throttles, Duration.ofNanos(total), Duration.ofNanos(longestDelay), slowed);
      } finally {
        lock.unlock();
      }
    }
  }
}
