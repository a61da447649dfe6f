package dev.fanout.replica;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Renders a {@link ThreadPlan} into the items' JSON, compact with keys in sorted order, all into
 * one byte array per thread (offsets per slot), so a 100,000-comment thread is a few objects.
 */
final class ItemWriter {
  static final long EPOCH = 1_700_000_000L;

  private final long seed;
  private final Users users;

  ItemWriter(long seed, Users users) {
    this.seed = seed;
    this.users = users;
  }

  /** Rendered items of a thread; {@code item(slot)} is null for a missing slot. */
  record Rendered(byte[] blob, int[] offsets) {
    byte[] item(int slot) {
      int from = offsets[slot];
      int to = offsets[slot + 1];
      return from == to ? null : Arrays.copyOfRange(blob, from, to);
    }

    long bytes() {
      return blob.length + 4L * offsets.length;
    }
  }

  static long rootTime(long rootId) {
    return EPOCH + rootId * 3;
  }

  Rendered render(ThreadPlan plan, long descendants) {
    int slots = plan.slots();
    StringBuilder sb = new StringBuilder(slots * 200);
    int[] offsets = new int[slots + 1];
    byte[][] pieces = new byte[slots][];
    long t0 = rootTime(plan.rootId);
    long[] times = new long[slots];
    times[0] = t0;
    SplittableTimes clock = new SplittableTimes(Mix.hash(seed ^ 0x71AEL, plan.rootId));
    for (int s = 1; s < slots; s++) {
      times[s] = Math.max(times[s - 1], times[plan.parent[s]]) + clock.next(slots);
    }
    int total = 0;
    for (int s = 0; s < slots; s++) {
      sb.setLength(0);
      if (s == 0) {
        root(sb, plan, descendants);
      } else {
        slot(sb, plan, s, times[s]);
      }
      pieces[s] = sb.isEmpty() ? null : sb.toString().getBytes(StandardCharsets.UTF_8);
      total += pieces[s] == null ? 0 : pieces[s].length;
    }
    byte[] blob = new byte[total];
    int at = 0;
    for (int s = 0; s < slots; s++) {
      offsets[s] = at;
      if (pieces[s] != null) {
        System.arraycopy(pieces[s], 0, blob, at, pieces[s].length);
        at += pieces[s].length;
      }
    }
    offsets[slots] = at;
    return new Rendered(blob, offsets);
  }

  /** Seconds between arrivals: a big thread's replies come faster. */
  private static final class SplittableTimes {
    private final java.util.SplittableRandom random;

    SplittableTimes(long seed) {
      random = new java.util.SplittableRandom(seed);
    }

    long next(int slots) {
      double mean = slots > 2000 ? 2 : slots > 200 ? 20 : 120;
      return 1 + (long) (-Math.log(1 - random.nextDouble()) * mean);
    }
  }

