package dev.fanout.replica;

/**
 * The knobs of a generated comment tree, fitted to the real threads in {@code hn-items-real.jsonl}
 * (see {@code ThreadShapeTest} for the comparison and its tolerances).
 *
 * <p>The model: comments arrive one by one; each is top-level with probability {@code topBase +
 * 0.7/sqrt(n)} (about 26% for 20 comments, 17% for 100, 11% for 10,000); otherwise, with
 * probability {@code recency} it answers one of the last few comments (a conversation, which makes
 * threads deep), else it answers an existing comment chosen in proportion to its replies + 1 (a
 * popular subthread, which makes level 2-4 the widest).
 *
 * @param topBase the top-level probability that large threads approach
 * @param recency chance a reply continues a recent conversation
 * @param recentSpan mean distance back (in arrivals) of that conversation
 * @param deleted fraction of comments that are deleted stubs (real reachable: 14%)
 * @param dead fraction of the others that are dead (real reachable: 3%)
 * @param missing fraction of listed kids whose item is {@code null}
 * @param chain when true, every comment answers the previous one (a reply chain)
 */
record ThreadShape(
    double topBase,
    double recency,
    double recentSpan,
    double deleted,
    double dead,
    double missing,
    boolean chain) {

  static final ThreadShape REAL = new ThreadShape(0.10, 0.3, 3, 0.12, 0.03, 0.002, false);

  /** Thousands of top-level comments: a load test's favourite. */
  static final ThreadShape WIDE = new ThreadShape(0.45, 0.1, 3, 0.05, 0.02, 0, false);

  static final ThreadShape CHAIN = new ThreadShape(0, 0, 1, 0.02, 0.01, 0, true);

  /** Many deleted, dead and null kids. */
  static final ThreadShape MESSY = new ThreadShape(0.12, 0.3, 3, 0.30, 0.15, 0.08, false);

  /** Clean data: no deleted, dead or missing comments. */
  static final ThreadShape CLEAN = new ThreadShape(0.10, 0.3, 3, 0, 0, 0, false);

  double topLevel(int comments) {
    return Math.min(1, topBase + (topBase == 0 ? 0 : 0.7 / Math.sqrt(Math.max(1, comments))));
  }
}
