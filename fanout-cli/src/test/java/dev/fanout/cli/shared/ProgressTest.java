package dev.fanout.cli.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void lineShowsDoneOfTotalInFlightRateAndEta() {
    try (Progress p =
        Progress.start(new PrintWriter(new StringWriter()), "URLs", 10, () -> 3, false)) {
      p.advance();
      p.advance();
      // The ETA waits for a second of history (see HnProgressTest for why).
      assertThat(p.line(System.nanoTime() + 2_000_000_000L))
          .matches("2/10 URLs done, 3 in flight, [0-9.]+/s, ETA \\d+s");
    }
  }

  @Test
  void retriesAreCountedOnceThereIsOne() {
    long[] retries = {0};
    try (Progress p =
        Progress.start(
            new PrintWriter(new StringWriter()), "URLs", 1, () -> 1, () -> retries[0], false)) {
      assertThat(p.line()).doesNotContain("retr");
      retries[0] = 1;
      assertThat(p.line()).contains(" 1 in flight, 1 retry, ");
      retries[0] = 7;
      assertThat(p.line()).contains(" 1 in flight, 7 retries, ");
    }
  }

  @Test
  void slowedHostsAreShownWhileThereAreSome() {
    int[] slowed = {0};
    try (Progress p =
        Progress.start(
            new PrintWriter(new StringWriter()),
            "URLs",
            1,
            () -> 1,
            () -> 3,
            () -> slowed[0],
            false)) {
      assertThat(p.line()).doesNotContain("slowed");
      slowed[0] = 1;
      assertThat(p.line()).contains(" 1 in flight, 3 retries, 1 host slowed, ");
      slowed[0] = 2;
      assertThat(p.line()).contains(", 2 hosts slowed, ");
    }
  }

  @Test
  void withoutATotalThereIsNoEta() {
    try (Progress p =
        Progress.start(new PrintWriter(new StringWriter()), "items", -1, () -> 0, false)) {
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
