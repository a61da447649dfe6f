package dev.fanout.bench;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Issue 2, acceptance 6: 1,000 URLs each answering after 200 ms, {@code -c 1000}, HTTP/1.1, the
 * server in another process: {@code gather} should complete within 1.25 x 200 ms.
 *
 * <p>Run: {@code ./fanout-bench/run FetchGatherBench [--urls 1000] [--delay-ms 200] [--warmup 20]
 * [--rounds 30]}. Prints the library's gather time, the client's and the server's CPU time per
 * round (round 1 opens the 1,000 connections; later rounds reuse them, as one long-running client
 * would). The first {@code --warmup} rounds let both JVMs' JIT compilers finish (as JMH's warm-up
 * iterations do); the summary is over the {@code --rounds} after them. Then one end-to-end run of
 * the CLI ({@code fanout fetch --mode gather -c 1000}, a fresh JVM: connections, class loading and
 * JIT included), the cold figure a user sees.
 */
public final class FetchGatherBench {
  public static void main(String[] args) throws Exception {
    int urls = 1000;
    int delayMs = 200;
    int warmup = 20;
    int rounds = 30;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--urls" -> urls = Integer.parseInt(args[++i]);
        case "--delay-ms" -> delayMs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    try (ServerProcess server = ServerProcess.start()) {
      String url = server.http + "/delay/" + delayMs;
      List<String> batch = Collections.nCopies(urls, url);
      System.out.printf(
          Locale.ROOT,
          "# FetchGatherBench: %d URLs x %d ms, -c %d, HTTP/1.1, server pid apart, %d CPUs%n",
          urls,
          delayMs,
          urls,
          Runtime.getRuntime().availableProcessors());
      List<Double> warm = new ArrayList<>();
      try (Fetcher fetcher =
          Fetcher.create(FetchOptions.builder().concurrency(urls).retries(0).build())) {
        for (int round = 1; round <= warmup + rounds; round++) {
          long cpu0 = cpuNanos();
          long serverCpu0 = server.cpuMillis();
          java.time.Instant wall0 = java.time.Instant.now();
          long t0 = System.nanoTime();
          List<FetchResult> results = fetcher.gather(batch);
          double ms = (System.nanoTime() - t0) / 1e6;
          double cpuMs = (cpuNanos() - cpu0) / 1e6;
          long serverCpuMs = server.cpuMillis() - serverCpu0;
          // Where the time went: when the last request was sent (after t0), and how long the
          // slowest
          // one took from send to body read.
          double lastSent =
              results.stream()
                  .mapToDouble(
                      r ->
                          java.time.Duration.between(wall0, r.finishedAt().minus(r.elapsed()))
                                  .toNanos()
                              / 1e6)
                  .max()
                  .orElse(0);
          double slowest =
              results.stream().mapToDouble(r -> r.elapsed().toNanos() / 1e6).max().orElse(0);
          long ok =
              results.stream()
                  .filter(r -> r instanceof FetchResult.Response resp && resp.status() == 200)
                  .count();
          System.out.printf(
              Locale.ROOT,
              "library gather round %d: %.1f ms (%.2f x %d ms), last sent at %.0f ms, slowest %.0f"
                  + " ms, client CPU %.0f ms, server CPU %d ms, %d/%d OK%s%n",
              round,
              ms,
              ms / delayMs,
              delayMs,
              lastSent,
              slowest,
              cpuMs,
              serverCpuMs,
              ok,
              urls,
              round == 1 ? "  [opens the connections]" : round <= warmup ? "  [warm-up]" : "");
          if (round > warmup && round > 1) {
            warm.add(ms);
          }
        }
      }
      if (!warm.isEmpty()) {
        Collections.sort(warm);
        double median = warm.get(warm.size() / 2);
        double p90 = warm.get(Math.min(warm.size() - 1, (int) Math.ceil(warm.size() * 0.9) - 1));
        System.out.printf(
            Locale.ROOT,
            "library gather, %d rounds after %d warm-up: best %.1f ms (%.2f x), median %.1f ms"
                + " (%.2f x), p90 %.1f ms (%.2f x), worst %.1f ms (%.2f x); target <= 1.25 x%n",
            warm.size(),
            warmup,
            warm.getFirst(),
            warm.getFirst() / delayMs,
            median,
            median / delayMs,
            p90,
            p90 / delayMs,
            warm.getLast(),
            warm.getLast() / delayMs);
      }
      cli(server, url, urls, delayMs);
    }
  }

  /** CPU time of this (client) process: less sensitive to a busy machine than wall time. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void cli(ServerProcess server, String url, int urls, int delayMs)
      throws Exception {
    String jar = System.getProperty("fanout.cli.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      System.out.println("(CLI run skipped: -Dfanout.cli.jar not set; fanout-bench/run sets it)");
      return;
    }
    Path list = Files.createTempFile("urls", ".txt");
    try {
      Files.write(list, Collections.nCopies(urls, url), StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-Dslf4j.internal.verbosity=ERROR",
                  "-jar",
                  jar,
                  "fetch",
                  "--no-progress",
                  "--mode",
                  "gather",
                  "-c",
                  Integer.toString(urls),
                  "--retries",
                  "0",
                  "-i",
                  list.toString())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      long ok = out.lines().filter(l -> l.contains(" 200 OK ")).count();
      String took =
          out.lines()
              .filter(l -> l.startsWith("Fetching all results took"))
              .findFirst()
              .orElse("?");
      java.util.Map<String, Long> errors =
          out.lines()
              .filter(l -> l.startsWith("Error retrieving URL"))
              .collect(
                  java.util.stream.Collectors.groupingBy(
                      l -> l.substring(l.lastIndexOf(' ') + 1),
                      java.util.TreeMap::new,
                      java.util.stream.Collectors.counting()));
      System.out.printf(
          Locale.ROOT,
          "CLI (fresh JVM, cold connections): exit %d, %d/%d OK%s, %s%n",
          exit,
          ok,
          urls,
          errors.isEmpty() ? "" : " errors " + errors,
          took);
    } finally {
      Files.deleteIfExists(list);
    }
  }
}
