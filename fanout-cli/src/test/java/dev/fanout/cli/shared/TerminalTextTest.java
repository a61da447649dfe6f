package dev.fanout.cli.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalTextTest {
  @Test
  void controlCharactersAreShownEscaped() {
    assertThat(TerminalText.safe("a\u001b]0;pwned\u0007b")).isEqualTo("a\\x1b]0;pwned\\x07b");
    assertThat(TerminalText.safe("csi\u009b2J del\u007f c1\u0080"))
        .isEqualTo("csi\\x9b2J del\\x7f c1\\x80");
    assertThat(TerminalText.safe("line\rfake\nnext\ttab\u0000"))
        .isEqualTo("line\\x0dfake\\x0anext\\x09tab\\x00");
  }

  @Test
  void bidiControlsAreShownEscaped() {
    assertThat(TerminalText.safe("abc\u202edcba\u2066x\u2069\u200f"))
        .isEqualTo("abc\\u202edcba\\u2066x\\u2069\\u200f");
  }

  @Test
  void ordinaryTextIsUnchangedTabsKeptWhereAsked() {
    String text = "Ünïcødé — “quotes” 日本語 😀 a\\b";
    assertThat(TerminalText.safe(text)).isSameAs(text);
    assertThat(TerminalText.safe(null)).isNull();
    assertThat(TerminalText.safeKeepingTabs("\tcode\r")).isEqualTo("\tcode\\x0d");
  }

  @Test
  void jsonForPeopleEscapesDelC1AndBidiAndStaysTheSameValue() throws Exception {
    String title = "t\u001b[2J\u007f\u009b\u202eé";
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.setCharacterEscapes(TerminalText.JSON_ESCAPES);
      g.writeString(title);
    }
    assertThat(out.toString()).isEqualToIgnoringCase("\"t\\u001b[2J\\u007f\\u009b\\u202eé\"");
    assertThat(new ObjectMapper().readValue(out.toString(), String.class)).isEqualTo(title);
  }
}
