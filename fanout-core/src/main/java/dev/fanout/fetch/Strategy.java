package dev.fanout.fetch;

/** The talk's ways of fetching a batch of URLs; see {@link Fetcher#run}. */
public enum Strategy {
  /** One after another on the caller's thread (the talk's {@code main}). */
  SEQUENTIAL,
  /**
   * Concurrently; results handed over in input order once all are done ({@code asyncio.gather}).
   */
  GATHER,
  /**
   * Concurrently; each result handed over the moment it completes ({@code asyncio.as_completed}).
   */
  AS_COMPLETED,
  /**
   * Concurrently; input order, each result handed over as soon as it and all before it are done.
   */
  ORDERED,
  /**
   * On a pool of platform threads (the talk's {@code ThreadPoolExecutor}); results in input order
   * once all are done, as the talk prints them.
   */
  THREADS
}
