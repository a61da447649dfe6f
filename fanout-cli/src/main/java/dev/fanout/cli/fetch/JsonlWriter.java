package dev.fanout.cli.fetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.fetch.FetchResult;
import dev.fanout.fetch.Fetched;
import java.io.PrintWriter;
import java.util.Map;

/** One JSON object per line on stdout; the summary as one object on stderr. */
final class JsonlWriter implements ResultWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final PrintWriter err;

  JsonlWriter(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void result(FetchResult result) {
    out.println(json(Records.of(result)));
    out.flush();
  }

  @Override
  public void result(Fetched fetched, boolean saving) {
    out.println(json(Records.of(fetched, saving)));
    out.flush();
  }

  @Override
  public void summary(Summary summary) {
    err.println(json(Records.summary(summary)));
    err.flush();
  }

  private static String json(Map<String, Object> record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a record as JSON", e);
    }
  }
}
