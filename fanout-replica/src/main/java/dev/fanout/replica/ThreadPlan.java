package dev.fanout.replica;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The structure of one generated thread: which slot (id = root + slot) is what, who answers whom,
 * and the {@code kids} lists — no JSON. Cheap enough to regenerate; deterministic per seed.
 * Immutable after construction.
 */
final class ThreadPlan {
  static final byte COMMENT = 0;
  static final byte DELETED = 1;
  static final byte DEAD = 2;
  static final byte DELETED_DEAD = 3;
  static final byte MISSING = 4;
  static final byte POLLOPT = 5;

  /** The root item's kind. */
  enum Root {
    STORY,
    ASK,
    SHOW,
    POLL,
    JOB,
    DEAD_STORY
  }

  /** A deliberate defect in the {@code kids} lists, for the catalog's anomaly stories. */
  enum Twist {
    /** Kids lists as generated. */
    NONE,
    /** The deepest live comment also lists an ancestor. */
    CYCLE,
    /** The root lists its first kid twice. */
    REPEATED
  }

  final long rootId;
  final Root root;
  final int parts;

  /** Per slot 1..size(); slot 0 is the root. */
  final byte[] state;

  final int[] parent;

  /** Kids of slot s: kidList[kidStart[s] .. kidStart[s+1]). */
  final int[] kidStart;

  final int[] kidList;
  final long seed;

  private ThreadPlan(
      long rootId,
      Root root,
      int parts,
      byte[] state,
      int[] parent,
      int[] kidStart,
      int[] kidList,
      long seed) {
    this.rootId = rootId;
    this.root = root;
    this.parts = parts;
    this.state = state;
    this.parent = parent;
    this.kidStart = kidStart;
    this.kidList = kidList;
    this.seed = seed;
  }

  /** Slots including the root: the thread occupies ids rootId .. rootId + slots() - 1. */
  int slots() {
    return state.length;
  }

  int kidCount(int slot) {
    return kidStart[slot + 1] - kidStart[slot];
  }

  /**
   * Generates a thread of {@code comments} comment slots (null kids included) after {@code parts}
   * poll options.
   *
   * @param twist the defect to add to the kids lists, if any
   */
  static ThreadPlan generate(
      long seed, long rootId, Root root, int parts, int comments, ThreadShape shape, Twist twist) {
    SplittableRandom random = new SplittableRandom(Mix.hash(seed, rootId));
    int size = 1 + parts + comments;
    byte[] state = new byte[size];
    int[] parent = new int[size];
    for (int p = 1; p <= parts; p++) {
      state[p] = POLLOPT;
    }
    growComments(random, shape, parts, comments, state, parent);
    int[][] kids = kidsOf(parent, state, parts, random);
    switch (twist) {
      case NONE -> {}
      case CYCLE -> addCycle(kids, parent, state);
      case REPEATED -> addRepeat(kids);
    }
    int[] start = new int[size + 1];
    for (int s = 0; s < size; s++) {
      start[s + 1] = start[s] + kids[s].length;
    }
    int[] list = new int[start[size]];
    for (int s = 0; s < size; s++) {
      System.arraycopy(kids[s], 0, list, start[s], kids[s].length);
    }
    return new ThreadPlan(rootId, root, parts, state, parent, start, list, seed);
  }

  /**
   * Lets the comments arrive one by one after the poll options (see {@link ThreadShape} for the
   * model): fills in each comment slot's parent and state.
   */
  private static void growComments(
      SplittableRandom random,
      ThreadShape shape,
      int parts,
      int comments,
      byte[] state,
      int[] parent) {
    // Tokens for choosing a parent in proportion to replies + 1 (a comment is in the array once per
    // reply it got, plus once for itself).
    int[] tokens = new int[2 * comments + 1];
    int tokenCount = 0;
    double top = shape.topLevel(comments);
    int first = parts + 1;
    int lastReal = 0;
    for (int s = first; s < state.length; s++) {
      int p = parentFor(random, shape, top, tokens, tokenCount, first, lastReal, state);
      parent[s] = p;
      double u = random.nextDouble();
      if (s > first && u < shape.missing()) {
        state[s] = MISSING;
        continue;
      }
      state[s] = liveState(random, shape);
      tokens[tokenCount++] = s;
      if (p != 0) {
        tokens[tokenCount++] = p;
      }
      lastReal = s;
    }
  }

