package dev.fanout.fetch;

import java.util.Objects;

/**
 * How {@link Fetcher#runRequests} runs a batch: the {@link Strategy}, whether the first failure
 * stops it, and the pool size of {@link Strategy#THREADS}. Immutable; {@link #of(Strategy)} for the
 * common case, {@link #builder()} for the rest:
 *
 * {@snippet :
 * BatchOptions options =
 *     BatchOptions.builder().strategy(Strategy.AS_COMPLETED).failFast(true).build();
 * }
 */
public final class BatchOptions {
  private final Strategy strategy;
  private final boolean failFast;
  private final int threads;
  private final BodySink bodySink;
  private final WarcArchive warc;

  private BatchOptions(Builder b) {
    this.strategy = b.strategy;
    this.failFast = b.failFast;
    this.threads = b.threads;
    this.bodySink = b.bodySink;
    this.warc = b.warc;
  }

  /** The strategy, without fail-fast, with the default pool size for {@link Strategy#THREADS}. */
  public static BatchOptions of(Strategy strategy) {
    return builder().strategy(strategy).build();
  }

  /** A builder starting from {@link Strategy#AS_COMPLETED}, no fail-fast, default threads. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.strategy = strategy;
    b.failFast = failFast;
    b.threads = threads;
    b.bodySink = bodySink;
    b.warc = warc;
    return b;
  }

  /** The order results reach the sink in, and where the requests run. */
  public Strategy strategy() {
    return strategy;
  }

  /** Whether the first failure stops the batch (see {@link Fetcher#runRequests}). */
  public boolean failFast() {
    return failFast;
  }

  /**
   * The platform threads of {@link Strategy#THREADS}; 0 (always, for the other strategies, which
   * run each request on a virtual thread) means the talk's default, min(32, processors + 4).
   */
  public int threads() {
    return threads;
  }

  /**
   * Where the bodies of the answers go, as they arrive (see {@link BodySink}), or null (the
   * default) to count them only.
   */
  public BodySink bodySink() {
    return bodySink;
  }

  /** Where every exchange is archived (see {@link WarcArchive}), or null (the default). */
  public WarcArchive warc() {
    return warc;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchOptions b
        && strategy == b.strategy
        && failFast == b.failFast
        && threads == b.threads
        && Objects.equals(bodySink, b.bodySink)
        && Objects.equals(warc, b.warc);
  }

  @Override
  public int hashCode() {
    return Objects.hash(strategy, failFast, threads, bodySink, warc);
  }

  @Override
  public String toString() {
    return "BatchOptions[strategy="
        + strategy
        + ", failFast="
        + failFast
        + (strategy == Strategy.THREADS ? ", threads=" + threads : "")
        + "]";
  }

  /** A mutable builder; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private Strategy strategy = Strategy.AS_COMPLETED;
    private boolean failFast;
    private int threads;
    private BodySink bodySink;
    private WarcArchive warc;

    private Builder() {}

    public Builder strategy(Strategy value) {
      strategy = Objects.requireNonNull(value, "strategy");
      return this;
    }

    public Builder failFast(boolean value) {
      failFast = value;
      return this;
    }

    /** The pool size for {@link Strategy#THREADS}; 0 for the default. */
    public Builder threads(int value) {
      threads = value;
      return this;
    }

    /** Where the answers' bodies go as they stream in; null (the default) keeps none. */
    public Builder bodySink(BodySink value) {
      bodySink = value;
      return this;
    }

    /** Archives every exchange of the batch in {@code value}; null (the default) archives none. */
    public Builder warc(WarcArchive value) {
      warc = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException if threads is negative, or given (above 0) for a strategy
     *     other than {@link Strategy#THREADS}, which would ignore it
     */
    public BatchOptions build() {
      if (threads < 0) {
        throw new IllegalArgumentException("threads < 0: " + threads);
      }
      if (threads > 0 && strategy != Strategy.THREADS) {
        throw new IllegalArgumentException(
            "threads="
                + threads
                + " is the pool size of Strategy.THREADS; "
                + strategy
                + " runs each request on a virtual thread (leave threads at 0)");
      }
      return new BatchOptions(this);
    }
  }
}
