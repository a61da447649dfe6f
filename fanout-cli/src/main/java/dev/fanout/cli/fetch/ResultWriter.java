package dev.fanout.cli.fetch;

import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetched;
import dev.fanout.fetch.HostSlowdown;
import dev.fanout.fetch.RunStats;
import dev.fanout.fetch.RunSummary;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Writes each URL's result in one output format, then the run's summary. Called from one thread.
 */
interface ResultWriter {

  /** Writes one result; {@code arrived} is when it reached the writer (for --timestamps). */
  void result(FetchResult result);

  /** Writes one result with its request; {@code saving}: whether bodies are being saved. */
  default void result(Fetched fetched, boolean saving) {
    result(fetched.result());
  }

  /**
   * Writes the summary: in text, stdout's last line (the talk's) and the run's figures on stderr;
   * otherwise one record on stderr.
   */
  void summary(Summary summary);

  /**
   * The run's figures.
   *
   * @param fibN the --cpu-fib argument, or 0
   * @param fib the Fibonacci job's time, or null without --cpu-fib (or when it did not finish)
   * @param total wall time of fetching and the CPU job together
   * @param stats what the results add up to (status classes, failure kinds, bytes, latency)
   * @param slowed the hosts slowed for answering 429 or 503, longest slowed first
   */
  record Summary(
      int urls,
      int responses,
      int failures,
      boolean interrupted,
      boolean stoppedEarly,
      Duration fetching,
      int fibN,
      Duration fib,
      Duration total,
      RunSummary stats,
      List<HostSlowdown> slowed) {
    public Summary {
      Objects.requireNonNull(stats, "stats");
      slowed = List.copyOf(slowed);
    }

    /** A run that fetched nothing (interrupted while starting). */
    static Summary nothing(boolean interrupted) {
      return new Summary(
          0,
          0,
          0,
          interrupted,
          false,
          Duration.ZERO,
          0,
          null,
          Duration.ZERO,
          new RunStats().summary(),
          List.of());
    }
  }
}
