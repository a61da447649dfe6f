package dev.fanout.cli.fetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetched;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** RFC 4180 CSV with a header row on stdout; the summary as a header plus one row on stderr. */
final class CsvWriter implements ResultWriter {
  private final PrintWriter out;
  private final PrintWriter err;
  private boolean headerWritten;
  private boolean saving;

  CsvWriter(PrintWriter out, PrintWriter err) {
    this(out, err, false);
  }

  /** {@code saving}: bodies are saved, so the saved columns belong in the header. */
  CsvWriter(PrintWriter out, PrintWriter err, boolean saving) {
    this.out = out;
    this.err = err;
    this.saving = saving;
  }

  @Override
  public void result(FetchResult result) {
    write(Records.of(result));
  }

  @Override
  public void result(Fetched fetched, boolean saving) {
    this.saving = saving;
    write(Records.of(fetched, saving));
  }

  private void write(Map<String, Object> record) {
    if (!headerWritten) {
      out.print(row(record.keySet()) + "\r\n");
      headerWritten = true;
    }
    out.print(row(record.values()) + "\r\n");
    out.flush();
  }

  @Override
  public void summary(Summary summary) {
    if (!headerWritten) {
      java.util.List<String> columns =
          new java.util.ArrayList<>(java.util.List.of(Records.COLUMNS));
      if (saving) {
        columns.addAll(java.util.List.of(Records.SAVED_COLUMNS));
      }
      out.print(row(columns) + "\r\n");
      out.flush();
    }
    Map<String, Object> record = Records.summary(summary);
    err.print(row(record.keySet()) + "\r\n" + row(record.values()) + "\r\n");
    err.flush();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a summary figure as JSON", e);
    }
  }

  private static String row(Collection<?> values) {
    return values.stream().map(CsvWriter::cell).collect(Collectors.joining(","));
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    // The summary's nested figures (status classes, hosts) go in one cell each, as JSON.
    String s =
        value instanceof Map<?, ?> || value instanceof Collection<?>
            ? json(value)
            : String.valueOf(value);
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
