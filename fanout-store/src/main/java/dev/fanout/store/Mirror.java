package dev.fanout.store;

import dev.fanout.fetch.Fetcher;
import dev.fanout.hn.HnException;
import java.net.URI;

/**
 * Mirrors Hacker News items into a {@link MirrorStore}: the crawler at scale, resumable.
 *
 * <p>A run asks only for ids the store does not hold yet (stored, or recorded as {@code null}), so
 * a run that was killed, even with {@code kill -9}, continues where it stopped when started again
 * with the same selection, and a rerun after failures asks only for the failed ids. Items are
 * written by the store's one writer while fetching goes on.
 *
 * <p>Threading: {@link #run} blocks the calling thread, which dispatches; requests run on virtual
 * threads, at most {@link MirrorOptions#concurrency()} at once. The mirror owns neither the fetcher
 * nor the store.
 */
public interface Mirror {

  /** A mirror fetching from the API at {@code api} (e.g. a replica's {@code apiUri()}). */
  static Mirror create(Fetcher fetcher, URI api, MirrorStore store, MirrorOptions options) {
    return new RealMirror(fetcher, api, store, options);
  }

  /**
   * Stores the selection (then, with {@link MirrorOptions#follow()}, new and changed items until
   * interrupted) and reports what was done. Interruption is not an exception: the result says
   * {@link MirrorResult#interrupted()}, everything answered so far is committed, and the thread's
   * interrupt flag is left set.
   *
   * @throws HnException if {@code maxitem} or a story list, which the selection needs, cannot be
   *     read
   * @throws StoreException if the store cannot be written
   */
  MirrorResult run(Selection selection, MirrorListener listener) throws HnException;
}
