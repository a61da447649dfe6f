package dev.fanout.hn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CrawlResult} as a value: built, copied, compared and shown. */
class CrawlResultTest {
  private static final Item STORY =
      Item.fromJson(
              "{\"descendants\":2,\"id\":7,\"title\":\"A story\",\"type\":\"story\"}".getBytes())
          .orElseThrow();

  private static CrawlResult complete() {
    return CrawlResult.builder(7)
        .root(STORY)
        .comments(2)
        .fetches(3)
        .requests(4)
        .visible(2)
        .depth(2)
        .descendants(2)
        .elapsed(Duration.ofMillis(12))
        .build();
  }

  @Test
  void equalResultsAreEqualAndACopyWithOneChangeIsNot() {
    CrawlResult r = complete();
    assertThat(r).isEqualTo(complete()).hasSameHashCodeAs(complete());
    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(r.toBuilder().failed(List.of(9L)).build()).isNotEqualTo(r);
    assertThat(r.toBuilder().interrupted(true).build()).isNotEqualTo(r);
  }

  @Test
  void unsetFieldsAreZeroEmptyAndNotInterrupted() {
    CrawlResult r = CrawlResult.builder(3).build();
    assertThat(r.comments()).isZero();
    assertThat(r.failed()).isEmpty();
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.elapsed()).isEqualTo(Duration.ZERO);
    assertThat(r.complete()).as("no root").isFalse();
    assertThat(r.label()).isEqualTo("item");
  }

  @Test
  void theListsAreCopiedSoTheBuildersListCanChangeAfterwards() {
    List<Long> failed = new ArrayList<>(List.of(5L));
    CrawlResult r = CrawlResult.builder(7).root(STORY).failed(failed).build();
    failed.add(6L);
    assertThat(r.failed()).containsExactly(5L);
    assertThat(r.complete()).isFalse();
  }

  @Test
  void toStringNamesTheRootTheStateAndTheCounts() {
    assertThat(complete().toString())
        .startsWith("CrawlResult[id=7, complete, root=A story, comments=2, fetches=3, requests=4,")
        .contains("failed=0", "elapsed=PT0.012S");
    assertThat(CrawlResult.builder(8).rootMissing(true).build().toString())
        .startsWith("CrawlResult[id=8, incomplete, root missing,");
  }

  @Test
  void aNegativeCountIsRefused() {
    assertThatThrownBy(() -> CrawlResult.builder(7).visible(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crawl of 7");
  }
}
