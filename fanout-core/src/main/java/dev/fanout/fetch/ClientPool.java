package dev.fanout.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

/**
 * Started HTTP clients kept between fetchers, so that a fetcher reuses the open connections (an
 * HTTP/2 session, a TLS session already negotiated) of an earlier one with the same options: for a
 * long-lived process that runs many short batches one after another, as fanout's background process
 * does. Pass it to {@link Fetcher#create(FetchOptions, ClientPool)}.
 *
 * <p>Two fetchers share a client only when their {@link FetchOptions} are equal, and so their trust
 * ({@code insecure}, {@code cacert} — and the cacert file unchanged since —, {@code resolve} pins,
 * {@code h2c}) is the same. Fetchers that keep cookies never share one (a client holds its cookie
 * store). Closing a fetcher made from the pool aborts its requests still in flight and gives the
 * client back; a client no fetcher has used for {@code idle} is stopped when the pool is next used
 * or closed, and at most {@code max} are kept (beyond that a fetcher gets a client of its own, as
 * {@link Fetcher#create(FetchOptions)} gives).
 *
 * <p>Thread-safe. {@link #close()} stops every client kept, aborting what is in flight on them.
 */
public final class ClientPool implements AutoCloseable {
  private final long idleNanos;
  private final int max;
  // Insertion order, refreshed on use: the first idle entry is the least recently used.
  private final Map<Key, Entry> entries = new LinkedHashMap<>();
  private boolean closed;

  private ClientPool(Duration idle, int max) {
    this.idleNanos = idle.toNanos();
    this.max = max;
  }

  /**
   * A pool keeping at most {@code max} clients, each until it has been unused for {@code idle}.
   *
   * @throws IllegalArgumentException if {@code max < 1} or {@code idle} is negative
   */
  public static ClientPool create(Duration idle, int max) {
    if (max < 1 || idle.isNegative()) {
      throw new IllegalArgumentException("max must be >= 1 and idle >= 0: " + max + ", " + idle);
    }
    return new ClientPool(idle, max);
  }

  /** Clients kept now, in use or idle. */
  public synchronized int size() {
    return entries.size();
  }

  /** A client and what gives it back. */
  record Lease(HttpClient client, Runnable release) {}

  /**
   * A started client for {@code options}: a kept one, else a new one that will be kept; null when
   * the options keep cookies, the pool is closed or full of clients in use (the caller then starts
   * a client of its own).
   *
   * @throws IllegalArgumentException as {@link JettyClients#start} does
   */
  Lease lease(FetchOptions options) {
    if (options.cookies()) {
      return null;
    }
    Key key = Key.of(options);
    if (key == null) {
      return null;
    }
    List<HttpClient> stale = new ArrayList<>();
    try {
      synchronized (this) {
        if (closed) {
          return null;
        }
        long now = System.nanoTime();
        collectIdle(now, stale);
        Entry entry = entries.remove(key);
        if (entry == null) {
          if (entries.size() >= max && !evictOneIdle(stale)) {
            return null;
          }
          // Made while holding the lock: a second fetcher with the same options waits for this
          // client instead of starting one of its own.
          entry = new Entry(JettyClients.start(options));
        }
        entries.put(key, entry); // now the most recently used
        entry.leases++;
        entry.lastUsed = now;
        Entry leased = entry;
        return new Lease(entry.client, () -> release(leased));
      }
    } finally {
      stopAll(stale);
    }
  }

  private void release(Entry entry) {
    List<HttpClient> stale = new ArrayList<>();
    synchronized (this) {
      entry.leases--;
      entry.lastUsed = System.nanoTime();
      if (closed && entry.leases == 0) {
        stale.add(entry.client);
      }
      collectIdle(entry.lastUsed, stale);
    }
    stopAll(stale);
  }

  /** Stops every kept client; clients still leased stop when their fetchers close. */
  @Override
  public void close() {
    List<HttpClient> stale = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (var it = entries.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.leases == 0) {
          stale.add(e.client);
        }
        it.remove();
      }
    }
    stopAll(stale);
  }

  private void collectIdle(long now, List<HttpClient> stale) {
    for (var it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.leases == 0 && now - e.lastUsed >= idleNanos) {
        stale.add(e.client);
        it.remove();
      }
    }
  }

  private boolean evictOneIdle(List<HttpClient> stale) {
    for (var it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.leases == 0) {
        stale.add(e.client);
        it.remove();
        return true;
      }
    }
    return false;
  }

  private static void stopAll(List<HttpClient> clients) {
    for (HttpClient c : clients) {
      try {
        c.stop();
      } catch (Exception e) {
        // Stopping aborts what is in flight; nothing more to release.
      }
    }
  }

  private static final class Entry {
    final HttpClient client;
    int leases;
    long lastUsed;

    Entry(HttpClient client) {
      this.client = client;
    }
  }

  /**
   * The options, and the cacert file as it is now (a file changed since is other trust); null when
   * the cacert cannot be read (the fetcher's own client then says why).
   */
  private record Key(FetchOptions options, Object cacert) {
    static Key of(FetchOptions options) {
      Path cacert = options.cacert();
      if (cacert == null) {
        return new Key(options, null);
      }
      try {
        return new Key(
            options,
            List.of(
                Files.getLastModifiedTime(cacert).toMillis(),
                Files.size(cacert),
                Files.readAttributes(cacert, "unix:ino").get("ino")));
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        return null;
      }
    }
  }
}
