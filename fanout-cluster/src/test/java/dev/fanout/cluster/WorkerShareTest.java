package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.fetch.FetchOptions;
import org.junit.jupiter.api.Test;

/** {@code worker --share-of N}: each of N workers takes 1/N of the per-host and rate limits. */
class WorkerShareTest {
  @Test
  void eachWorkerTakesItsShareOfThePerHostLimitAndTheRate() {
    FetchOptions all = FetchOptions.builder().concurrency(64).perHost(8).rate(90).build();

    FetchOptions third = WorkerCommand.share(all, 3);

    assertThat(third.perHost()).isEqualTo(2);
    assertThat(third.rate()).isEqualTo(30.0);
    assertThat(third.concurrency()).as("each worker's own -c is its own").isEqualTo(64);
  }

  @Test
  void aShareNeverDropsThePerHostLimitToNothingAndUnlimitedStaysUnlimited() {
    assertThat(WorkerCommand.share(FetchOptions.builder().perHost(2).build(), 5).perHost())
        .isEqualTo(1);
    FetchOptions unlimited = WorkerCommand.share(FetchOptions.builder().build(), 4);
    assertThat(unlimited.perHost()).isZero();
    assertThat(unlimited.rate()).isZero();
  }
}
