package dev.fanout.cli.hn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import dev.fanout.cli.shared.TerminalText;
import dev.fanout.cli.shared.Words;
import dev.fanout.hn.HnText;
import dev.fanout.hn.Item;
import dev.fanout.hn.ItemResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Renders a crawled thread in HN's ranked order ({@code kids} order, depth first) as indented text,
 * nested JSON or JSON lines. Walks with an explicit stack, so a 10,000-deep chain renders too; an
 * id already shown (a repeat or a cycle) is shown as a reference, never walked again.
 */
final class HnThreadRenderer {
  private static final int MAX_INDENT = 20;
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamWriteConstraints(
              StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
          .build();

  private final Map<Long, ItemResponse> items;
  private final Instant now;

  /**
   * @param items every answer of the crawl, by id; @param now the time ages are measured from
   */
  HnThreadRenderer(Map<Long, ItemResponse> items, Instant now) {
    this.items = items;
    this.now = now;
  }

  private record Frame(long id, int depth) {}

  void text(long rootId, PrintWriter out) {
    Set<Long> shown = new HashSet<>();
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(rootId, 0));
    while (!stack.isEmpty()) {
      Frame f = stack.pop();
      String indent = indent(f.depth());
      ItemResponse response = items.get(f.id());
      if (!shown.add(f.id())) {
        out.println(indent + "[already shown: " + f.id() + "]");
        continue;
      }
      switch (response) {
        case null -> out.println(indent + "[not fetched: " + f.id() + "]");
        case ItemResponse.Missing m -> out.println(indent + "[missing: " + f.id() + "]");
        case ItemResponse.Failed failed ->
            out.println(
                indent
                    + "[failed: "
                    + f.id()
                    + ": "
                    + failed.failure().kind().label()
                    + " "
                    + TerminalText.safe(failed.failure().message())
                    + "]");
        case ItemResponse.Found found -> {
          Item item = found.item();
          if (f.depth() == 0) {
            header(item, out);
          } else {
            out.println(indent + TerminalText.safe(who(item)) + " " + age(item) + marks(item));
          }
          String body = HnText.plain(item.text());
          if (!body.isEmpty()) {
            String bodyIndent = f.depth() == 0 ? "" : indent + "  ";
            for (String line : body.split("\n", -1)) {
              // Our own line breaks survive; whatever else the text holds is shown escaped.
              out.println(line.isEmpty() ? "" : bodyIndent + TerminalText.safeKeepingTabs(line));
            }
          }
          if (f.depth() == 0) {
            out.println();
          }
          for (int i = item.kids().size() - 1; i >= 0; i--) {
            stack.push(new Frame(item.kids().get(i), f.depth() + 1));
          }
        }
      }
    }
  }

  private void header(Item item, PrintWriter out) {
    out.println(
        "item "
            + item.id()
            + ": "
            + TerminalText.safe(HnCrawlReport.oneLine(item.label()))
            + marks(item));
    StringBuilder line = new StringBuilder();
    if (item.score() != null) {
      line.append(Words.count(item.score(), "point")).append(", ");
    }
    line.append("by ").append(TerminalText.safe(who(item))).append(", ").append(age(item));
    if (item.descendants() != null) {
      line.append(", ").append(Words.count(item.descendants(), "comment"));
    }
    out.println(line);
    if (item.url() != null) {
      out.println(TerminalText.safe(item.url()));
    }
  }

  /** Nested JSON: each item's fields as served, with {@code replies} holding its kids' objects. */
  void json(long rootId, java.io.Writer out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.setCharacterEscapes(TerminalText.JSON_ESCAPES);
      Set<Long> shown = new HashSet<>();
      // Each frame is an object whose "replies" array is open; its kids are written one by one.
      ArrayDeque<long[]> open = new ArrayDeque<>(); // {id, next kid index}
      writeNode(g, rootId, shown, open);
      while (!open.isEmpty()) {
        long[] top = open.peek();
        Item parent = ((ItemResponse.Found) items.get(top[0])).item();
        if (top[1] < parent.kids().size()) {
          long kid = parent.kids().get((int) top[1]++);
          writeNode(g, kid, shown, open);
        } else {
          g.writeEndArray();
          g.writeEndObject();
          open.pop();
        }
      }
    }
    out.write(System.lineSeparator());
  }

  private void writeNode(JsonGenerator g, long id, Set<Long> shown, ArrayDeque<long[]> open)
      throws IOException {
    ItemResponse response = items.get(id);
    g.writeStartObject();
    if (!shown.add(id)) {
      g.writeNumberField("id", id);
      g.writeBooleanField("repeated", true);
      g.writeEndObject();
      return;
    }
    switch (response) {
      case ItemResponse.Found found -> {
        try (JsonParser p = JSON.createParser(found.json())) {
          p.nextToken();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("kids")) {
              p.skipChildren();
            } else {
              g.writeFieldName(name);
              g.copyCurrentStructure(p);
            }
          }
        }
        g.writeArrayFieldStart("replies");
        open.push(new long[] {id, 0});
        return; // closed when its kids are done
      }
      case ItemResponse.Missing m -> {
        g.writeNumberField("id", id);
        g.writeBooleanField("missing", true);
      }
      case ItemResponse.Failed failed -> {
        g.writeNumberField("id", id);
        g.writeStringField(
            "error", failed.failure().kind().label() + ": " + failed.failure().message());
      }
      case null -> {
        g.writeNumberField("id", id);
        g.writeStringField("error", "not fetched");
      }
    }
    g.writeEndObject();
  }

  /** One item per line, exactly as served, in ranked depth-first order. */
  void jsonl(long rootId, PrintWriter out) {
    Set<Long> shown = new HashSet<>();
    ArrayDeque<Long> stack = new ArrayDeque<>();
    stack.push(rootId);
    while (!stack.isEmpty()) {
      long id = stack.pop();
      if (!shown.add(id) || !(items.get(id) instanceof ItemResponse.Found found)) {
        continue;
      }
      out.println(new String(found.json(), StandardCharsets.UTF_8).strip());
      for (int i = found.item().kids().size() - 1; i >= 0; i--) {
        stack.push(found.item().kids().get(i));
      }
    }
  }

  private static String indent(int depth) {
    int levels = Math.max(0, depth - 1);
    return levels <= MAX_INDENT
        ? "    ".repeat(levels)
        : "    ".repeat(MAX_INDENT) + "[" + depth + "] ";
  }

  private static String who(Item item) {
    return item.by() != null ? item.by() : item.deleted() ? "[deleted]" : "[unknown]";
  }

  private static String marks(Item item) {
    return (item.deleted() && item.by() != null ? " [deleted]" : "")
        + (item.dead() ? " [dead]" : "");
  }

  String age(Item item) {
    if (item.time() == null) {
      return "at an unknown time";
    }
    Duration d = Duration.between(Instant.ofEpochSecond(item.time()), now);
    if (d.isNegative() || d.toMinutes() < 1) {
      return "just now";
    }
    long minutes = d.toMinutes(), hours = d.toHours(), days = d.toDays();
    if (minutes < 60) {
      return Words.count(minutes, "minute") + " ago";
    }
    if (hours < 24) {
      return Words.count(hours, "hour") + " ago";
    }
    if (days < 365) {
      return Words.count(days, "day") + " ago";
    }
    return Words.count(days / 365, "year") + " ago";
  }
}
