package dev.fanout.bench;

import java.util.List;
import java.util.Map;

/**
 * One part of {@code docs/benchmarks.md}: its Markdown body, the findings that must be said aloud
 * (a goal missed, a peer that wins), and the charts it drew (file name to SVG text).
 */
record Section(String title, String body, List<String> findings, Map<String, String> charts) {
  Section {
    findings = List.copyOf(findings);
    charts = Map.copyOf(charts);
  }

  static Section notMeasured(String title, String reason) {
    return new Section(
        title,
        "Not measured: " + reason + "\n",
        List.of("**" + title + "** not measured: " + reason),
        Map.of());
  }
}
