package dev.fanout.replica;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON as Firebase writes it: compact with sorted keys, or pretty with {@code ?print=pretty}. */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .build();
  static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private Json() {}

  static JsonNode parse(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not JSON: "
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getMessage()),
          e);
    }
  }

  /** Compact bytes with every object's keys sorted. */
  static byte[] sortedCompact(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(sorted(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Firebase's {@code print=pretty}: two-space indent, {@code "key" : value}. */
  static byte[] pretty(byte[] compact) {
    try {
      return MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(sorted(MAPPER.readTree(compact)));
    } catch (IOException e) {
      return compact; // not JSON (cannot happen for what we serve): send it as is
    }
  }

  static byte[] error(String message) {
    // Firebase's own spacing: {"error" : "Permission denied"}
    return ("{\"error\" : " + quote(message) + "}").getBytes(StandardCharsets.UTF_8);
  }

  static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] ids(List<Long> ids) {
    StringBuilder sb = new StringBuilder(ids.size() * 9 + 2).append('[');
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(ids.get(i).longValue());
    }
    return sb.append(']').toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Map<String, JsonNode> fields = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.put(e.getKey(), sorted(e.getValue()));
      }
      ObjectNode copy = MAPPER.createObjectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      var copy = MAPPER.createArrayNode();
      node.forEach(child -> copy.add(sorted(child)));
      return copy;
    }
    return node;
  }
}
