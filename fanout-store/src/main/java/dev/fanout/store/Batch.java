package dev.fanout.store;

import dev.fanout.hn.HnClient;
import dev.fanout.internal.Threads;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches a set of ids into the store, following no {@code kids} (ranges and changed items; a
 * thread or a list is a walk of the crawler instead): the caller's thread takes the ids and starts
 * one virtual thread per id after taking a permit, so at most {@code slots} requests are in flight
 * and the ids are consumed lazily (a million-id range never sits in memory, nor does a set of the
 * ids seen, which only a walk needs).
 */
final class Batch {
  private final HnClient client;
  private final Semaphore slots;
  private final StoreSink sink;
  private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();

  Batch(HnClient client, Semaphore slots, StoreSink sink) {
    this.client = client;
    this.slots = slots;
    this.sink = sink;
  }

  /**
   * Runs until every id is answered.
   *
   * @throws InterruptedException if interrupted; requests in flight are cancelled and not recorded
   * @throws StoreException if the store failed; the run stops
   */
  void run(Iterator<Long> ids) throws InterruptedException {
    try (ExecutorService workers = Threads.newVirtualPerTask("mirror")) {
      try {
        while (fatal.get() == null && ids.hasNext()) {
          long id = ids.next();
          slots.acquire();
          workers.execute(() -> work(id));
        }
      } catch (InterruptedException e) {
        workers.shutdownNow();
        throw e;
      }
    }
    // An interrupt while close() waited for the last requests does not throw: close() cancels
    // them (their ids stay unrecorded) and only sets the flag again. Unreported, a stopped run
    // would look finished with ids neither stored nor failed.
    if (Thread.interrupted()) {
      throw new InterruptedException("stopped while the last requests ran");
    }
    RuntimeException failed = fatal.get();
    if (failed != null) {
      throw failed;
    }
  }

  private void work(long id) {
    try {
      sink.accept(client.item(id));
    } catch (InterruptedException e) {
      // The run is being stopped: this id stays unrecorded, so a rerun asks for it again.
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      fatal.compareAndSet(null, e);
    } finally {
      slots.release();
    }
  }
}
