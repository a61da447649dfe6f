package dev.fanout.store;

import dev.fanout.fetch.Fetcher;
import dev.fanout.hn.HnClient;
import dev.fanout.hn.HnException;
import dev.fanout.hn.Updates;
import dev.fanout.hn.User;
import dev.fanout.internal.Threads;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * {@link Mirror}: the selection as one or more {@link Batch}es, then profiles, then the follow
 * loop.
 */
final class RealMirror implements Mirror {
  private final CountingFetcher fetcher;
  private final HnClient client;
  private final MirrorStore store;
  private final MirrorOptions options;
  private final Semaphore slots;

  RealMirror(Fetcher fetcher, URI api, MirrorStore store, MirrorOptions options) {
    this.fetcher = new CountingFetcher(fetcher);
    this.client = HnClient.create(this.fetcher, api);
    this.store = store;
    this.options = options;
    this.slots = new Semaphore(options.concurrency());
  }

  @Override
  public MirrorResult run(Selection selection, MirrorListener listener) throws HnException {
    long start = System.nanoTime();
    long requestsBefore = fetcher.requests();
    Tally tally = new Tally();
    boolean interrupted = false;
    try {
      select(selection, tally, listener);
      if (options.users()) {
        store.flush();
        users(store.authorsWithoutProfile(), tally);
      }
      if (options.follow()) {
        follow(tally, listener);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      flushKeepingInterrupt();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new MirrorResult(
        tally.items.sum(),
        tally.missing.sum(),
        tally.skipped.sum(),
        tally.failed(),
        tally.users.sum(),
        tally.failedUsers(),
        fetcher.requests() - requestsBefore,
        Duration.ofNanos(System.nanoTime() - start),
        interrupted);
  }

  private void select(Selection selection, Tally tally, MirrorListener listener)
      throws HnException, InterruptedException {
    switch (selection) {
      case Selection.Range(long from, long to) -> range(from, to, tally, listener);
      case Selection.Last(long count) -> {
        long max = client.maxItem();
        if (max >= 1) {
          range(Math.max(1, max - count + 1), max, tally, listener);
        }
      }
      case Selection.Thread(long id) -> {
        listener.open();
        listener.planned(1);
        batch(tally, listener, true, false).run(List.of(id).iterator());
      }
      case Selection.Lists(List<String> names) -> {
        listener.open();
        List<Long> stories = new ArrayList<>();
        for (String name : names) {
          List<Long> ids = client.list(name);
          store.putList(name, ids);
          stories.addAll(ids);
        }
        listener.planned(stories.size());
        batch(tally, listener, true, false).run(stories.iterator());
      }
      case Selection.None() -> {}
    }
  }

  private void range(long from, long to, Tally tally, MirrorListener listener)
      throws InterruptedException {
    BitSet known = store.known(from, to);
    long count = to - from + 1;
    tally.skipped.add(known.cardinality());
    listener.planned(count - known.cardinality());
    batch(tally, listener, false, false).run(unknownIds(from, count, known));
  }

  /** The ids of {@code from..from+count-1} whose bit is clear, lazily. */
  private static Iterator<Long> unknownIds(long from, long count, BitSet known) {
    return new Iterator<>() {
      int next = known.nextClearBit(0);

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public Long next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long id = from + next;
        next = known.nextClearBit(next + 1);
        return id;
      }
    };
  }

  private Batch batch(Tally tally, MirrorListener listener, boolean followKids, boolean refetch) {
    return new Batch(client, store, slots, tally, listener, followKids, refetch);
  }

  private void users(List<String> names, Tally tally) throws InterruptedException {
    try (ExecutorService workers = Threads.newVirtualPerTask("mirror-users")) {
      try {
        for (String name : names) {
          slots.acquire();
          workers.execute(() -> user(name, tally));
        }
      } catch (InterruptedException e) {
        workers.shutdownNow();
        throw e;
      }
    }
  }

  private void user(String name, Tally tally) {
    try {
      Optional<User> user = client.user(name);
      if (user.isPresent()) {
        store.putUser(UserRow.of(user.get()));
        tally.users.increment();
      }
    } catch (HnException | IllegalArgumentException e) {
      tally.failUser(name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      slots.release();
    }
  }

  /**
   * Polls {@code maxitem} and {@code updates} until interrupted; a failed poll is tried again
   * later.
   */
  private void follow(Tally tally, MirrorListener listener) throws InterruptedException {
    long last = pollMaxItem().orElse(store.maxId());
    Updates previous = null;
    while (true) {
      Thread.sleep(options.pollInterval());
      Optional<Long> max = pollMaxItem();
      if (max.isPresent() && max.get() > last) {
        range(last + 1, max.get(), tally, listener);
        last = max.get();
      }
      Updates updates;
      try {
        updates = client.updates();
      } catch (HnException e) {
        continue;
      }
      if (updates.equals(previous)) {
        continue; // unchanged since the last poll: those items were fetched then
      }
      previous = updates;
      listener.planned(updates.items().size());
      batch(tally, listener, false, true).run(updates.items().iterator());
      if (options.users()) {
        users(updates.profiles(), tally);
      }
    }
  }

  private Optional<Long> pollMaxItem() throws InterruptedException {
    try {
      return Optional.of(client.maxItem());
    } catch (HnException e) {
      return Optional.empty();
    }
  }

  private void flushKeepingInterrupt() {
    boolean interrupted = Thread.interrupted();
    try {
      store.flush();
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
