package dev.fanout.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Issue 2: 100,000 URLs from a file stream through {@code fanout fetch} (as-completed) in bounded
 * memory. Runs the CLI in a child JVM with a small heap ({@code -Xmx48m}); if the command held
 * every URL or result at once, or a thread per URL, it would run out of memory.
 *
 * <p>Run: {@code ./fanout-bench/run FetchStreamBench [--urls 100000] [--heap 48m] [-c 256]}.
 */
public final class FetchStreamBench {
  public static void main(String[] args) throws Exception {
    int urls = 100_000;
    String heap = "48m";
    int concurrency = 256;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--urls" -> urls = Integer.parseInt(args[++i]);
        case "--heap" -> heap = args[++i];
        case "-c" -> concurrency = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    String jar = System.getProperty("fanout.cli.jar");
    if (jar == null) {
      throw new IllegalStateException("-Dfanout.cli.jar is not set; run through fanout-bench/run");
    }
    Path list = Files.createTempFile("urls", ".txt");
    try (ServerProcess server = ServerProcess.start()) {
      try (BufferedWriter w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
        for (int i = 0; i < urls; i++) {
          w.write(server.http + "/delay/0?i=" + i);
          w.newLine();
        }
      }
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx" + heap,
                  "--enable-native-access=ALL-UNNAMED",
                  "-jar",
                  jar,
                  "fetch",
                  "--no-progress",
                  "--format",
                  "csv",
                  "-c",
                  Integer.toString(concurrency),
                  "-i",
                  list.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      long ok = 0;
      long lines = 0;
      try (var out = p.inputReader(StandardCharsets.UTF_8)) {
        String line;
        while ((line = out.readLine()) != null) {
          lines++;
          if (line.contains(",200,OK,")) {
            ok++;
          }
        }
      }
      int exit = p.waitFor();
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "FetchStreamBench: %d URLs, -Xmx%s, -c %d: exit %d, %d OK of %d records, %.1f s (%.0f"
              + " URLs/s)%n",
          urls,
          heap,
          concurrency,
          exit,
          ok,
          lines - 1,
          s,
          urls / s);
    } finally {
      Files.deleteIfExists(list);
    }
  }
}
