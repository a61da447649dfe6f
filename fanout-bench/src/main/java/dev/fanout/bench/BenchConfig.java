package dev.fanout.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one run of the suite does.
 *
 * @param quick the small variant (under 2 minutes): fewer and smaller cases, one run each
 * @param runs measured runs per figure (the median of them is shown, with min–max)
 * @param deepRuns runs of the 10,000-deep chain per latency (each costs (depth + 1) x latency; 0
 *     skips)
 * @param out the directory that receives {@code benchmarks.md} and the {@code benchmarks/} charts
 * @param install whether missing tools (python3-aiohttp, wrk) may be installed with apt-get
 * @param launcher how to start fanout as a child process
 */
public record BenchConfig(
    boolean quick, int runs, int deepRuns, Path out, boolean install, Launcher launcher) {
  public BenchConfig {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(launcher, "launcher");
    if (runs < 1) {
      throw new IllegalArgumentException("runs < 1: " + runs);
    }
    if (deepRuns < 0) {
      throw new IllegalArgumentException("deepRuns < 0: " + deepRuns);
    }
  }
}
