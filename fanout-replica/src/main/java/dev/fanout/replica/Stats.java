package dev.fanout.replica;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link ReplicaStats}; cheap enough for every request. */
final class Stats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder clientAborts = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  // Statuses are few; one adder per status avoids contention between server threads.
  private final LongAdder[] statuses = new LongAdder[600];
  private final ConcurrentHashMap<String, LongAdder> faults = new ConcurrentHashMap<>();

  Stats() {
    for (int i = 0; i < statuses.length; i++) {
      statuses[i] = new LongAdder();
    }
  }

  void begin() {
    requests.increment();
    int now = inFlight.incrementAndGet();
    int p;
    while (now > (p = peak.get()) && !peak.compareAndSet(p, now)) {
      // retry: another thread raised the peak meanwhile
    }
  }

  void end() {
    inFlight.decrementAndGet();
  }

  void status(int code) {
    if (code >= 0 && code < statuses.length) {
      statuses[code].increment();
    }
  }

  void clientAbort() {
    clientAborts.increment();
  }

  void fault(FaultKind kind) {
    faults.computeIfAbsent(kind.wireName(), k -> new LongAdder()).increment();
  }

  ReplicaStats snapshot() {
    Map<Integer, Long> byStatus = new TreeMap<>();
    for (int i = 0; i < statuses.length; i++) {
      long n = statuses[i].sum();
      if (n > 0) {
        byStatus.put(i, n);
      }
    }
    Map<String, Long> f = new TreeMap<>();
    faults.forEach((k, v) -> f.put(k, v.sum()));
    return new ReplicaStats(
        requests.sum(), byStatus, f, inFlight.get(), peak.get(), clientAborts.sum());
  }
}
