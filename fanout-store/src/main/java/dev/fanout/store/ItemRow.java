package dev.fanout.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fanout.hn.Item;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One stored item: the typed columns of the {@code items} table plus the JSON exactly as served.
 *
 * <p>Nullable fields are null when the API left them out. {@code kids} is the JSON array text (e.g.
 * {@code [2,3]}) or null.
 */
public record ItemRow(
    long id,
    String type,
    String by,
    Long time,
    Long parent,
    boolean deleted,
    boolean dead,
    String title,
    String url,
    Long score,
    Long descendants,
    String text,
    String kids,
    String json) {

  private static final JsonFactory JSON = new JsonFactory();

  public ItemRow {
    Objects.requireNonNull(json, "json");
    if (id < 0) {
      throw new IllegalArgumentException("id < 0: " + id);
    }
  }

  /** The row for an item the API served as {@code json} (already parsed into {@code item}). */
  public static ItemRow of(Item item, byte[] json) {
    String kids = null;
    if (!item.kids().isEmpty()) {
      StringBuilder out = new StringBuilder(8 * item.kids().size()).append('[');
      for (Long kid : item.kids()) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(kid.longValue());
      }
      kids = out.append(']').toString();
    }
    return new ItemRow(
        item.id(),
        item.type(),
        item.by(),
        item.time(),
        item.parent(),
        item.deleted(),
        item.dead(),
        item.title(),
        item.url(),
        item.score() == null ? null : item.score().longValue(),
        item.descendants() == null ? null : item.descendants().longValue(),
        item.text(),
        kids,
        new String(json, StandardCharsets.UTF_8));
  }

  /**
   * Reads the typed fields out of an item's JSON, keeping the text itself unchanged.
   *
   * @throws IllegalArgumentException if the bytes are not a JSON object with a numeric {@code id}
   */
  public static ItemRow parse(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    Long id = null;
    Long time = null, parent = null, score = null, descendants = null;
    String type = null, by = null, title = null, url = null, body = null, kids = null;
    boolean deleted = false, dead = false;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("item JSON is not an object: " + abbreviate(text));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> id = number(p, value);
          case "type" -> type = string(p, value);
          case "by" -> by = string(p, value);
          case "time" -> time = number(p, value);
          case "parent" -> parent = number(p, value);
          case "deleted" -> deleted = value == JsonToken.VALUE_TRUE;
          case "dead" -> dead = value == JsonToken.VALUE_TRUE;
          case "title" -> title = string(p, value);
          case "url" -> url = string(p, value);
          case "score" -> score = number(p, value);
          case "descendants" -> descendants = number(p, value);
          case "text" -> body = string(p, value);
          case "kids" -> kids = value == JsonToken.START_ARRAY ? kidsArray(p) : skip(p);
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("item JSON does not parse (" + e.getMessage() + "): " + abbreviate(text), e);
    }
    if (id == null) {
      throw new IllegalArgumentException("item JSON has no numeric id: " + abbreviate(text));
    }
    return new ItemRow(id, type, by, time, parent, deleted, dead, title, url, score, descendants, body, kids, text);
  }

  /** The ids in {@link #kids()}, in order; empty when there are none. */
  public long[] kidIds() {
    if (kids == null || kids.length() <= 2) {
      return new long[0];
    }
    String[] parts = kids.substring(1, kids.length() - 1).split(",");
    long[] ids = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      ids[i] = Long.parseLong(parts[i].strip());
    }
    return ids;
  }

  private static String kidsArray(JsonParser p) throws IOException {
    StringBuilder out = new StringBuilder("[");
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_NUMBER_INT) {
        if (out.length() > 1) {
          out.append(',');
        }
        out.append(p.getLongValue());
      } else {
        p.skipChildren(); // a non-numeric kid is not an id; the raw JSON still has it
      }
    }
    return out.append(']').toString();
  }

  private static Long number(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    p.skipChildren();
    return null;
  }

  private static String string(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static String skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
