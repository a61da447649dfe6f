package dev.fanout.replica;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code /v0/...}: the Hacker News Firebase API, with item faults. */
final class ApiEndpoints {
  private static final Map<String, String> LISTS =
      Map.of(
          "topstories",
          "top",
          "newstories",
          "new",
          "beststories",
          "best",
          "askstories",
          "ask",
          "showstories",
          "show",
          "jobstories",
          "job");

  private final LiveDataset dataset;
  private final Faults faults;
  private final Stats stats;

  ApiEndpoints(LiveDataset dataset, Faults faults, Stats stats) {
    this.dataset = dataset;
    this.faults = faults;
    this.stats = stats;
  }

  /** Serves {@code rest}, the path after {@code /v0/}. */
  void serve(Exchange ex, String rest, boolean pretty) {
    if (!rest.endsWith(".json")) {
      // Firebase answers REST paths without .json with its console page; an API client sees an
      // error.
      ex.send(
          404,
          Exchange.JSON,
          Json.error("Not found: append .json to the path, e.g. /v0/item/1.json"));
      return;
    }
    String name = rest.substring(0, rest.length() - 5);
    if (name.startsWith("item/")) {
      long id = parseId(name.substring(5));
      byte[] body = id > 0 ? dataset.item(id).orElse(Json.NULL) : Json.NULL;
      FaultKind fault = id > 0 ? faults.next(id) : null;
      if (fault != null) {
        stats.fault(fault);
        FaultResponses.apply(ex, fault, body);
        return;
      }
      ok(ex, body, pretty);
      return;
    }
    if (name.startsWith("user/")) {
      ok(ex, dataset.user(name.substring(5)).orElse(Json.NULL), pretty);
      return;
    }
    switch (name) {
      case "maxitem" ->
          ok(ex, Long.toString(dataset.maxItem()).getBytes(StandardCharsets.US_ASCII), pretty);
      case "updates" -> ok(ex, dataset.updatesJson(), pretty);
      default -> {
        String list = LISTS.get(name);
        if (list != null) {
          ok(ex, dataset.listJson(list), pretty);
        } else {
          // What the real API says for any path its rules do not expose.
          ex.send(401, Exchange.JSON, Json.error("Permission denied"));
        }
      }
    }
  }

  private static void ok(Exchange ex, byte[] body, boolean pretty) {
    ex.send(200, Exchange.JSON, pretty ? Json.pretty(body) : body);
  }

  /** A positive id, or -1 for anything else (Firebase answers such paths with null). */
  static long parseId(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
