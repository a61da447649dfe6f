package dev.fanout.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The three gates a request passes: a global concurrency slot (held for the whole fetch), a
 * per-host slot and the rate limit (both per HTTP request). Semaphores are fair so that waiting is
 * FIFO.
 */
final class Limits {
  private final Semaphore global;
  private final int perHost;
  private final ConcurrentMap<String, Semaphore> hosts = new ConcurrentHashMap<>();
  private final long intervalNanos;
  private final ReentrantLock rateLock = new ReentrantLock();
  private long nextSlot = Long.MIN_VALUE;

  Limits(FetchOptions options) {
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
    if (intervalNanos != 0) {
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
   * Takes a slot for the URI's host[:port] and waits for the rate limit; close the result after.
   */
  HostSlot enter(URI uri) throws InterruptedException {
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
