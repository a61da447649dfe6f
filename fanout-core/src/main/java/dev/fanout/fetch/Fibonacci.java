package dev.fanout.fetch;

import java.math.BigInteger;

/**
 * The talk's CPU-bound job: the n-th Fibonacci number by its own iterative loop, on purpose without
 * a fast-doubling shortcut, so that it is real CPU work (about a second or more for n = 500000).
 */
public final class Fibonacci {
  private Fibonacci() {}

  /**
   * The n-th number of 1, 1, 2, 3, 5, ... (n = 1 gives 1). Blocks the calling thread; checks for
   * interrupts now and then so that Ctrl-C stops it.
   *
   * @throws IllegalArgumentException if n &lt; 1
   * @throws InterruptedException if the thread is interrupted meanwhile
   */
  public static BigInteger nth(int n) throws InterruptedException {
    if (n < 1) {
      throw new IllegalArgumentException("n < 1: " + n);
    }
    BigInteger a = BigInteger.ONE;
    BigInteger b = BigInteger.ONE;
    for (int i = 1; i < n; i++) {
      BigInteger next = a.add(b);
      a = b;
      b = next;
      if ((i & 0xFFF) == 0 && Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("Fibonacci interrupted at " + i);
      }
    }
    return a;
  }
}