  /**
   * The slot the next comment answers (0: the root): the previous comment in a chain, else the
   * root, a recent conversation or a popular subthread.
   */
  private static int parentFor(
      SplittableRandom random,
      ThreadShape shape,
      double top,
      int[] tokens,
      int tokenCount,
      int first,
      int lastReal,
      byte[] state) {
    if (shape.chain()) {
      return lastReal;
    }
    if (tokenCount == 0 || random.nextDouble() < top) {
      return 0;
    }
    if (random.nextDouble() < shape.recency()) {
      int back = (int) (-Math.log(1 - random.nextDouble()) * shape.recentSpan());
      int p = Math.max(first, lastReal - back);
      while (p > first && state[p] == MISSING) {
        p--;
      }
      return state[p] == MISSING ? 0 : p;
    }
    return tokens[random.nextInt(tokenCount)];
  }

  /** A present comment's state: mostly {@link #COMMENT}, some deleted or dead. */
  private static byte liveState(SplittableRandom random, ThreadShape shape) {
    double v = random.nextDouble();
    if (v < shape.deleted()) {
      return random.nextDouble() < 0.04 ? DELETED_DEAD : DELETED;
    }
    if (v < shape.deleted() + shape.dead()) {
      return DEAD;
    }
    return COMMENT;
  }

  /** Kids lists, in HN's rank order: roughly oldest first, shuffled a little. */
  private static int[][] kidsOf(int[] parent, byte[] state, int parts, SplittableRandom random) {
    int size = parent.length;
    int[] counts = new int[size];
    for (int s = parts + 1; s < size; s++) {
      counts[parent[s]]++;
    }
    int[][] kids = new int[size][];
    for (int s = 0; s < size; s++) {
      kids[s] = new int[counts[s]];
      counts[s] = 0;
    }
    for (int s = parts + 1; s < size; s++) {
      int p = parent[s];
      kids[p][counts[p]++] = s;
    }
    for (int[] k : kids) {
      for (int i = 0; i + 1 < k.length; i++) {
        if (random.nextInt(4) == 0) {
          int t = k[i];
          k[i] = k[i + 1];
          k[i + 1] = t;
        }
      }
    }
    return kids;
  }

  /** The deepest live comment also lists its grandparent's first kid: an ancestor, a cycle. */
  private static void addCycle(int[][] kids, int[] parent, byte[] state) {
    int deepest = 0;
    int best = -1;
    for (int s = 1; s < parent.length; s++) {
      if (state[s] == MISSING) {
        continue;
      }
      int d = 0;
      for (int a = s; a != 0; a = parent[a]) {
        d++;
      }
      if (d > best) {
        best = d;
        deepest = s;
      }
    }
    int ancestor = deepest;
    while (parent[ancestor] != 0) {
      ancestor = parent[ancestor];
    }
    kids[deepest] = Arrays.copyOf(kids[deepest], kids[deepest].length + 1);
    kids[deepest][kids[deepest].length - 1] = ancestor;
  }

  /** The root lists its first kid twice. */
  private static void addRepeat(int[][] kids) {
    int[] k = kids[0];
    if (k.length > 0) {
      kids[0] = Arrays.copyOf(k, k.length + 1);
      kids[0][k.length] = k[0];
    }
  }

  /** What a crawl following kids from the root finds (the catalog's counts). */
  Counts count() {
    BitSet fetched = new BitSet(slots());
    int[] depth = new int[slots()];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    fetched.set(0);
    queue.add(0);
    long comments = 0, visible = 0, deleted = 0, dead = 0, missing = 0;
    int maxDepth = 0;
    while (!queue.isEmpty()) {
      int s = queue.poll();
      for (int i = kidStart[s]; i < kidStart[s + 1]; i++) {
        int k = kidList[i];
        comments++;
        if (fetched.get(k)) {
          continue;
        }
        fetched.set(k);
        depth[k] = depth[s] + 1;
        switch (state[k]) {
          case MISSING -> {
            missing++;
            continue;
          }
          case DELETED, DELETED_DEAD -> deleted++;
          case DEAD -> dead++;
          default -> visible++;
        }
        maxDepth = Math.max(maxDepth, depth[k]);
        queue.add(k);
      }
    }
    return new Counts(comments, fetched.cardinality(), visible, deleted, dead, missing, maxDepth);
  }

  record Counts(
      long comments,
      long fetches,
      long visible,
      long deleted,
      long dead,
      long missing,
      int depth) {}
}
