package dev.fanout.hn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HnTextTest {
  @Test
  void decodesEntitiesAndStripsTags() {
    assertThat(
            HnText.plain(
                "It&#x27;s <i>fine</i> &amp; &quot;ok&quot; &gt; 3<p>See <a"
                    + " href=\"https:&#x2F;&#x2F;x.org\">x.org</a>"))
        .isEqualTo("It's fine & \"ok\" > 3\n\nSee x.org");
  }

  @Test
  void keepsTextThatOnlyLooksLikeMarkup() {
    assertThat(HnText.plain("a & b; 1 < 2")).isEqualTo("a & b; 1 < 2");
    assertThat(HnText.plain("&#99999999; &bogus;")).isEqualTo("&#99999999; &bogus;");
    assertThat(HnText.plain(null)).isEmpty();
  }
}
