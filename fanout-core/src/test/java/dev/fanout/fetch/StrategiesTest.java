package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The talk's strategies over real loopback HTTP: order of results and wall time versus the sum. */
class StrategiesTest {
  // Distinct delays 100 ms apart keep the completion order clear; five of them make the sum (1500
  // ms)
  // three times the longest, so "< 0.6 x sum" leaves room for a loaded 2-core machine.
  static final List<Integer> DELAYS = List.of(500, 100, 400, 200, 300);
  static final long SUM_MS = 1500;

  static Replica replica;
  static Fetcher fetcher;

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().dataset(Dataset.of(List.of())).build());
    fetcher = Fetcher.create(FetchOptions.defaults());
    // Warm the connection pool and the JIT so the timings below measure waiting, not start-up.
    fetcher.gather(List.of(url(0), url(0), url(0)));
  }

  @AfterAll
  static void stop() {
    fetcher.close();
    replica.close();
  }

  static String url(int delayMs) {
    return replica.baseUri() + "/delay/" + delayMs;
  }

  static List<String> urls() {
    return DELAYS.stream().map(StrategiesTest::url).toList();
  }

  record Run(List<String> order, long millis, BatchResult batch) {}

  static Run run(Strategy strategy) throws InterruptedException {
    List<String> order = new ArrayList<>();
    long t0 = System.nanoTime();
    BatchResult batch = fetcher.run(urls(), strategy, false, 0, r -> order.add(r.url()));
    return new Run(order, (System.nanoTime() - t0) / 1_000_000, batch);
  }

  @Test
  void asCompletedDeliversInCompletionOrderInLessThanTheSum() throws Exception {
    Run run = run(Strategy.AS_COMPLETED);
    assertThat(run.order()).containsExactly(url(100), url(200), url(300), url(400), url(500));
    assertThat(run.millis()).isLessThan((long) (0.6 * SUM_MS));
    assertThat(run.batch().allResponded()).isTrue();
  }

  @Test
  void gatherKeepsInputOrderInLessThanTheSum() throws Exception {
    Run run = run(Strategy.GATHER);
    assertThat(run.order()).containsExactlyElementsOf(urls());
    assertThat(run.millis()).isLessThan((long) (0.6 * SUM_MS));
  }

  @Test
  void orderedKeepsInputOrderInLessThanTheSum() throws Exception {
    Run run = run(Strategy.ORDERED);
    assertThat(run.order()).containsExactlyElementsOf(urls());
    assertThat(run.millis()).isLessThan((long) (0.6 * SUM_MS));
  }

  @Test
  void threadsKeepInputOrderInLessThanTheSum() throws Exception {
    Run run = run(Strategy.THREADS);
    assertThat(run.order()).containsExactlyElementsOf(urls());
    assertThat(run.millis()).isLessThan((long) (0.6 * SUM_MS));
  }

  @Test
  void sequentialTakesAtLeastTheSum() throws Exception {
    Run run = run(Strategy.SEQUENTIAL);
    assertThat(run.order()).containsExactlyElementsOf(urls());
    assertThat(run.millis()).isGreaterThanOrEqualTo(SUM_MS);
  }

  @Test
  void orderedHandsOverTheFirstResultBeforeTheLastCompletes() throws Exception {
    // Input order 200, 600: ordered must print the 200 ms one long before the 600 ms one is done.
    List<Long> arrivals = new ArrayList<>();
    long t0 = System.nanoTime();
    fetcher.run(
        List.of(url(200), url(600)),
        Strategy.ORDERED,
        false,
        0,
        r -> arrivals.add((System.nanoTime() - t0) / 1_000_000));
    assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThan(250);
  }

  @Test
  void concurrencyOneIsAsSlowAsSequential() throws Exception {
    try (Fetcher one = Fetcher.create(FetchOptions.builder().concurrency(1).build())) {
      long t0 = System.nanoTime();
      List<FetchResult> results = one.gather(urls());
      assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(SUM_MS);
      // The second URL was read at once and waited for the first (500 ms) to free the slot.
      assertThat(results.get(1).queued()).isGreaterThan(Duration.ofMillis(400));
    }
  }
}
