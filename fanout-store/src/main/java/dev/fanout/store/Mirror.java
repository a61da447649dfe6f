package dev.fanout.store;

import dev.fanout.hn.HnClient;
import dev.fanout.hn.HnException;

/**
 * Mirrors Hacker News items into a {@link MirrorStore}: the crawler at scale, resumable.
 *
 * <p>A run asks only for ids the store does not hold yet (stored, or recorded as {@code null}), so
 * a run that was killed, even with {@code kill -9}, continues where it stopped when started again
 * with the same selection, and a rerun after failures asks only for the failed ids. Items are
 * written by the store's one writer while fetching goes on.
 *
 * <p>A range (or {@code --last}) is fetched id by id; a thread, or the stories of lists, is walked
 * following {@code kids} by the comment crawler ({@link dev.fanout.hn.CommentCrawler#walk}), each
 * id once, with the store as the walk's source and sink.
 *
 * <p>Threading: {@link #run} blocks the calling thread, which dispatches; requests run on virtual
 * threads, at most {@link MirrorOptions#concurrency()} at once. The mirror owns neither the client
 * nor the store.
 */
public interface Mirror {

  /**
   * A mirror fetching through {@code client} (e.g. {@code HnClient.create(replica.apiUri(),
   * options)}); {@link MirrorResult#requests()} counts the client's requests during a run, so a
   * client shared with other work at the same time inflates it.
   */
  static Mirror create(HnClient client, MirrorStore store, MirrorOptions options) {
    return new RealMirror(client, store, options);
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
