package dev.fanout.store;

import dev.fanout.hn.HnClient;
import dev.fanout.hn.ItemResponse;
import dev.fanout.internal.Threads;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fetches a set of ids into the store: the caller's thread takes ids (discovered kids first, then
 * the seeds) and starts one virtual thread per id after taking a permit, so at most {@code slots}
 * requests are in flight and the seeds are consumed lazily (a million-id range never sits in
 * memory).
 *
 * <p>With {@code followKids}, each item's kids are queued once (cycles and repeats are skipped),
 * and an id an earlier run already stored is not requested again: its stored kids are followed
 * instead. Workers hand rows to the store's writer and never touch the database themselves, except
 * to read back those earlier rows.
 */
final class Batch {
  private final HnClient client;
  private final MirrorStore store;
  private final Semaphore slots;
  private final Tally tally;
  private final MirrorListener listener;
  private final boolean followKids;
  private final boolean refetch;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Long> discovered = new ArrayDeque<>();
  private final HashSet<Long> seen = new HashSet<>();
  private int inFlight;
  private RuntimeException fatal;

  Batch(
      HnClient client,
      MirrorStore store,
      Semaphore slots,
      Tally tally,
      MirrorListener listener,
      boolean followKids,
      boolean refetch) {
    this.client = client;
    this.store = store;
    this.slots = slots;
    this.tally = tally;
    this.listener = listener;
    this.followKids = followKids;
    this.refetch = refetch;
  }

  /**
   * Runs until every seed and every discovered kid is answered.
   *
   * @throws InterruptedException if interrupted; requests in flight are cancelled and not recorded
   * @throws StoreException if the store failed; the run stops
   */
  void run(Iterator<Long> seeds) throws InterruptedException {
    try (ExecutorService workers = Threads.newVirtualPerTask("mirror")) {
      try {
        Long id;
        while ((id = next(seeds)) != null) {
          slots.acquire();
          long chosen = id;
          workers.execute(() -> work(chosen));
        }
      } catch (InterruptedException e) {
        workers.shutdownNow();
        throw e;
      }
    }
    lock.lock();
    try {
      if (fatal != null) {
        throw fatal;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The next id to ask for (counted in flight), or null when all work is done. */
  private Long next(Iterator<Long> seeds) throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (fatal != null) {
          return null;
        }
        Long id = discovered.poll();
        while (id == null && seeds.hasNext()) {
          Long seed = seeds.next();
          if (!followKids || seen.add(seed)) {
            id = seed;
          }
        }
        if (id != null) {
          inFlight++;
          return id;
        }
        if (inFlight == 0) {
          return null;
        }
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  private void work(long id) {
    try {
      if (followKids && !refetch) {
        Optional<ItemRow> stored = store.item(id);
        if (stored.isPresent()) {
          tally.skipped.increment();
          queue(stored.get().kidIds());
          listener.done(id);
          return;
        }
        if (store.isMissing(id)) {
          tally.skipped.increment();
          listener.done(id);
          return;
        }
      }
      switch (client.item(id)) {
        case ItemResponse.Found found -> {
          store.putItem(ItemRow.of(found.item(), found.json()));
          tally.items.increment();
          tally.succeeded(id);
          if (followKids) {
            queue(found.item().kids());
          }
        }
        case ItemResponse.Missing missing -> {
          store.putMissing(id);
          tally.missing.increment();
          tally.succeeded(id);
        }
        case ItemResponse.Failed failed ->
            tally.fail(id, failed.failure().kind().label() + ": " + failed.failure().message());
      }
      listener.done(id);
    } catch (InterruptedException e) {
      // The run is being stopped: this id stays unrecorded, so a rerun asks for it again.
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      lock.lock();
      try {
        if (fatal == null) {
          fatal = e;
        }
      } finally {
        lock.unlock();
      }
    } finally {
      slots.release();
      lock.lock();
      try {
        inFlight--;
        changed.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  private void queue(long[] kids) {
    int added = 0;
    lock.lock();
    try {
      for (long kid : kids) {
        if (seen.add(kid)) {
          discovered.add(kid);
          added++;
        }
      }
      changed.signal();
    } finally {
      lock.unlock();
    }
    if (added > 0) {
      listener.planned(added);
    }
  }

  private void queue(List<Long> kids) {
    long[] ids = new long[kids.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = kids.get(i);
    }
    queue(ids);
  }
}
