package dev.fanout.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes a mirror's items for other tools, in id order: JSONL (each item's JSON exactly as served,
 * one per line, loadable again by {@code fanout serve --data FILE.jsonl}) or CSV (RFC 4180, the
 * typed columns with a header). Null ids and profiles are not items and are not exported.
 */
public final class Export {
  /** The CSV header, the typed columns of the {@code items} table. */
  public static final String CSV_HEADER =
      "id,type,by,time,parent,deleted,dead,title,url,score,descendants,text,kids";

  private Export() {}

  /**
   * Writes every item as one JSON line. Blocks while reading; does not close {@code out}.
   *
   * @return the number of items written
   * @throws UncheckedIOException if writing fails
   */
  public static long jsonl(MirrorStore store, Writer out) {
    long[] count = {0};
    store.forEachItem(
        item -> {
          write(out, item.json());
          write(out, "\n");
          count[0]++;
        });
    return count[0];
  }

  /** Writes a header and one CSV record per item; as {@link #jsonl}. */
  public static long csv(MirrorStore store, Writer out) {
    write(out, CSV_HEADER + "\r\n");
    long[] count = {0};
    StringBuilder line = new StringBuilder(256);
    store.forEachItem(
        item -> {
          line.setLength(0);
          line.append(item.id()).append(',');
          field(line, item.type()).append(',');
          field(line, item.by()).append(',');
          field(line, item.time()).append(',');
          field(line, item.parent()).append(',');
          line.append(item.deleted()).append(',').append(item.dead()).append(',');
          field(line, item.title()).append(',');
          field(line, item.url()).append(',');
          field(line, item.score()).append(',');
          field(line, item.descendants()).append(',');
          field(line, item.text()).append(',');
          field(line, item.kids()).append("\r\n");
          write(out, line.toString());
          count[0]++;
        });
    return count[0];
  }

  private static StringBuilder field(StringBuilder line, Object value) {
    if (value == null) {
      return line;
    }
    String text = value.toString();
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return line.append(text);
    }
    return line.append('"').append(text.replace("\"", "\"\"")).append('"');
  }

  private static void write(Writer out, String text) {
    try {
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
