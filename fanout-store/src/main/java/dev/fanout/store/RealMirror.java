package dev.fanout.store;

import dev.fanout.hn.CommentCrawler;
import dev.fanout.hn.CrawlListener;
import dev.fanout.hn.HnClient;
import dev.fanout.hn.HnException;
import dev.fanout.hn.ItemResponse;
import dev.fanout.hn.Updates;
import dev.fanout.hn.User;
import dev.fanout.internal.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * {@link Mirror}: the selection as {@link Batch}es (ranges) or a walk of the crawler (a thread, the
 * stories of lists), then profiles, then the follow loop.
 */
final class RealMirror implements Mirror {
  private final HnClient client;
  private final MirrorStore store;
  private final MirrorOptions options;
  private final Semaphore slots;

  RealMirror(HnClient client, MirrorStore store, MirrorOptions options) {
    this.client = Objects.requireNonNull(client, "client");
    this.store = Objects.requireNonNull(store, "store");
    this.options = options;
    this.slots = new Semaphore(options.concurrency());
  }

  @Override
  public MirrorResult run(Selection selection, MirrorListener listener) throws HnException {
    long start = System.nanoTime();
    long requestsBefore = client.requests();
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
        client.requests() - requestsBefore,
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
        walk(List.of(id).iterator(), tally, listener);
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
        walk(stories.iterator(), tally, listener);
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
    batch(tally, listener).run(unknownIds(from, count, known));
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

  private Batch batch(Tally tally, MirrorListener listener) {
    return new Batch(client, slots, new StoreSink(store, tally, listener));
  }

  /**
   * Stores the trees under {@code roots}, each id once: the crawler's walk, with the store as its
   * source (what an earlier run stored is not asked for again; its stored kids are followed) and
   * its sink. New kids become planned work as they are found.
   */
  private void walk(Iterator<Long> roots, Tally tally, MirrorListener listener)
      throws InterruptedException {
    StoreSink sink = new StoreSink(store, tally, listener);
    CrawlListener discoveries =
        new CrawlListener() {
          @Override
          public void onResponse(long root, ItemResponse response, int depth) {}

          @Override
          public void onDiscovered(long root, long parent, int count) {
            listener.planned(count);
          }
        };
    CommentCrawler.create(client, options.concurrency(), discoveries).walk(roots, sink, sink);
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
      batch(tally, listener).run(updates.items().iterator());
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
