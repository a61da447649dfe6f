package dev.fanout.cli.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EtaTest {
  @Test
  void etaReadsAsADurationNotATimeOfDay() {
    assertThat(Eta.format(5)).isEqualTo("5s");
    assertThat(Eta.format(990)).isEqualTo("16m30s");
    assertThat(Eta.format(3_725)).isEqualTo("1h02m");
  }
}
