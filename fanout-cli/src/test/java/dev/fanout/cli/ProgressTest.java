package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void lineShowsDoneOfTotalInFlightRateAndEta() {
    try (Progress p = Progress.start(new PrintWriter(new StringWriter()), "URLs", 10, () -> 3, false)) {
      p.advance();
      p.advance();
      assertThat(p.line()).matches("2/10 URLs done, 3 in flight, [0-9.]+/s, ETA \\d+:\\d{2}");
    }
  }

  @Test
  void withoutATotalThereIsNoEta() {
    try (Progress p = Progress.start(new PrintWriter(new StringWriter()), "items", -1, () -> 0, false)) {
      p.advance();
      assertThat(p.line()).matches("1 items done, 0 in flight, [0-9.]+/s");
    }
  }

  @Test
  void disabledProgressWritesNothingAndEnabledErasesItsLineOnClose() throws Exception {
    StringWriter off = new StringWriter();
    try (Progress p = Progress.start(new PrintWriter(off), "URLs", 1, () -> 0, false)) {
      p.advance();
    }
    assertThat(off.toString()).isEmpty();
    StringWriter on = new StringWriter();
    try (Progress p = Progress.start(new PrintWriter(on), "URLs", 1, () -> 0, true)) {
      Thread.sleep(50);
    }
    assertThat(on.toString()).contains("URLs done").endsWith("\r\u001b[K");
  }
}
