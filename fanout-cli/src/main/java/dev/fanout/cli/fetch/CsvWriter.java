package dev.fanout.cli.fetch;

import dev.fanout.fetch.FetchResult;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** RFC 4180 CSV with a header row on stdout; the summary as a header plus one row on stderr. */
final class CsvWriter implements ResultWriter {
  private final PrintWriter out;
  private final PrintWriter err;
  private boolean headerWritten;

  CsvWriter(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void result(FetchResult result) {
    Map<String, Object> record = Records.of(result);
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
      out.print(row(java.util.List.of(Records.COLUMNS)) + "\r\n");
      out.flush();
    }
    Map<String, Object> record = Records.summary(summary);
    err.print(row(record.keySet()) + "\r\n" + row(record.values()) + "\r\n");
    err.flush();
  }

  private static String row(Collection<?> values) {
    return values.stream().map(CsvWriter::cell).collect(Collectors.joining(","));
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = String.valueOf(value);
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
