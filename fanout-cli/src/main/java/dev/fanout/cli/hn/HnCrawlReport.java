package dev.fanout.cli.hn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.hn.CrawlResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Formats a {@link CrawlResult} as {@code fanout hn comments} prints it: a text block or a JSON
 * line. Public so that fanout-bench's JMH benchmark measures the formatter the CLI uses.
 */
public final class HnCrawlReport {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int LISTED = 20;

  private HnCrawlReport() {}

  /** The text block, each line ending in a newline. */
  public static String text(CrawlResult r) {
    return text(r, null);
  }

  /**
   * The text block, each line ending in a newline.
   *
   * @param rootFailure why the root itself could not be fetched, or null when unknown; shown in
   *     place of the title a root that never arrived does not have
   */
  static String text(CrawlResult r, String rootFailure) {
    StringBuilder out = new StringBuilder();
    out.append("item ")
        .append(r.id())
        .append(": ")
        .append(TerminalText.safe(heading(r, rootFailure)))
        .append('\n');
    out.append(r.comments()).append(" comments, fetches: ").append(r.fetches()).append('\n');
    out.append("  visible ")
        .append(r.visible())
        .append(", deleted ")
        .append(r.deleted())
        .append(", dead ")
        .append(r.dead())
        .append(", missing ")
        .append(r.missing())
        .append(", descendants ")
        .append(r.descendants() == null ? "-" : r.descendants().toString())
        .append(", depth ")
        .append(r.depth())
        .append(", requests ")
        .append(r.requests())
        .append('\n');
    if (r.descendantsMismatch() && r.complete()) {
      out.append("  note: the story says descendants ")
          .append(r.descendants())
          .append(" but ")
          .append(r.visible())
          .append(" visible comments were found")
          .append(" (replies posted, deleted or killed during the crawl, or a stale count)\n");
    }
    if (!r.anomalies().isEmpty()) {
      out.append("  anomalies: ")
          .append(r.anomalies().size())
          .append(" (")
          .append(
              r.anomalies().stream()
                  .limit(LISTED)
                  .map(a -> a.kind().label() + " " + a.id() + " in " + a.parent())
                  .collect(Collectors.joining(", ")))
          .append(r.anomalies().size() > LISTED ? ", ..." : "")
          .append(")\n");
    }
    if (!r.failed().isEmpty()) {
      out.append("INCOMPLETE: ")
          .append(r.failed().size())
          .append(" items failed: ")
          .append(
              r.failed().stream()
                  .limit(LISTED)
                  .map(String::valueOf)
                  .collect(Collectors.joining(" ")))
          .append(r.failed().size() > LISTED ? " ..." : "")
          .append('\n');
    }
    if (r.interrupted()) {
      out.append("INTERRUPTED: the counts above are partial\n");
    }
    out.append(
        String.format(
            Locale.ROOT, "Gathering comments took: %.3f seconds%n", r.elapsed().toNanos() / 1e9));
    return out.toString();
  }

  /** One JSON object on one line, without the newline. */
  public static String jsonl(CrawlResult r) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("id", r.id());
      g.writeNumberField("comments", r.comments());
      g.writeNumberField("fetches", r.fetches());
      g.writeNumberField("requests", r.requests());
      g.writeNumberField("visible", r.visible());
      g.writeNumberField("deleted", r.deleted());
      g.writeNumberField("dead", r.dead());
      g.writeNumberField("missing", r.missing());
      g.writeNumberField("depth", r.depth());
      if (r.descendants() == null) {
        g.writeNullField("descendants");
      } else {
        g.writeNumberField("descendants", r.descendants());
      }
      g.writeBooleanField("complete", r.complete());
      g.writeArrayFieldStart("failed");
      for (long id : r.failed()) {
        g.writeNumber(id);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("anomalies");
      for (CrawlResult.Anomaly a : r.anomalies()) {
        g.writeStartObject();
        g.writeStringField("kind", a.kind().label());
        g.writeNumberField("id", a.id());
        g.writeNumberField("parent", a.parent());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("elapsed_ms", r.elapsed().toMillis());
      if (r.interrupted()) {
        g.writeBooleanField("interrupted", true);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String heading(CrawlResult r, String rootFailure) {
    if (r.root() != null) {
      return oneLine(r.label());
    }
    if (rootFailure != null) {
      return "could not be fetched: " + oneLine(rootFailure);
    }
    return r.interrupted() ? "not fetched before the interrupt" : "could not be fetched";
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s+", " ");
  }

  /** Ids that do not parse as item ids, for the usage error. */
  static List<String> badIds(List<String> args) {
    return args.stream().filter(a -> !a.matches("[0-9]{1,18}")).toList();
  }
}
