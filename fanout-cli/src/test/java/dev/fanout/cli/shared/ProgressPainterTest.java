package dev.fanout.cli.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProgressPainterTest {

  @Test
  void aDisabledPainterNeverAsksForTheLineAndWritesNothing() {
    StringWriter out = new StringWriter();
    AtomicInteger asked = new AtomicInteger();
    try (ProgressPainter p =
        ProgressPainter.start(
            new PrintWriter(out),
            "test-progress",
            () -> "line " + asked.incrementAndGet(),
            false)) {
      p.clear();
    }
    assertThat(asked).hasValue(0);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anEnabledPainterRedrawsTheLineInPlaceAndErasesItOnceOnClose() throws Exception {
    StringWriter out = new StringWriter();
    ProgressPainter p =
        ProgressPainter.start(new PrintWriter(out), "test-progress", () -> "3 done", true);
    Thread.sleep(50);
    p.close();
    p.close();
    assertThat(out.toString()).startsWith("\r3 done\u001b[K").endsWith("3 done\u001b[K\r\u001b[K");
  }

  @Test
  void clearErasesADrawnLine() throws Exception {
    StringWriter out = new StringWriter();
    try (ProgressPainter p =
        ProgressPainter.start(new PrintWriter(out), "test-progress", () -> "x", true)) {
      Thread.sleep(50);
      p.clear();
      // The painter sleeps 200 ms between redraws, so the erase is the last thing written.
      assertThat(out.toString()).endsWith("x\u001b[K\r\u001b[K");
    }
  }
}
