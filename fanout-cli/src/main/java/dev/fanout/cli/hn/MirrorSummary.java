package dev.fanout.cli.hn;

import dev.fanout.cli.shared.NetworkOptions;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.store.MirrorResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The summary a mirror run prints at the end: a line of counts, then every failed id with its
 * reason.
 */
final class MirrorSummary {
  private MirrorSummary() {}

  static void print(PrintWriter out, String db, MirrorResult r, NetworkOptions.Format format) {
    if (format == NetworkOptions.Format.jsonl) {
      out.println(json(db, r));
    } else {
      text(out, db, r);
    }
    out.flush();
  }

  private static void text(PrintWriter out, String db, MirrorResult r) {
    String status = r.interrupted() ? "INTERRUPTED" : r.complete() ? "complete" : "INCOMPLETE";
    out.printf(Locale.ROOT, "mirror %s: %s%n", db, status);
    out.printf(
        Locale.ROOT,
        "items %d, missing %d, failed %d, skipped %d (already stored), users %d, requests %d,"
            + " elapsed %.2f s, %.0f items/s%n",
        r.items(),
        r.missing(),
        r.failed().size(),
        r.skipped(),
        r.users(),
        r.requests(),
        r.elapsed().toNanos() / 1e9,
        r.itemsPerSecond());
    if (!r.failed().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "failed ids (%d; run the same command again to retry only these):%n",
          r.failed().size());
      for (MirrorResult.Failure f : r.failed()) {
        out.printf(Locale.ROOT, "  %d  %s%n", f.id(), TerminalText.safe(abbreviate(f.reason())));
      }
    }
    if (!r.failedUsers().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "failed profiles (%d): %s%n",
          r.failedUsers().size(),
          TerminalText.safe(String.join(", ", r.failedUsers())));
    }
  }

  /** Some client exceptions describe their whole connection state; the first words say enough. */
  private static String abbreviate(String reason) {
    String line = reason.lines().findFirst().orElse("");
    return line.length() <= 120 ? line : line.substring(0, 117) + "...";
  }

  private static String json(String db, MirrorResult r) {
    String failed =
        r.failed().stream()
            .map(f -> Long.toString(f.id()))
            .collect(Collectors.joining(",", "[", "]"));
    String failedUsers =
        r.failedUsers().stream()
            .map(MirrorSummary::quote)
            .collect(Collectors.joining(",", "[", "]"));
    return String.format(
        Locale.ROOT,
        "{\"db\":%s,\"complete\":%b,\"interrupted\":%b,\"items\":%d,\"missing\":%d,\"failed\":%s,\"skipped\":%d,"
            + "\"users\":%d,\"failed_users\":%s,\"requests\":%d,\"elapsed_s\":%.3f,\"items_per_s\":%.1f}",
        quote(db),
        r.complete(),
        r.interrupted(),
        r.items(),
        r.missing(),
        failed,
        r.skipped(),
        r.users(),
        failedUsers,
        r.requests(),
        r.elapsed().toNanos() / 1e9,
        r.itemsPerSecond());
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
