package dev.fanout.hn;

/**
 * Receives each answer the API gave during a {@linkplain CommentCrawler#walk walk}: to store it,
 * count it, or pass it on.
 *
 * <p>Called on a virtual thread of its own per answer, so calls run concurrently and may block (a
 * database write, a full queue): the answer's permit of the crawler's budget is held until the call
 * returns, so a slow sink slows the walk instead of piling answers up. An exception stops the walk:
 * no more requests are sent, answers still in flight are dropped, and {@code walk} rethrows it once
 * every other call has returned.
 */
@FunctionalInterface
public interface ItemSink {

  /**
   * One answer, fetched for an id the walk reached: found, missing ({@code null}) or failed after
   * every retry. Never one the walk's {@link ItemSource} served.
   *
   * @throws InterruptedException if the walk is being stopped while this call waits; the answer is
   *     then left unrecorded
   */
  void accept(ItemResponse response) throws InterruptedException;
}
