package dev.fanout.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where each thread of the synthetic world sits: the catalog's stories first (ids from 1), then
 * filler threads laid out chunk by chunk from the seed, so finding the thread of any id costs a few
 * random draws and no memory.
 */
final class WorldLayout {
  static final int CHUNK = 4096;

  /** One thread: a root kind and size at a position. */
  record Spec(
      String name,
      String description,
      long rootId,
      ThreadPlan.Root root,
      int parts,
      int comments,
      ThreadShape shape,
      ThreadPlan.Twist twist) {
    long end() {
      return rootId + 1 + parts + comments;
    }
  }

  private final long seed;
  private final long size;
  private final List<Spec> catalog = new ArrayList<>();
  private final long fillerStart;

  WorldLayout(long seed, long size) {
    this.seed = seed;
    long at = 1;
    at =
        add(
            "none",
            "a story without comments",
            at,
            ThreadPlan.Root.STORY,
            0,
            0,
            ThreadShape.REAL,
            ThreadPlan.Twist.NONE);
    at =
        add(
            "small",
            "about 20 comments",
            at,
            ThreadPlan.Root.STORY,
            0,
            20,
            ThreadShape.REAL,
            ThreadPlan.Twist.NONE);
    for (int n : new int[] {500, 2500, 10_000, 50_000, 100_000}) {
      at =
          add(
              Integer.toString(n),
              "about " + n + " comments, realistic shape",
              at,
              ThreadPlan.Root.STORY,
              0,
              n,
              ThreadShape.REAL,
              ThreadPlan.Twist.NONE);
    }
    at =
        add(
            "wide10000",
            "10,000 comments, thousands of them top-level",
            at,
            ThreadPlan.Root.STORY,
            0,
            10_000,
            ThreadShape.WIDE,
            ThreadPlan.Twist.NONE);
    at =
        add(
            "deep10000",
            "a reply chain 10,000 deep",
            at,
            ThreadPlan.Root.STORY,
            0,
            10_000,
            ThreadShape.CHAIN,
            ThreadPlan.Twist.NONE);
    at =
        add(
            "cycle",
            "a kid lists one of its ancestors",
            at,
            ThreadPlan.Root.STORY,
            0,
            30,
            ThreadShape.CLEAN,
            ThreadPlan.Twist.CYCLE);
    at =
        add(
            "repeated",
            "the root lists a kid twice",
            at,
            ThreadPlan.Root.STORY,
            0,
            30,
            ThreadShape.CLEAN,
            ThreadPlan.Twist.REPEATED);
    at =
        add(
            "messy",
            "many deleted, dead and null kids",
            at,
            ThreadPlan.Root.STORY,
            0,
            300,
            ThreadShape.MESSY,
            ThreadPlan.Twist.NONE);
    at =
        add(
            "poll",
            "a poll with 4 parts and comments",
            at,
            ThreadPlan.Root.POLL,
            4,
            60,
            ThreadShape.REAL,
            ThreadPlan.Twist.NONE);
    at =
        add(
            "ask",
            "an Ask HN story (text, no url)",
            at,
            ThreadPlan.Root.ASK,
            0,
            40,
            ThreadShape.REAL,
            ThreadPlan.Twist.NONE);
    at =
        add(
            "job",
            "a job posting (no kids, no descendants)",
            at,
            ThreadPlan.Root.JOB,
            0,
            0,
            ThreadShape.REAL,
            ThreadPlan.Twist.NONE);
    this.fillerStart = at;
    if (size < at - 1) {
      throw new IllegalArgumentException(
          "synthetic world size < " + (at - 1) + " (the catalog needs that many ids): " + size);
    }
    this.size = size;
  }

  private long add(
      String name,
      String description,
      long at,
      ThreadPlan.Root root,
      int parts,
      int comments,
      ThreadShape shape,
      ThreadPlan.Twist twist) {
    Spec spec = new Spec(name, description, at, root, parts, comments, shape, twist);
    catalog.add(spec);
    return spec.end();
  }

  List<Spec> catalog() {
    return catalog;
  }

  long size() {
    return size;
  }

  /** The thread holding {@code id}, or null when outside the world. */
  Spec threadAt(long id) {
    if (id < 1 || id > size) {
      return null;
    }
    if (id < fillerStart) {
      for (Spec s : catalog) {
        if (id < s.end()) {
          return s;
        }
      }
    }
    List<Spec> chunk = chunk((id - fillerStart) / CHUNK);
    for (Spec s : chunk) {
      if (id < s.end()) {
        return s;
      }
    }
    return null;
  }

  long chunks() {
    return size < fillerStart ? 0 : (size - fillerStart) / CHUNK + 1;
  }

  private final java.util.concurrent.ConcurrentHashMap<Long, List<Spec>> chunks =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The filler threads of chunk {@code c}, in id order; they exactly tile the chunk. Cached. */
  List<Spec> chunk(long c) {
    List<Spec> cached = chunks.get(c);
    if (cached == null) {
      if (chunks.size() > 4096) {
        chunks.clear(); // a bound, not an LRU: recomputing a chunk costs microseconds
      }
      cached = computeChunk(c);
      chunks.put(c, cached);
    }
    return cached;
  }

  private List<Spec> computeChunk(long c) {
    long start = fillerStart + c * CHUNK;
    long end = Math.min(start + CHUNK, size + 1);
    SplittableRandom random = new SplittableRandom(Mix.hash(seed ^ 0xC4C4L, c));
    List<Spec> out = new ArrayList<>();
    long at = start;
    while (at < end) {
      long room = end - at - 1;
      double u = random.nextDouble();
      ThreadPlan.Root root;
      int parts = 0;
      int comments = 0;
      if (u < 0.02) {
        root = ThreadPlan.Root.JOB;
      } else if (u < 0.03) {
        root = ThreadPlan.Root.DEAD_STORY;
      } else {
        root =
            u < 0.04
                ? ThreadPlan.Root.POLL
                : u < 0.08
                    ? ThreadPlan.Root.ASK
                    : u < 0.14 ? ThreadPlan.Root.SHOW : ThreadPlan.Root.STORY;
        parts = root == ThreadPlan.Root.POLL ? 2 + random.nextInt(4) : 0;
        double v = random.nextDouble();
        comments = v < 0.45 ? 0 : (int) Math.exp(random.nextDouble() * Math.log(600));
      }
      if (parts > room) {
        root = ThreadPlan.Root.STORY;
        parts = 0;
      }
      comments = (int) Math.min(comments, room - parts);
      Spec spec =
          new Spec(null, null, at, root, parts, comments, ThreadShape.REAL, ThreadPlan.Twist.NONE);
      out.add(spec);
      at = spec.end();
    }
    return List.copyOf(out);
  }
}
