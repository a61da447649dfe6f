package dev.fanout.cli.hn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HnProgressTest {
  private static final long MS = 1_000_000L;

  @Test
  void aSlowFirstMomentDoesNotBecomeAnEtaOfMinutesForATwoSecondCrawl() {
    HnProgress progress = new HnProgress(new PrintWriter(new StringWriter()), 1, false, 0);
    progress.rootArrived(50_001);
    // 200 ms in, only the root and a few kids: the average since the start says 16 minutes.
    assertThat(progress.line(200 * MS, 12, 16))
        .isEqualTo("12/~50001 items, 16 in flight, 60 items/s");
    assertThat(progress.line(600 * MS, 4_000, 256)).doesNotContain("ETA");
    progress.line(1_000 * MS, 15_000, 256);
    // Then the crawl runs at ~25,000 items/s: what is left takes about a second, not minutes.
    assertThat(progress.line(1_400 * MS, 25_000, 256)).endsWith(", ETA 1s");
  }

  @Test
  void aStalledCrawlShowsNoEta() {
    HnProgress progress = new HnProgress(new PrintWriter(new StringWriter()), 1, false, 0);
    progress.rootArrived(1_000);
    progress.line(1_000 * MS, 100, 5);
    assertThat(progress.line(7_000 * MS, 100, 5)).doesNotContain("ETA");
  }
}
