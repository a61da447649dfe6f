package dev.fanout.cli.demo;

import dev.fanout.fetch.BatchOptions;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Strategy;
import dev.fanout.internal.Threads;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What the demo's sections share: the output, the offline world, the comparison table, and the list
 * of things that did not go as the talk says (which make the command exit 1). One section at a
 * time.
 */
final class DemoRun {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  final PrintWriter out;
  final DemoTable table = new DemoTable();
  final int fibonacciN;
  private final List<String> problems = new ArrayList<>();
  private final FutureTask<DemoWorld> starting;
  private boolean started;
  private long startedAt;
  private DemoWorld world;

  DemoRun(PrintWriter out, Duration apiLatency, int fibonacciN) {
    this.out = out;
    this.fibonacciN = fibonacciN;
    this.starting = new FutureTask<>(() -> DemoWorld.start(apiLatency, 1));
  }

  /**
   * Starts the offline world on a background thread, so that it gets ready while the first sections
   * (which need no network) run. Idempotent.
   */
  void startWorld() {
    if (!started) {
      started = true;
      startedAt = System.nanoTime();
      Threads.virtual("demo-world").newThread(starting).start();
    }
  }

  /** The offline world, waiting for it to be ready. */
  DemoWorld world() throws IOException, InterruptedException {
    if (world == null) {
      startWorld();
      long waitStart = System.nanoTime();
      try {
        world = starting.get();
      } catch (ExecutionException e) {
        switch (e.getCause()) {
          case IOException io -> throw io;
          case RuntimeException runtime -> throw runtime;
          default ->
              throw new IllegalStateException("the demo's replica did not start", e.getCause());
        }
      }
      out.printf(
          "(the replica was ready %.3f seconds after it started, %.3f of them waited for here:"
              + " https and http on 127.0.0.1, a self-signed certificate for the talk's names,"
              + " every name pinned to it)%n",
          secondsSince(startedAt), secondsSince(waitStart));
    }
    return world;
  }

  /** Stops the world if it was started, waiting for it to be ready first. */
  void close() {
    if (!started) {
      return;
    }
    try {
      starting.get().close();
    } catch (ExecutionException e) {
      // it never started: nothing to close
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The results of one batch, in the order the sink saw them, and its wall time. */
  record Batch(List<FetchResult> results, Duration total, boolean stoppedEarly) {}

  /** Runs a batch, printing each result as the sink gets it (the talk's print_response). */
  Batch fetch(List<String> urls, Strategy strategy, boolean failFast, boolean timestamps)
      throws IOException, InterruptedException {
    DemoWorld world = world();
    List<FetchResult> results = new ArrayList<>();
    long start = System.nanoTime();
    var batch =
        world.fetcher.run(
            urls,
            BatchOptions.builder().strategy(strategy).failFast(failFast).build(),
            result -> {
              results.add(result);
              print(result, timestamps);
            });
    if (batch.interrupted()) {
      Thread.interrupted(); // carried by the exception, as before
      throw new InterruptedException("demo batch interrupted");
    }
    return new Batch(results, Duration.ofNanos(System.nanoTime() - start), batch.stoppedEarly());
  }

  /** {@code www.python.org 200 OK 0.144 seconds}, or the talk's error line. */
  void print(FetchResult result, boolean timestamps) {
    String line =
        switch (result) {
          case FetchResult.Response r ->
              String.format(
                  "%-25.25s %d %s %.3f seconds",
                  r.finalUrl().getHost(), r.status(), r.reason(), seconds(r.elapsed()));
          case FetchResult.Failure f -> "Error retrieving URL " + f.url() + ": " + f.kind().label();
        };
    out.println(timestamps ? "[" + LocalTime.now().format(CLOCK) + "] " + line : line);
    out.flush();
  }

  /** Checks what the talk promises; a broken promise is reported at the end and exits 1. */
  void expect(boolean condition, String problem) {
    if (!condition) {
      problems.add(problem);
      out.println("!! " + problem);
    }
  }

  /** Every good URL answered 200 and every bad one failed. */
  void expectTalkOutcomes(List<FetchResult> results) {
    for (FetchResult result : results) {
      boolean bad = result.url().contains("not.a.thing");
      switch (result) {
        case FetchResult.Response r ->
            expect(
                !bad && r.status() == 200,
                r.url() + " answered " + r.status() + ", expected " + (bad ? "a failure" : "200"));
        case FetchResult.Failure f ->
            expect(bad, f.url() + " failed: " + f.kind().label() + " " + f.message());
      }
    }
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
