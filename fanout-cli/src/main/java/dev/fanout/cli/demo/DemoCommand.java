package dev.fanout.cli.demo;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.cli.shared.Interrupts;
import dev.fanout.examples.LoopbackInternet;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fanout demo}: the talk "Asyncio for the Working Python Developer", slide by slide, in
 * Java, offline. Starts an in-process replica with internet-like latency ({@link DemoWorld}), runs
 * the sections in the talk's order ({@link DemoSection}) and ends with the comparison table ({@link
 * DemoTable}). Exits 0 when everything behaved as the talk says, 1 when something did not (each
 * such thing is printed, marked {@code !!}), 2 for a bad option.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Runs the talk \"Asyncio for the Working Python Developer\" slide by slide, offline: an"
            + " in-process replica serves the talk's sites and the Hacker News API with"
            + " internet-like latency. Ends with a table comparing each strategy's time with the"
            + " sum and the slowest of its requests, and each crawl's time with its bound.")
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--list", description = "List the sections and exit.")
  boolean list;

  @Option(
      names = "--section",
      paramLabel = "NAME",
      description =
          "Run only this section (repeatable; see --list). Default: all, in the talk's order.")
  List<String> sections = new ArrayList<>();

  @Option(
      names = "--fib",
      paramLabel = "N",
      defaultValue = "150000",
      description =
          "n for the N-th Fibonacci number (the talk used 500000). Default: ${DEFAULT-VALUE}.")
  int fibonacciN;

  @Option(
      names = "--api-latency",
      paramLabel = "MS",
      defaultValue = "100",
      description =
          "Milliseconds the replica holds every Hacker News API request. Default:"
              + " ${DEFAULT-VALUE}.")
  int apiLatencyMs;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (list) {
      for (DemoSection section : DemoSection.values()) {
        out.printf("%-13s %-14s %s%n", section.id, section.cells, section.title);
      }
      out.flush();
      return ExitCode.OK;
    }
    List<DemoSection> chosen = new ArrayList<>();
    for (String name : sections) {
      Optional<DemoSection> section = DemoSection.byId(name);
      if (section.isEmpty()) {
        err.println(
            "fanout demo: unknown section '"
                + name
                + "'; known: "
                + DemoSection.ids()
                + " (see fanout demo --list)");
        return ExitCode.USAGE;
      }
      chosen.add(section.get());
    }
    if (chosen.isEmpty()) {
      chosen = List.of(DemoSection.values());
    }
    if (fibonacciN < 1) {
      err.println("fanout demo: --fib must be at least 1, got " + fibonacciN);
      return ExitCode.USAGE;
    }
    if (apiLatencyMs < 0) {
      err.println("fanout demo: --api-latency must be 0 or more milliseconds, got " + apiLatencyMs);
      return ExitCode.USAGE;
    }
    long start = System.nanoTime();
    out.println(
        "Asyncio for the Working Python Developer -- in Java 25, on virtual threads, offline.");
    out.println(
        "The talk's sites and the Hacker News API are served by an in-process replica on"
            + " 127.0.0.1;");
    out.println(
        "every name is pinned to it (--resolve style). Site latencies: " + sitePlan() + ".");
    out.flush();
    DemoRun run = new DemoRun(out, Duration.ofMillis(apiLatencyMs), fibonacciN);
    if (chosen.stream().anyMatch(section -> section.needsWorld)) {
      run.startWorld();
    }
    try (Interrupts sigint = Interrupts.install()) {
      for (DemoSection section : chosen) {
        out.println();
        out.printf("== %s  (%s)  [%s]%n", section.title, section.cells, section.id);
        section.body.run(run);
        out.flush();
      }
      if (!run.table.isEmpty()) {
        out.println();
        out.println("== Comparison");
        run.table.print(out);
      }
      out.println();
      out.printf("Demo took %.1f seconds.%n", DemoRun.secondsSince(start));
      if (!run.problems().isEmpty()) {
        out.println(run.problems().size() + " thing(s) did not go as the talk says:");
        run.problems().forEach(p -> out.println("  - " + p));
        out.flush();
        return ExitCode.SOME_FAILED;
      }
      out.flush();
      return ExitCode.OK;
    } catch (InterruptedException e) {
      out.println();
      out.printf(
          "INTERRUPTED after %.1f seconds%s%n",
          DemoRun.secondsSince(start), run.table.isEmpty() ? "" : "; the comparison so far:");
      run.table.print(out);
      out.flush();
      return ExitCode.INTERRUPTED;
    } finally {
      run.close();
    }
  }

  private static String sitePlan() {
    return String.join(
        ", ",
        LoopbackInternet.LATENCY_MS.entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByValue())
            .map(e -> e.getKey() + " " + e.getValue() + " ms")
            .toList());
  }
}
