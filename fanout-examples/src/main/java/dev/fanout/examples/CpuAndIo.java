package dev.fanout.examples;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In [52]–[54]: CPU work beside I/O. {@code run_in_executor} is a platform-thread pool. Run with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1} to see why CPU work does not belong on a
 * virtual thread: nothing preempts it, so it holds its carrier and the I/O threads wait for it.
 */
public final class CpuAndIo {
  // Big enough that the CPU job outlasts the I/O (about 0.7 s here) by a wide margin even on a fast
  // machine, so the platform-thread run always shows the I/O finishing first.
  static final int N = 320_000;

  private CpuAndIo() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackInternet internet = LoopbackInternet.start()) {
      main(internet.client());
    }
  }

  // doc:begin
  static BigInteger nthFibonacci(int n) {
    BigInteger a = BigInteger.ONE;
    BigInteger b = BigInteger.ONE;
    for (int i = 1; i < n; i++) {
      BigInteger next = a.add(b);
      a = b;
      b = next;
    }
    return a;
  }

  static void main(HttpClient client) throws Exception {
    long start = System.nanoTime();
    nthFibonacci(N);
    System.out.printf("N-th Fibonacci number took: %.3f seconds%n", Talk.secondsSince(start));

    try (ExecutorService cpu = Executors.newFixedThreadPool(1)) { // loop.run_in_executor(pool, ...)
      cpuAndIo("CPU on a platform thread", cpu, client);
    }
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      cpuAndIo("CPU on a virtual thread", virtual, client);
    }
  }

  static void cpuAndIo(String label, ExecutorService cpu, HttpClient client) throws Exception {
    long start = System.nanoTime();
    Future<BigInteger> fib = cpu.submit(() -> nthFibonacci(N));
    Thread.sleep(20); // let the CPU task take its thread before the I/O starts
    double io;
    try (ExecutorService scheduler = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String url : LoopbackInternet.URLS) {
        scheduler.submit(() -> Talk.fetch(client, url));
      }
    } finally {
      io = Talk.secondsSince(start);
    }
    boolean ioFirst = !fib.isDone();
    fib.get();
    System.out.printf(
        "%s: I/O done after %.3f seconds, CPU + I/O took: %.3f seconds;"
            + " I/O finished while the CPU worked: %s%n",
        label, io, Talk.secondsSince(start), ioFirst);
  }
  // doc:end
}
