package dev.fanout.bench;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.fetch.Fibonacci;
import dev.fanout.internal.Threads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Issue 2, acceptance 5 (the talk's In [54]): the 500,000-th Fibonacci number on a platform thread
 * beside slow URLs takes about max(cpu, io), not cpu + io.
 *
 * <p>Run: {@code ./fanout-bench/run CpuIoBench [--n 500000] [--urls 20]}. Measures the CPU job
 * alone, sets the URLs' delay to that time (so the sum would be twice either part), then times the
 * I/O alone and both together in one process, then once through the CLI ({@code fanout fetch
 * --cpu-fib N}).
 */
public final class CpuIoBench {
  public static void main(String[] args) throws Exception {
    int n = 500_000;
    int urls = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--urls" -> urls = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "# CpuIoBench: fib(%d) beside %d slow URLs, %d CPUs%n",
        n,
        urls,
        Runtime.getRuntime().availableProcessors());
    Fibonacci.nth(Math.min(n, 50_000)); // warm the JIT a little
    long t0 = System.nanoTime();
    Fibonacci.nth(n);
    double cpu = (System.nanoTime() - t0) / 1e9;
    int delayMs = (int) Math.min(60_000, Math.round(cpu * 1000));
    System.out.printf(
        Locale.ROOT, "cpu alone: %.3f s; URLs will answer after %d ms%n", cpu, delayMs);
    try (ServerProcess server = ServerProcess.start();
        Fetcher fetcher =
            Fetcher.create(
                FetchOptions.builder()
                    .timeout(java.time.Duration.ofMillis(delayMs + 30_000L))
                    .build())) {
      List<String> batch = Collections.nCopies(urls, server.http + "/delay/" + delayMs);
      t0 = System.nanoTime();
      fetcher.gather(batch);
      double io = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "io alone: %.3f s%n", io);

      final int fibN = n;
      List<Double> fibTime = new ArrayList<>();
      t0 = System.nanoTime();
      Thread cpuThread =
          Threads.platform("bench-cpu")
              .newThread(
                  () -> {
                    long s = System.nanoTime();
                    try {
                      Fibonacci.nth(fibN);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    fibTime.add((System.nanoTime() - s) / 1e9);
                  });
      cpuThread.start();
      fetcher.gather(batch);
      cpuThread.join();
      double both = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "cpu + io together: %.3f s (fib inside it %.3f s); max(cpu, io) = %.3f s, sum = %.3f s;"
              + " together / max = %.2f%n",
          both,
          fibTime.getFirst(),
          Math.max(cpu, io),
          cpu + io,
          both / Math.max(cpu, io));
      String jar = System.getProperty("fanout.cli.jar");
      if (jar != null) {
        List<String> command =
            new ArrayList<>(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dslf4j.internal.verbosity=ERROR",
                    "-jar",
                    jar,
                    "fetch",
                    "--no-progress",
                    "--mode",
                    "gather",
                    "--timeout",
                    (delayMs + 30_000) + "ms",
                    "--cpu-fib",
                    Integer.toString(n)));
        command.addAll(batch);
        Process p =
            new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        System.out.println(
            "CLI: fanout fetch --mode gather --cpu-fib " + n + " (" + urls + " URLs):");
        out.lines().filter(l -> l.contains("took")).forEach(l -> System.out.println("  " + l));
      }
    }
  }
}
