package dev.fanout.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gates a request passes: a global concurrency slot (held for the whole fetch), its host's pace
 * (see {@link HostPacing}), a per-host slot and the rate limit (the last three per HTTP request).
 * Semaphores are fair so that waiting is FIFO.
 *
 * <p>A request that must wait for its host's pace, or for a retry, gives its global slot back while
 * it waits and takes one again after, so that a slowed host's requests do not starve the other
 * hosts; at most {@link #PARKED_MAX} requests wait so at once (beyond that they wait holding their
 * slot), which bounds how far a batch reads ahead of its slowed hosts.
 */
final class Limits {
  private final Semaphore global;
  private final int perHost;
  private final ConcurrentMap<String, Semaphore> hosts = new ConcurrentHashMap<>();

  /** Requests waiting without their global slot, at most (see docs/decisions/0019). */
  static final int PARKED_MAX = 10_000;

  private final Semaphore parked = new Semaphore(PARKED_MAX);
  private final HostPacing pacing;
  private final long intervalNanos;
  private final ReentrantLock rateLock = new ReentrantLock();
  private long nextSlot = Long.MIN_VALUE;

  Limits(FetchOptions options, HostPacing pacing) {
    this.pacing = pacing;
    this.global = options.concurrency() > 0 ? new Semaphore(options.concurrency(), true) : null;
    this.perHost = options.perHost();
    this.intervalNanos = options.rate() > 0 ? (long) (1e9 / options.rate()) : 0;
  }

  void acquireGlobal() throws InterruptedException {
    if (global != null) {
      global.acquire();
    }
  }

  /** Waits at most {@code wait} for a global slot; true when one was taken. */
  boolean tryAcquireGlobal(Duration wait) throws InterruptedException {
    return global == null
        || global.tryAcquire(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void releaseGlobal() {
    if (global != null) {
      global.release();
    }
  }

  /**
   * Takes a global and a host slot only if neither needs a wait (and no rate limit applies), else
   * takes nothing and returns null. Respects the semaphores' fairness: never jumps a waiting
   * caller. The caller closes the host slot after the HTTP request and releases the global one
   * after the fetch.
   */
  HostSlot tryEnterNow(URI uri) {
    if (intervalNanos != 0 || (pacing != null && pacing.rateLimited())) {
      return null;
    }
    HostPacing.Pace pace = pacing == null ? null : pacing.of(hostKey(uri));
    if (pace != null && pace.mustWait()) {
      return null;
    }
    if (global != null && !tryNow(global)) {
      return null;
    }
    Semaphore host = null;
    if (perHost > 0) {
      host = hosts.computeIfAbsent(hostKey(uri), k -> new Semaphore(perHost, true));
      if (!tryNow(host)) {
        releaseGlobal();
        return null;
      }
    }
    if (pace != null && !pace.tryPass()) {
      if (host != null) {
        host.release();
      }
      releaseGlobal();
      return null;
    }
    return new HostSlot(host);
  }

  private static boolean tryNow(Semaphore semaphore) {
    try {
      return semaphore.tryAcquire(
          0, java.util.concurrent.TimeUnit.NANOSECONDS); // unlike tryAcquire(), fair
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's flag stays set; its next wait will see it
      return false;
    }
  }

  /**
   * Waits for the host's pace (without the caller's global slot, see the class comment), takes a
   * slot for the URI's host[:port] and waits for the rate limit; close the result after. The caller
   * holds a global slot, and holds one again when this returns or throws.
   */
  HostSlot enter(URI uri) throws InterruptedException {
    if (pacing != null) {
      HostPacing.Pace pace = pacing.of(hostKey(uri));
      if (pace.mustWait()) {
        parked(pace::await);
      } else {
        pace.await();
      }
    }
    Semaphore host = null;
    if (perHost > 0) {
      host = hosts.computeIfAbsent(hostKey(uri), k -> new Semaphore(perHost, true));
      host.acquire();
    }
    try {
      awaitRate();
    } catch (InterruptedException e) {
      if (host != null) {
        host.release();
      }
      throw e;
    }
    return new HostSlot(host);
  }

  /** A wait that may be interrupted. */
  interface Wait {
    void run() throws InterruptedException;
  }

  /**
   * Runs {@code wait} without the caller's global slot, if a parking place is free (else holding
   * it), and takes a global slot again after, also when the wait is interrupted (then after the
   * other requests, cancelled too, gave theirs back), so the caller's release stays balanced.
   */
  void parked(Wait wait) throws InterruptedException {
    if (global == null || !parked.tryAcquire()) {
      wait.run();
      return;
    }
    global.release();
    try {
      wait.run();
    } finally {
      parked.release();
      global.acquireUninterruptibly();
    }
  }

  /** The host pacing, or null when neither a per-host rate nor the back-off is on. */
  HostPacing pacing() {
    return pacing;
  }

  private void awaitRate() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long slot;
    rateLock.lock();
    try {
      long now = System.nanoTime();
      slot = nextSlot == Long.MIN_VALUE || nextSlot - now < 0 ? now : nextSlot;
      nextSlot = slot + intervalNanos;
    } finally {
      rateLock.unlock();
    }
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(Duration.ofNanos(wait));
    }
  }

  static String hostKey(URI uri) {
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
  }

  /** A held per-host slot. */
  record HostSlot(Semaphore semaphore) implements AutoCloseable {
    @Override
    public void close() {
      if (semaphore != null) {
        semaphore.release();
      }
    }
  }
}