  private void root(StringBuilder sb, ThreadPlan plan, long descendants) {
    long id = plan.rootId;
    long time = rootTime(id);
    String by = users.authorOf(id);
    long score = 1 + (long) Math.pow(2, 12 * Mix.unit(seed ^ 0x5C0EL, id)) - 1;
    switch (plan.root) {
      case DEAD_STORY ->
          sb.append("{\"by\":\"")
              .append(by)
              .append("\",\"dead\":true,\"id\":")
              .append(id)
              .append(",\"score\":1,\"time\":")
              .append(time)
              .append(",\"type\":\"story\"}");
      case JOB ->
          sb.append("{\"by\":\"")
              .append(by)
              .append("\",\"id\":")
              .append(id)
              .append(",\"score\":")
              .append(score)
              .append(",\"time\":")
              .append(time)
              .append(",\"title\":\"")
              .append(Words.title(seed, id, ""))
              .append(" (YC W")
              .append(10 + id % 15)
              .append(") is hiring\",\"type\":\"job\",\"url\":\"")
              .append(Words.url(seed, id))
              .append("\"}");
      default -> {
        sb.append("{\"by\":\"")
            .append(by)
            .append("\",\"descendants\":")
            .append(descendants)
            .append(",\"id\":")
            .append(id);
        kids(sb, plan, 0);
        if (plan.root == ThreadPlan.Root.POLL) {
          sb.append(",\"parts\":[");
          for (int p = 1; p <= plan.parts; p++) {
            sb.append(p > 1 ? "," : "").append(id + p);
          }
          sb.append(']');
        }
        sb.append(",\"score\":").append(score);
        boolean hasText = plan.root == ThreadPlan.Root.ASK || plan.root == ThreadPlan.Root.POLL;
        if (hasText) {
          sb.append(",\"text\":\"").append(Words.text(seed, id)).append('"');
        }
        String prefix =
            switch (plan.root) {
              case ASK -> "Ask HN: ";
              case SHOW -> "Show HN: ";
              case POLL -> "Poll: ";
              default -> "";
            };
        sb.append(",\"time\":")
            .append(time)
            .append(",\"title\":\"")
            .append(Words.title(seed, id, prefix))
            .append("\",\"type\":\"")
            .append(plan.root == ThreadPlan.Root.POLL ? "poll" : "story")
            .append('"');
        if (!hasText) {
          sb.append(",\"url\":\"").append(Words.url(seed, id)).append('"');
        }
        sb.append('}');
      }
    }
  }

  private void slot(StringBuilder sb, ThreadPlan plan, int s, long time) {
    long id = plan.rootId + s;
    long parentId = plan.rootId + plan.parent[s];
    switch (plan.state[s]) {
      case ThreadPlan.MISSING -> {} // served as null
      case ThreadPlan.POLLOPT ->
          sb.append("{\"by\":\"")
              .append(users.authorOf(plan.rootId))
              .append("\",\"id\":")
              .append(id)
              .append(",\"poll\":")
              .append(plan.rootId)
              .append(",\"score\":")
              .append(Mix.hash(seed, id) & 255)
              .append(",\"text\":\"Option ")
              .append(s)
              .append(": ")
              .append(Words.word(Mix.hash(seed, id)))
              .append("\",\"time\":")
              .append(rootTime(plan.rootId))
              .append(",\"type\":\"pollopt\"}");
      case ThreadPlan.DELETED, ThreadPlan.DELETED_DEAD -> {
        sb.append('{');
        if (plan.state[s] == ThreadPlan.DELETED_DEAD) {
          sb.append("\"dead\":true,");
        }
        sb.append("\"deleted\":true,\"id\":").append(id);
        kids(sb, plan, s);
        sb.append(",\"parent\":")
            .append(parentId)
            .append(",\"time\":")
            .append(time)
            .append(",\"type\":\"comment\"}");
      }
      default -> {
        boolean dead = plan.state[s] == ThreadPlan.DEAD;
        sb.append("{\"by\":\"").append(users.authorOf(id)).append('"');
        if (dead) {
          sb.append(",\"dead\":true");
        }
        sb.append(",\"id\":").append(id);
        kids(sb, plan, s);
        sb.append(",\"parent\":").append(parentId);
        if (dead) {
          long h = Math.floorMod(Mix.hash(seed, id), 3);
          if (h != 2) {
            sb.append(",\"text\":\"").append(h == 0 ? "[dead]" : "[flagged]").append('"');
          }
        } else {
          sb.append(",\"text\":\"").append(Words.text(seed, id)).append('"');
        }
        sb.append(",\"time\":").append(time).append(",\"type\":\"comment\"}");
      }
    }
  }

  private static void kids(StringBuilder sb, ThreadPlan plan, int s) {
    if (plan.kidCount(s) == 0) {
      return;
    }
    sb.append(",\"kids\":[");
    for (int i = plan.kidStart[s]; i < plan.kidStart[s + 1]; i++) {
      if (i > plan.kidStart[s]) {
        sb.append(',');
      }
      sb.append(plan.rootId + plan.kidList[i]);
    }
    sb.append(']');
  }
}
