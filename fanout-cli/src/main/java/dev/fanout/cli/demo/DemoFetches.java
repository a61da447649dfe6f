package dev.fanout.cli.demo;

import static dev.fanout.cli.demo.DemoRun.seconds;

import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fibonacci;
import dev.fanout.fetch.Strategy;
import dev.fanout.internal.Threads;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** The demo's fetching sections: the talk's strategies over its URLs, the bad URL, threads, CPU. */
final class DemoFetches {
  private DemoFetches() {}

  static void sequential(DemoRun run) throws java.io.IOException, InterruptedException {
    DemoRun.Batch batch = run.fetch(DemoWorld.URLS, Strategy.SEQUENTIAL, false, false);
    run.out.printf("%nFetching all results: %.3f seconds%n", seconds(batch.total()));
    run.expectTalkOutcomes(batch.results());
    run.table.add("sequential", batch.total(), batch.results());
  }

  static void gather(DemoRun run) throws java.io.IOException, InterruptedException {
    DemoRun.Batch batch = run.fetch(DemoWorld.URLS, Strategy.GATHER, false, true);
    run.out.printf(
        "%nFetching all results took: %.3f seconds  (the slowest request: %.3f)%n",
        seconds(batch.total()), seconds(slowest(batch.results())));
    run.expectTalkOutcomes(batch.results());
    run.table.add("gather", batch.total(), batch.results());
  }

  static void asCompleted(DemoRun run) throws java.io.IOException, InterruptedException {
    DemoRun.Batch batch = run.fetch(DemoWorld.URLS, Strategy.AS_COMPLETED, false, true);
    run.out.printf("%nFetching all results took: %.3f seconds%n", seconds(batch.total()));
    run.expectTalkOutcomes(batch.results());
    run.table.add("as-completed", batch.total(), batch.results());
  }

  static void oops(DemoRun run) throws java.io.IOException, InterruptedException {
    run.out.println(
        "(http://not.a.thing/ is pinned to nowhere: it fails as an unknown host at once, without"
            + " any DNS query)");
    List<String> urls = DemoWorld.URLS_WITH_BAD_ONE;

    run.out.println();
    run.out.println("--- sequential, stopping at the first error (requests, In [36]):");
    DemoRun.Batch sequential = run.fetch(urls, Strategy.SEQUENTIAL, true, false);
    run.out.printf("stopped after %d of %d URLs%n", sequential.results().size(), urls.size());
    run.expect(
        sequential.stoppedEarly() && sequential.results().size() == 4,
        "sequential did not stop at the bad URL");
    run.table.add("oops: sequential, stop at error", sequential.total(), sequential.results());

    run.out.println();
    run.out.println(
        "--- gather, raising the first error (In [37], [45]); fanout's gather with --fail-fast:");
    DemoRun.Batch gather = run.fetch(urls, Strategy.GATHER, true, false);
    run.out.printf(
        "Error retrieving URLs: %s after %.3f seconds; the other requests were cancelled%n",
        failureKinds(gather.results()), seconds(gather.total()));
    run.expect(gather.stoppedEarly(), "gather --fail-fast did not stop early");

    run.out.println();
    run.out.println(
        "--- as completed, fail-fast: what arrived before the error, then stop and cancel the"
            + " rest:");
    DemoRun.Batch failFast = run.fetch(urls, Strategy.AS_COMPLETED, true, false);
    run.out.printf(
        "stopped after %.3f seconds (the slowest URL takes 0.600)%n", seconds(failFast.total()));
    run.expect(failFast.stoppedEarly(), "as-completed --fail-fast did not stop early");

    run.out.println();
    run.out.println("--- as completed, handling each error (In [41]-[42]):");
    DemoRun.Batch asCompleted = run.fetch(urls, Strategy.AS_COMPLETED, false, false);
    run.out.printf("%nFetching all results took: %.3f seconds%n", seconds(asCompleted.total()));
    run.expectTalkOutcomes(asCompleted.results());
    run.expect(
        asCompleted.results().size() == urls.size(), "as-completed did not report every URL");
    run.table.add("oops: as-completed, keep going", asCompleted.total(), asCompleted.results());
  }

  static void keepGoing(DemoRun run) throws java.io.IOException, InterruptedException {
    run.out.println(
        "(a fanout result is a value, Response | Failure: gather never raises, it keeps going)");
    DemoRun.Batch batch = run.fetch(DemoWorld.URLS_WITH_BAD_ONE, Strategy.GATHER, false, false);
    run.out.printf("%nFetching all results took: %.3f seconds%n", seconds(batch.total()));
    run.expectTalkOutcomes(batch.results());
    run.expect(
        batch.results().size() == DemoWorld.URLS_WITH_BAD_ONE.size(), "gather lost a result");
    run.table.add("gather, keep going", batch.total(), batch.results());
  }

  static void threads(DemoRun run) throws java.io.IOException, InterruptedException {
    run.out.println(
        "(the talk's ThreadPoolExecutor: platform threads, min(32, cores + 4) of them)");
    DemoRun.Batch batch = run.fetch(DemoWorld.URLS_WITH_BAD_ONE, Strategy.THREADS, false, false);
    run.out.printf("%nFetching all results took: %.3f seconds%n", seconds(batch.total()));
    run.expectTalkOutcomes(batch.results());
    run.table.add("threads (platform pool)", batch.total(), batch.results());
  }

  static void cpuAndIo(DemoRun run) throws Exception {
    long start = System.nanoTime();
    Fibonacci.nth(run.fibonacciN);
    Duration alone = Duration.ofNanos(System.nanoTime() - start);
    run.out.printf(
        "N-th Fibonacci number (n = %d) took: %.3f seconds%n", run.fibonacciN, seconds(alone));

    run.out.println();
    run.out.println("fib on a platform thread (run_in_executor) + gather on virtual threads:");
    start = System.nanoTime();
    DemoRun.Batch io;
    Duration cpu;
    try (ExecutorService pool = Threads.newPlatformPool("demo-fibonacci", 1)) {
      long cpuStart = System.nanoTime();
      Future<Duration> fib =
          pool.submit(
              () -> {
                BigInteger unused = Fibonacci.nth(run.fibonacciN);
                return Duration.ofNanos(System.nanoTime() - cpuStart);
              });
      io = run.fetch(DemoWorld.URLS_WITH_BAD_ONE, Strategy.GATHER, false, false);
      cpu = fib.get();
    }
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    run.out.printf(
        "CPU + I/O task took: %.3f seconds  (CPU %.3f + I/O %.3f = %.3f if one after the other)%n",
        seconds(total), seconds(cpu), seconds(io.total()), seconds(cpu.plus(io.total())));
    run.expectTalkOutcomes(io.results());
    run.table.add(
        new DemoTable.Strategy(
            "CPU + I/O (2 tasks: fib, gather)",
            2,
            total,
            cpu.plus(io.total()),
            cpu.compareTo(io.total()) > 0 ? cpu : io.total()));
  }

  private static Duration slowest(List<FetchResult> results) {
    return results.stream()
        .map(FetchResult::elapsed)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  private static String failureKinds(List<FetchResult> results) {
    return String.join(
        ", ",
        results.stream()
            .filter(r -> r instanceof FetchResult.Failure)
            .map(r -> ((FetchResult.Failure) r).kind().label())
            .toList());
  }
}
