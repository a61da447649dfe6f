package dev.fanout.bench.jmh;

import dev.fanout.cli.hn.HnCrawlReport;
import dev.fanout.hn.CrawlResult;
import dev.fanout.hn.Item;
import java.time.Duration;
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

/**
 * Result formatting as the CLI does it: {@code hn comments}' text block and JSONL record for one
 * crawl result, through the CLI's own formatter ({@link HnCrawlReport}).
 *
 * <pre>{@code
 * ./fanout bench --help >/dev/null && java -cp fanout-bench/target/fanout-bench.jar org.openjdk.jmh.Main ResultFormattingBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResultFormattingBenchmark {
  private CrawlResult result;

  @Setup
  public void setUp() {
    Item root =
        Item.fromJson(
                ("{\"by\":\"dhouston\",\"descendants\":9871,\"id\":8863,\"kids\":[8952,9224],\"score\":111,\"time\":1175714200,\"title\":\"My"
                     + " YC app: Dropbox - Throw away your USB drive\","
                     + "\"type\":\"story\",\"url\":\"http://www.getdropbox.com/u/2/screencast.html\"}")
                    .getBytes())
            .orElseThrow();
    result =
        CrawlResult.builder(8863)
            .root(root)
            .comments(10_000)
            .fetches(10_001)
            .requests(10_003)
            .visible(9_871)
            .deleted(80)
            .dead(40)
            .missing(9)
            .depth(14)
            .descendants(9_871)
            .elapsed(Duration.ofMillis(812))
            .build();
  }

  @Benchmark
  public String crawlText() {
    return HnCrawlReport.text(result);
  }

  @Benchmark
  public String crawlJsonl() {
    return HnCrawlReport.jsonl(result);
  }
}
