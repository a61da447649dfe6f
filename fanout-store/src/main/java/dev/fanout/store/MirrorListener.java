package dev.fanout.store;

/**
 * Sees a mirror run's progress, for a progress bar. Called on worker threads, many at once: must be
 * thread-safe and quick.
 */
public interface MirrorListener {
  MirrorListener NONE = new MirrorListener() {};

  /**
   * More work became known: {@code ids} more ids will be asked for (a range, a list, new items).
   */
  default void planned(long ids) {}

  /** One id was answered (stored, recorded null, failed, or skipped as already stored). */
  default void done(long id) {}

  /** Ids to be asked for are found as the run goes (threads), so no total is known. */
  default void open() {}
}
