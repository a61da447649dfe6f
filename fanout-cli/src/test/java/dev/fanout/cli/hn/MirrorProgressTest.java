package dev.fanout.cli.hn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The mirror's progress line, its ETA the shared one (not a clock-like {@code H:MM:SS}). */
class MirrorProgressTest {
  private static final long MS = 1_000_000L;

  private static MirrorProgress progress() {
    return new MirrorProgress(new PrintWriter(new StringWriter()), false, 0);
  }

  private static void done(MirrorProgress progress, int ids) {
    for (int i = 0; i < ids; i++) {
      progress.done(i);
    }
  }

  @Test
  void aRangeShowsIdsDoneOfPlannedTheRateAndAnEtaInTheSharedFormat() {
    MirrorProgress progress = progress();
    progress.planned(100_000);
    done(progress, 500);
    assertThat(progress.line(500 * MS))
        .as("no ETA in the first second")
        .isEqualTo("500/100000 ids done, 1000 items/s");
    done(progress, 500);
    // 1,000 ids a second, 99,000 to go: 1 minute 39 seconds, never 0:01:39.
    assertThat(progress.line(1_000 * MS))
        .isEqualTo("1000/100000 ids done, 1000 items/s, ETA 1m39s");
  }

  @Test
  void aThreadWhoseTotalGrowsAsKidsAreFoundShowsNoEta() {
    MirrorProgress progress = progress();
    progress.open();
    progress.planned(1);
    progress.planned(40);
    done(progress, 20);
    progress.line(1_000 * MS);
    assertThat(progress.line(2_000 * MS)).isEqualTo("20/41+ ids done, 10 items/s");
  }

  @Test
  void aFinishedRangeShowsNoEta() {
    MirrorProgress progress = progress();
    progress.planned(10);
    done(progress, 10);
    assertThat(progress.line(3_000 * MS)).doesNotContain("ETA");
  }
}
