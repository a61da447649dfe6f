package dev.fanout.replica;

/** Stateless deterministic randomness: the same (seed, key) always gives the same value. */
final class Mix {
  private Mix() {}

  /** SplitMix64's finalizer over seed and key: well-spread 64 bits. */
  static long hash(long seed, long key) {
    long z = seed * 0x9E3779B97F4A7C15L + key + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    z = (z + key * 0xD1B54A32D192ED03L) * 0x9E3779B97F4A7C15L;
    return z ^ (z >>> 29);
  }

  /** A uniform double in [0, 1) from (seed, key). */
  static double unit(long seed, long key) {
    return (hash(seed, key) >>> 11) * 0x1.0p-53;
  }
}
