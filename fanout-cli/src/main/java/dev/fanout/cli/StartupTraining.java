package dev.fanout.cli;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A short offline run of the commands users run, for the JDK's AOT cache (JEP 483, 514, 515).
 *
 * <p>The {@code ./fanout} launcher runs this once per build with {@code -XX:AOTCacheOutput}; every
 * later start of that jar then finds the classes these runs used already loaded and linked, with
 * their method profiles, so a one-off command spends less of its life starting up and warming the
 * JIT. It starts a replica in this process (plain and TLS) and runs, each through {@link
 * Fanout#run} as {@code ./fanout} would: {@code hn comments} on a 2,500-comment thread over
 * HTTP/1.1, h2c and h2, {@code hn item}, {@code user}, {@code thread} and {@code top}, {@code
 * fetch} in two modes, {@code hn mirror} into a scratch database, {@code serve} (asked for its
 * catalog, then stopped), and {@code --version} and {@code --help}. All output is discarded.
 *
 * <p>Exits 0 when every run ended as expected, 1 otherwise (naming the runs that did not, on
 * stderr); the launcher then simply does without the cache.
 */
public final class StartupTraining {
  private StartupTraining() {}

  private static final Pattern SERVING =
      Pattern.compile("Serving Hacker News API replica at (\\S+)\\R");

  /** One command line and the exit code it should end with. */
  private record Run(int exit, String... args) {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    int failures = 0;
    Path scratch = Files.createTempDirectory("fanout-training");
    try (Replica plain = Replica.start(ReplicaConfig.builder().port(0).build());
        Replica tls = Replica.start(ReplicaConfig.builder().port(0).tls(true).build());
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream())) {
      String thread = Long.toString(plain.catalog().get("2500").id());
      String small = Long.toString(plain.catalog().get("small").id());
      String plainApi = plain.apiUri().toString();
      String tlsApi = tls.apiUri().toString();
      String cert = tls.certificate().orElseThrow().toString();
      List<Run> runs =
          List.of(
              new Run(0, "--version"),
              new Run(0, "--help"),
              new Run(0, "hn", "comments", thread, "--api", plainApi, "--no-progress"),
              new Run(
                  0,
                  "hn",
                  "comments",
                  thread,
                  "--api",
                  plainApi,
                  "--no-progress",
                  "--h2c",
                  "--format",
                  "jsonl"),
              new Run(
                  0, "hn", "comments", thread, "--api", tlsApi, "--no-progress", "--cacert", cert),
              new Run(0, "hn", "item", small, "--api", plainApi),
              // A name not in the replica's pool: the user path up to its "not found" (exit 1).
              new Run(ExitCode.SOME_FAILED, "hn", "user", "nobody", "--api", plainApi),
              new Run(0, "hn", "thread", small, "--api", plainApi),
              new Run(0, "hn", "top", "-n", "5", "--api", plainApi, "--no-progress"),
              new Run(
                  0,
                  "fetch",
                  "--no-progress",
                  "--mode",
                  "gather",
                  plainApi + "/item/1.json",
                  plainApi + "/item/2.json",
                  plainApi + "/item/3.json",
                  plainApi + "/maxitem.json"),
              new Run(
                  0,
                  "fetch",
                  "--no-progress",
                  "--format",
                  "jsonl",
                  plainApi + "/item/4.json",
                  plainApi + "/topstories.json"),
              new Run(
                  0,
                  "hn",
                  "mirror",
                  "--db",
                  scratch.resolve("mirror.db").toString(),
                  "--thread",
                  small,
                  "--api",
                  plainApi,
                  "--no-progress"));
      System.setOut(discard);
      System.setErr(discard);
      for (Run run : runs) {
        int exit = Fanout.run(run.args());
        if (exit != run.exit()) {
          failures++;
          err.println("fanout training: exit " + exit + " from " + String.join(" ", run.args()));
        }
      }
      if (!serve(err)) {
        failures++;
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
      deleteTree(scratch);
    }
    System.exit(failures == 0 ? 0 : 1);
  }

  /**
   * {@code fanout serve --port 0} on a thread of this process, asked for its catalog and a few
   * items by {@code fetch}, then stopped as tests stop it (an interrupt: exit 130).
   */
  private static boolean serve(PrintStream err) throws InterruptedException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    OutputStream serveOut =
        new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (printed) {
              printed.write(b);
              printed.notifyAll();
            }
          }
        };
    AtomicInteger exit = new AtomicInteger(-1);
    Thread server =
        Thread.ofPlatform()
            .name("training-serve")
            .start(
                () ->
                    exit.set(
                        Fanout.run(
                            serveOut, OutputStream.nullOutputStream(), "serve", "--port", "0")));
    String api = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (printed) {
      while (api == null && server.isAlive() && System.nanoTime() < deadline) {
        // The whole line: it is read while it is being written.
        Matcher serving = SERVING.matcher(printed.toString(StandardCharsets.UTF_8));
        if (serving.find()) {
          api = serving.group(1);
        } else {
          printed.wait(100);
        }
      }
    }
    boolean ok =
        api != null
            && Fanout.run(
                    "fetch",
                    "--no-progress",
                    api.replaceFirst("/v0$", "") + "/__catalog",
                    api + "/item/1.json",
                    api + "/maxitem.json")
                == 0;
    server.interrupt();
    server.join(TimeUnit.SECONDS.toMillis(30));
    if (!ok || exit.get() != ExitCode.INTERRUPTED) {
      err.println("fanout training: serve at " + api + ": fetch ok " + ok + ", exit " + exit.get());
      return false;
    }
    return true;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (java.io.IOException e) {
      // A scratch directory under the temporary directory: left for the system to clean.
    }
  }
}
