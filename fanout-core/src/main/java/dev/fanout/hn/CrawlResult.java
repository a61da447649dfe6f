package dev.fanout.hn;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The counts of one crawl of an item's tree, following {@code kids} only (never {@code parent}).
 *
 * <p>Definitions (identical to the replica's catalog): {@link #comments()} is every entry of every
 * {@code kids} list reached, an id listed again included; {@link #fetches()} is distinct items
 * requested, the root included; of the fetched non-root items, {@link #deleted()} have {@code
 * deleted: true}, {@link #dead()} are the other ones with {@code dead: true}, {@link #visible()}
 * the other existing ones and {@link #missing()} the ids the API answered {@code null} for. So on a
 * complete crawl {@code visible + deleted + dead + missing == fetches - 1}. {@link #depth()} is the
 * deepest existing item's distance from the root (direct replies are 1).
 *
 * <p>A crawl is {@link #complete()} only if the root exists, no item failed and it was not
 * interrupted; otherwise the counts are lower bounds and must be shown as such.
 *
 * <p>An immutable value: equal when every field is; made by the crawler, or by {@link #builder}
 * (for tests and reports), which starts from zero counts, no root, no failures and zero elapsed
 * time.
 */
public final class CrawlResult {
  private final long id;
  private final Item root;
  private final boolean rootMissing;
  private final long comments;
  private final long fetches;
  private final long requests;
  private final long visible;
  private final long deleted;
  private final long dead;
  private final long missing;
  private final int depth;
  private final Integer descendants;
  private final List<Long> failed;
  private final List<Anomaly> anomalies;
  private final Duration elapsed;
  private final boolean interrupted;

  private CrawlResult(Builder b) {
    this.id = b.id;
    this.root = b.root;
    this.rootMissing = b.rootMissing;
    this.comments = b.comments;
    this.fetches = b.fetches;
    this.requests = b.requests;
    this.visible = b.visible;
    this.deleted = b.deleted;
    this.dead = b.dead;
    this.missing = b.missing;
    this.depth = b.depth;
    this.descendants = b.descendants;
    this.failed = List.copyOf(b.failed);
    this.anomalies = List.copyOf(b.anomalies);
    this.elapsed = Objects.requireNonNull(b.elapsed, "elapsed");
    this.interrupted = b.interrupted;
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

  /** A builder for the crawl of {@code id}. */
  public static Builder builder(long id) {
    return new Builder(id);
  }

  /** A builder holding this result's values. */
  public Builder toBuilder() {
    return new Builder(id)
        .root(root)
        .rootMissing(rootMissing)
        .comments(comments)
        .fetches(fetches)
        .requests(requests)
        .visible(visible)
        .deleted(deleted)
        .dead(dead)
        .missing(missing)
        .depth(depth)
        .descendants(descendants)
        .failed(failed)
        .anomalies(anomalies)
        .elapsed(elapsed)
        .interrupted(interrupted);
  }

  /** The root id that was crawled. */
  public long id() {
    return id;
  }

  /** The root item, or null if it is missing or could not be fetched. */
  public Item root() {
    return root;
  }

  /** True if the API answered {@code null} for the root. */
  public boolean rootMissing() {
    return rootMissing;
  }

  /** Every entry of every {@code kids} list reached, an id listed again included. */
  public long comments() {
    return comments;
  }

  /** Distinct items requested, the root included. */
  public long fetches() {
    return fetches;
  }

  /** HTTP requests made, retries included. */
  public long requests() {
    return requests;
  }

  /** Fetched non-root items neither deleted nor dead. */
  public long visible() {
    return visible;
  }

  /** Fetched non-root items with {@code deleted: true}. */
  public long deleted() {
    return deleted;
  }

  /** Fetched non-root items with {@code dead: true} (and not deleted). */
  public long dead() {
    return dead;
  }

  /** Non-root ids the API answered {@code null} for. */
  public long missing() {
    return missing;
  }

  /** The deepest existing item's distance from the root (direct replies are 1). */
  public int depth() {
    return depth;
  }

  /** The root's own {@code descendants} field, or null when it has none. */
  public Integer descendants() {
    return descendants;
  }

  /** Ids that gave no usable answer after every retry, ascending. */
  public List<Long> failed() {
    return failed;
  }

  /** Ids listed again (repeated) or pointing back to an ancestor (cycle), in discovery order. */
  public List<Anomaly> anomalies() {
    return anomalies;
  }

  /** Wall time of the crawl. */
  public Duration elapsed() {
    return elapsed;
  }

  /** True if the crawl was stopped before it ended. */
  public boolean interrupted() {
    return interrupted;
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

  @Override
  public boolean equals(Object o) {
    return o instanceof CrawlResult r
        && id == r.id
        && rootMissing == r.rootMissing
        && comments == r.comments
        && fetches == r.fetches
        && requests == r.requests
        && visible == r.visible
        && deleted == r.deleted
        && dead == r.dead
        && missing == r.missing
        && depth == r.depth
        && interrupted == r.interrupted
        && Objects.equals(root, r.root)
        && Objects.equals(descendants, r.descendants)
        && failed.equals(r.failed)
        && anomalies.equals(r.anomalies)
        && elapsed.equals(r.elapsed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        root,
        rootMissing,
        comments,
        fetches,
        requests,
        visible,
        deleted,
        dead,
        missing,
        depth,
        descendants,
        failed,
        anomalies,
        elapsed,
        interrupted);
  }

  /**
   * The counts in one line, e.g. {@code CrawlResult[id=23, complete, comments=500, fetches=501,
   * ...]}; the root item is shown by its label, failed ids and anomalies by their number.
   */
  @Override
  public String toString() {
    return "CrawlResult[id="
        + id
        + ", "
        + (complete() ? "complete" : interrupted ? "interrupted" : "incomplete")
        + (rootMissing ? ", root missing" : root == null ? "" : ", root=" + label())
        + ", comments="
        + comments
        + ", fetches="
        + fetches
        + ", requests="
        + requests
        + ", visible="
        + visible
        + ", deleted="
        + deleted
        + ", dead="
        + dead
        + ", missing="
        + missing
        + ", depth="
        + depth
        + ", descendants="
        + descendants
        + ", failed="
        + failed.size()
        + ", anomalies="
        + anomalies.size()
        + ", elapsed="
        + elapsed
        + "]";
  }

  /** Builds a {@link CrawlResult}; not thread-safe. Counts left unset are zero. */
  public static final class Builder {
    private final long id;
    private Item root;
    private boolean rootMissing;
    private long comments;
    private long fetches;
    private long requests;
    private long visible;
    private long deleted;
    private long dead;
    private long missing;
    private int depth;
    private Integer descendants;
    private List<Long> failed = List.of();
    private List<Anomaly> anomalies = List.of();
    private Duration elapsed = Duration.ZERO;
    private boolean interrupted;

    private Builder(long id) {
      this.id = id;
    }

    public Builder root(Item value) {
      this.root = value;
      return this;
    }

    public Builder rootMissing(boolean value) {
      this.rootMissing = value;
      return this;
    }

    public Builder comments(long value) {
      this.comments = value;
      return this;
    }

    public Builder fetches(long value) {
      this.fetches = value;
      return this;
    }

    public Builder requests(long value) {
      this.requests = value;
      return this;
    }

    public Builder visible(long value) {
      this.visible = value;
      return this;
    }

    public Builder deleted(long value) {
      this.deleted = value;
      return this;
    }

    public Builder dead(long value) {
      this.dead = value;
      return this;
    }

    public Builder missing(long value) {
      this.missing = value;
      return this;
    }

    public Builder depth(int value) {
      this.depth = value;
      return this;
    }

    /** The root's {@code descendants} field; null when it has none. */
    public Builder descendants(Integer value) {
      this.descendants = value;
      return this;
    }

    /** Failed ids, ascending (copied). */
    public Builder failed(List<Long> value) {
      this.failed = Objects.requireNonNull(value, "failed");
      return this;
    }

    /** Anomalies in discovery order (copied). */
    public Builder anomalies(List<Anomaly> value) {
      this.anomalies = Objects.requireNonNull(value, "anomalies");
      return this;
    }

    public Builder elapsed(Duration value) {
      this.elapsed = Objects.requireNonNull(value, "elapsed");
      return this;
    }

    public Builder interrupted(boolean value) {
      this.interrupted = value;
      return this;
    }

    /**
     * The result.
     *
     * @throws IllegalArgumentException if a count is negative
     */
    public CrawlResult build() {
      return new CrawlResult(this);
    }
  }

  /** Something odd about the shape of the tree. */
  public enum AnomalyKind {
    /** An id listed in more than one place (or twice in one list); counted, fetched once. */
    REPEATED,
    /** An id pointing back to one of its ancestors (or to itself); counted, not fetched again. */
    CYCLE;

    /** The lower-case name used in JSON output. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
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
