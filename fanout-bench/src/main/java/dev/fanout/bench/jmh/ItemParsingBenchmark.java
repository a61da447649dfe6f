package dev.fanout.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.hn.Item;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The crawler's per-item hot path: parsing one API item body into an {@link Item} with the
 * streaming parser ({@link Item#fromJson}), against Jackson's tree model as the obvious
 * alternative. Input: 350 real items (comments and stories, see {@code items.jsonl}'s README), one
 * parse per operation.
 *
 * <p>Run (the bench jar carries JMH and the generated benchmark list; {@code ./fanout bench} builds
 * it):
 *
 * <pre>{@code
 * ./fanout bench --help >/dev/null && java -cp fanout-bench/target/fanout-bench.jar org.openjdk.jmh.Main ItemParsingBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ItemParsingBenchmark {
  private static final ObjectMapper TREE = new ObjectMapper();
  private byte[][] items;
  private int next;

  @Setup
  public void load() throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                ItemParsingBenchmark.class.getResourceAsStream("items.jsonl"),
                StandardCharsets.UTF_8))) {
      List<String> lines = in.lines().filter(l -> !l.isBlank()).toList();
      items = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    }
  }

  private byte[] nextItem() {
    byte[] item = items[next];
    next = next + 1 == items.length ? 0 : next + 1;
    return item;
  }

  /** fanout's parser: one streaming pass into the {@link Item} record. */
  @Benchmark
  public Object streamingItem() {
    return Item.fromJson(nextItem());
  }

  /** The baseline: Jackson's tree, then reading the kids as the crawler needs them. */
  @Benchmark
  public void jacksonTree(Blackhole hole) throws IOException {
    JsonNode node = TREE.readTree(nextItem());
    hole.consume(node.path("id").asLong());
    node.path("kids").forEach(k -> hole.consume(k.asLong()));
  }
}
