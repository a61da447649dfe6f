package dev.fanout.cli.shared;

/**
 * Counts in words, as every command prints them: {@code 1 point}, {@code 2 points}, {@code 1
 * retry}.
 */
public final class Words {
  private Words() {}

  /** {@code n} and the noun, with an {@code s} unless {@code n} is 1. */
  public static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  /** {@code n} and the singular or the plural given. */
  public static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
