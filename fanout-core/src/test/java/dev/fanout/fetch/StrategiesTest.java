package dev.fanout.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    BatchResult batch = fetcher.run(urls(), BatchOptions.of(strategy), r -> order.add(r.url()));
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
        BatchOptions.of(Strategy.ORDERED),
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

  @ParameterizedTest
  @EnumSource(
      value = Strategy.class,
      names = {"AS_COMPLETED", "GATHER", "ORDERED", "THREADS"})
  void anInterruptedRunReturnsWhatItDidMarkedInterrupted(Strategy strategy) throws Exception {
    String hang = replica.baseUri() + "/hang";
    long answered = replica.stats().status(200);
    List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<BatchResult> result = new AtomicReference<>();
    AtomicBoolean flagSetAfter = new AtomicBoolean();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  result.set(
                      fetcher.run(
                          List.of(url(0), hang, url(0), hang),
                          BatchOptions.of(strategy),
                          r -> delivered.add(r.url())));
                  flagSetAfter.set(Thread.currentThread().isInterrupted());
                });
    long deadline = System.nanoTime() + 5_000_000_000L;
    while ((replica.stats().status(200) < answered + 2 || replica.stats().inFlight() < 2)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(100); // the two answers travel back to the client
    caller.interrupt();
    caller.join(10_000);

    BatchResult batch = result.get();
    assertThat(batch.interrupted()).isTrue();
    assertThat(batch.stoppedEarly()).isFalse();
    assertThat(batch.requests()).isEqualTo(4);
    assertThat(batch.responses()).isEqualTo(2);
    assertThat(batch.failures()).isZero();
    assertThat(batch.unfinished()).isEqualTo(2);
    assertThat(batch.allResponded()).isFalse();
    assertThat(delivered).containsExactly(url(0), url(0));
    assertThat(flagSetAfter).isTrue();
  }

  @Test
  void gatherThrowsWhenInterrupted() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    fetcher.gather(List.of(replica.baseUri() + "/hang"));
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                });
    Thread.sleep(200);
    caller.interrupt();
    caller.join(10_000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void batchOptionsRefuseAThreadCountTheStrategyWouldIgnore() {
    assertThat(BatchOptions.builder().strategy(Strategy.THREADS).threads(8).build().threads())
        .isEqualTo(8);
    assertThatThrownBy(() -> BatchOptions.builder().strategy(Strategy.GATHER).threads(8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads=8 is the pool size of Strategy.THREADS");
    assertThatThrownBy(() -> BatchOptions.builder().strategy(Strategy.THREADS).threads(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads < 0: -1");
    assertThat(BatchOptions.of(Strategy.GATHER))
        .isEqualTo(BatchOptions.builder().strategy(Strategy.GATHER).build())
        .hasToString("BatchOptions[strategy=GATHER, failFast=false]");
  }
}
