package dev.fanout.bench;

import dev.fanout.internal.Threads;
import java.util.concurrent.atomic.DoubleAccumulator;

/**
 * Samples the machine's 1-minute load average once a second while the suite runs, so that the
 * document can say, from a number, when the machine was busier than its cores.
 */
final class LoadWatch implements AutoCloseable {
  private final DoubleAccumulator max = new DoubleAccumulator(Math::max, 0);
  private final Thread sampler;

  LoadWatch() {
    sampler =
        Threads.virtual("bench-load")
            .newThread(
                () -> {
                  try {
                    while (!Thread.currentThread().isInterrupted()) {
                      double load = Machine.load();
                      if (!Double.isNaN(load)) {
                        max.accumulate(load);
                      }
                      Thread.sleep(1000);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    sampler.start();
  }

  /** "" when the load stayed at or below the core count, else a sentence giving the peak. */
  String busy() {
    return Machine.busy(max.get());
  }

  double max() {
    return max.get();
  }

  @Override
  public void close() {
    sampler.interrupt();
  }
}
