package dev.fanout.cli.daemon;

import dev.fanout.cli.shared.Invocation;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The background process's own warm-up: right after it starts, it runs the client commands against
 * a replica in this JVM (offline, loopback), so that the user's next command, usually its first,
 * finds the crawl and fetch paths compiled by C2 rather than interpreted.
 *
 * <p>It gives way to users' commands: it runs only while none is running, a command that starts
 * stops the warm-up run in progress (as Ctrl-C would), and the warm-up goes on after the daemon has
 * been quiet for {@link #QUIET}. It ends after its runs or its {@link #BUDGET}, whichever comes
 * first; {@code FANOUT_DAEMON_WARMUP=0} at the daemon's start turns it off. Its output is
 * discarded; a failure only ends it. See docs/decisions/0015-background-process.md.
 */
final class WarmUp {
  /** Wall time after which the warm-up stops starting runs. */
  static final Duration BUDGET = Duration.ofSeconds(60);

  /** How long no command must have run before the warm-up resumes. */
  static final Duration QUIET = Duration.ofMillis(500);

  /** Times each crawl is repeated: enough for C2 to compile the per-item path. */
  static final int ROUNDS = 6;

  private final CommandRunner commands;
  private final int rounds;
  private final BooleanSupplier busy;
  private final LongSupplier lastActivityNanos;
  private volatile Invocation current;
  private volatile boolean done;
  private volatile int completed;

  private WarmUp(
      CommandRunner commands, int rounds, BooleanSupplier busy, LongSupplier lastActivityNanos) {
    this.commands = commands;
    this.rounds = rounds;
    this.busy = busy;
    this.lastActivityNanos = lastActivityNanos;
  }

  /**
   * Starts the warm-up on a thread of its own.
   *
   * @param commands runs each warm-up command line
   * @param rounds how many times the plain crawls and fetches are repeated ({@link #ROUNDS})
   * @param busy whether a user's command is running now
   * @param lastActivityNanos {@link System#nanoTime()} of the last command's start or end
   */
  static WarmUp start(
      CommandRunner commands, int rounds, BooleanSupplier busy, LongSupplier lastActivityNanos) {
    WarmUp w = new WarmUp(commands, rounds, busy, lastActivityNanos);
    Thread.ofPlatform().daemon().name("fanout-daemon-warm-up").start(w::run);
    return w;
  }

  /** A user's command is starting: stops the warm-up run in progress, if any. */
  void giveWay() {
    Invocation running = current;
    if (running != null) {
      running.interrupt();
    }
  }

  /** Whether the warm-up has ended (all its runs done, its budget spent, or failed). */
  boolean done() {
    return done;
  }

  /** Runs completed so far. */
  int completed() {
    return completed;
  }

  /** For {@code fanout daemon status}: where the warm-up stands. */
  String state() {
    return done ? "done (" + completed + " runs)" : "running (" + completed + " runs so far)";
  }

  private void run() {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    try (Replica plain = Replica.start(ReplicaConfig.builder().port(0).build());
        Replica tls = Replica.start(ReplicaConfig.builder().port(0).tls(true).build())) {
      for (List<String> args : runs(plain, tls, rounds)) {
        if (!awaitQuiet(deadline)) {
          break;
        }
        runOne(args);
      }
    } catch (Exception e) {
      System.err.println("fanout daemon: warm-up ended early: " + e);
    } finally {
      done = true;
      System.err.println("fanout daemon: warm-up " + state());
    }
  }

  private static List<List<String>> runs(Replica plain, Replica tls, int rounds) {
    String thread = Long.toString(plain.catalog().get("2500").id());
    String wide = Long.toString(plain.catalog().get("wide10000").id());
    String small = Long.toString(plain.catalog().get("small").id());
    String plainApi = plain.apiUri().toString();
    String tlsApi = tls.apiUri().toString();
    String cert = tls.certificate().orElseThrow().toString();
    List<String> urls = new ArrayList<>(List.of("fetch", "--no-progress", "--mode", "gather"));
    for (int i = 1; i <= 200; i++) {
      urls.add(plainApi + "/item/" + i + ".json");
    }
    List<List<String>> runs = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      runs.add(List.of("hn", "comments", thread, "--api", plainApi, "--no-progress"));
      runs.add(urls);
      runs.add(List.of("hn", "item", small, "--api", plainApi));
    }
    runs.add(List.of("hn", "comments", wide, "--api", plainApi, "--no-progress"));
    for (int round = 0; round < 2; round++) {
      runs.add(
          List.of("hn", "comments", thread, "--api", tlsApi, "--no-progress", "--cacert", cert));
    }
    return runs;
  }

  /** Waits until no command has run for {@link #QUIET}; false when the budget is spent. */
  private boolean awaitQuiet(long deadline) throws InterruptedException {
    while (true) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      if (!busy.getAsBoolean()
          && System.nanoTime() - lastActivityNanos.getAsLong() >= QUIET.toNanos()) {
        return true;
      }
      Thread.sleep(QUIET.toMillis() / 5);
    }
  }

  private void runOne(List<String> args) throws Exception {
    Invocation invocation =
        Invocation.forClient(
            InputStream.nullInputStream(), Path.of("/"), false, Map.<String, String>of());
    current = invocation;
    try {
      if (busy.getAsBoolean()) {
        return; // a command started as this run was about to: it goes first
      }
      Invocation.call(
          invocation,
          () ->
              commands.run(
                  OutputStream.nullOutputStream(),
                  OutputStream.nullOutputStream(),
                  args.toArray(String[]::new)));
      completed++;
    } finally {
      current = null;
    }
  }
}
