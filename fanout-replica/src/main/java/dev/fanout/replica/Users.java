package dev.fanout.replica;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The synthetic world's users: a pool of names that are pure functions of (seed, index), authors
 * picked with a heavy skew (a few users write much), so no table is kept.
 */
final class Users {
  static final int POOL = 50_000;

  private final long seed;

  Users(long seed) {
    this.seed = seed;
  }

  String name(int index) {
    return Words.userName(seed, index);
  }

  /** The author of an item: skewed towards low indexes, as real activity is. */
  String authorOf(long itemId) {
    double u = Mix.unit(seed ^ 0xA07L, itemId);
    return name((int) (POOL * u * u * u));
  }

  /** The user's JSON, or empty when the name is not one of the pool's. */
  Optional<byte[]> user(String id) {
    int digits = id.length();
    while (digits > 0 && Character.isDigit(id.charAt(digits - 1))) {
      digits--;
    }
    if (digits == id.length() || id.length() - digits > 6) {
      return Optional.empty();
    }
    int index = Integer.parseInt(id.substring(digits));
    if (index >= POOL || !name(index).equals(id)) {
      return Optional.empty();
    }
    long h = Mix.hash(seed ^ 0x05E6L, index);
    long created =
        ItemWriter.EPOCH - 86_400L * 365 * 10 + Long.remainderUnsigned(h, 86_400L * 365 * 10);
    long karma =
        1 + (long) Math.pow(2, 16 * Math.pow(1 - (double) index / POOL, 3) * Mix.unit(seed, index));
    StringBuilder sb = new StringBuilder();
    if ((h & 3) == 0) {
      sb.append("{\"about\":\"").append(Words.text(seed, -index - 1)).append("\",");
    } else {
      sb.append('{');
    }
    sb.append("\"created\":")
        .append(created)
        .append(",\"id\":\"")
        .append(id)
        .append("\",\"karma\":")
        .append(karma)
        .append('}');
    return Optional.of(sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
