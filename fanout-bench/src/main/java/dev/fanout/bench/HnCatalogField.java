package dev.fanout.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints one field of one replica catalog story read from stdin ({@code GET /__catalog}), for
 * {@code hn-bench.sh}: {@code curl -s BASE/__catalog | java ... HnCatalogField 10000 depth}.
 */
public final class HnCatalogField {
  private HnCatalogField() {}

  public static void main(String[] args) throws Exception {
    JsonNode catalog = new ObjectMapper().readTree(System.in);
    JsonNode entries = catalog.isArray() ? catalog : catalog.path("entries");
    for (JsonNode e : entries) {
      if (e.path("name").asText().equals(args[0])) {
        System.out.println(e.path(args[1]).asText());
        return;
      }
    }
    System.err.println("no catalog story named '" + args[0] + "'");
    System.exit(2);
  }
}
