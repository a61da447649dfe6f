package dev.fanout.cli.fetch;

import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetched;
import java.time.Duration;

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

  /** Writes the summary: stdout's last line in text, a record on stderr otherwise. */
  void summary(Summary summary);

  /**
   * The run's figures.
   *
   * @param fibN the --cpu-fib argument, or 0
   * @param fib the Fibonacci job's time, or null without --cpu-fib (or when it did not finish)
   * @param total wall time of fetching and the CPU job together
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
      Duration total) {}
}
