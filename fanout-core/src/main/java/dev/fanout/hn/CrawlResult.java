package dev.fanout.hn;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The counts of one crawl of an item's tree, following {@code kids} only (never {@code parent}).
 *
 * <p>Definitions (identical to the replica's catalog): {@code comments} is every entry of every
 * {@code kids} list reached, an id listed again included; {@code fetches} is distinct items
 * requested, the root included; of the fetched non-root items, {@code deleted} have {@code deleted:
 * true}, {@code dead} are the other ones with {@code dead: true}, {@code visible} the other
 * existing ones and {@code missing} the ids the API answered {@code null} for. So on a complete
 * crawl {@code visible + deleted + dead + missing == fetches - 1}. {@code depth} is the deepest
 * existing item's distance from the root (direct replies are 1).
 *
 * <p>A crawl is {@link #complete()} only if the root exists, no item failed and it was not
 * interrupted; otherwise the counts are lower bounds and must be shown as such.
 *
 * @param id the root id that was crawled
 * @param root the root item, or null if it is missing or could not be fetched
 * @param rootMissing true if the API answered {@code null} for the root
 * @param requests HTTP requests made, retries included
 * @param descendants the root's own {@code descendants} field, or null when it has none
 * @param failed ids that gave no usable answer after every retry, ascending
 * @param anomalies ids listed again (repeated) or pointing back to an ancestor (cycle), in
 *     discovery order
 * @param interrupted true if the crawl was stopped before it ended
 */
public record CrawlResult(
    long id,
    Item root,
    boolean rootMissing,
    long comments,
    long fetches,
    long requests,
    long visible,
    long deleted,
    long dead,
    long missing,
    int depth,
    Integer descendants,
    List<Long> failed,
    List<Anomaly> anomalies,
    Duration elapsed,
    boolean interrupted) {

  public CrawlResult {
    failed = List.copyOf(failed);
    anomalies = List.copyOf(anomalies);
    Objects.requireNonNull(elapsed, "elapsed");
    if (comments < 0
        || fetches < 0
        || requests < 0
        || visible < 0
        || deleted < 0
        || dead < 0
        || missing < 0
        || depth < 0) {
      throw new IllegalArgumentException("negative count in crawl of " + id);
    }
  }

  /** True if every reachable item was fetched: the counts are exact. */
  public boolean complete() {
    return root != null && failed.isEmpty() && !interrupted;
  }

  /** The root's title, or its type when it has none; {@code item} when the root is unknown. */
  public String label() {
    return root == null ? "item" : root.label();
  }

  /**
   * True when the root reports a {@code descendants} count that differs from {@link #visible()}.
   */
  public boolean descendantsMismatch() {
    return descendants != null && descendants != visible;
  }

  /** Something odd about the shape of the tree. */
  public enum AnomalyKind {
    /** An id listed in more than one place (or twice in one list); counted, fetched once. */
    REPEATED,
    /** An id pointing back to one of its ancestors (or to itself); counted, not fetched again. */
    CYCLE;

    /** The lower-case name used in JSON output. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * An id the crawl did not fetch again.
   *
   * @param id the id listed again
   * @param parent the item whose {@code kids} listed it
   */
  public record Anomaly(AnomalyKind kind, long id, long parent) {
    public Anomaly {
      Objects.requireNonNull(kind, "kind");
    }
  }
}
