package dev.fanout.hn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the API's JSON with Jackson's streaming parser: one pass over the bytes, no tree, no
 * reflection, because this runs once per item on the crawler's hot path.
 *
 * <p>Every method rejects what the API never sends (truncated text, HTML error pages, trailing
 * garbage, a value of the wrong type) with {@link MalformedJsonException}, so that a damaged
 * response is retried instead of being counted.
 */
final class ItemJson {
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  private ItemJson() {}

  /** Thrown for a body that is not the JSON the API sends. */
  static final class MalformedJsonException extends Exception {
    MalformedJsonException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Parses an item body: an object, or {@code null} (returned as null: the API's "no such item").
   */
  static Item parseItem(byte[] body) throws MalformedJsonException {
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.VALUE_NULL) {
        end(p);
        return null;
      }
      if (first != JsonToken.START_OBJECT) {
        throw new MalformedJsonException("not a JSON object or null" + start(body));
      }
      Item item = readItem(p);
      end(p);
      return item;
    } catch (IOException e) {
      throw new MalformedJsonException(problem(e, body));
    }
  }

  private static Item readItem(JsonParser p) throws IOException, MalformedJsonException {
    long id = -1;
    boolean deleted = false, dead = false;
    String type = null, by = null, text = null, url = null, title = null;
    Long time = null, parent = null, poll = null;
    Integer score = null, descendants = null;
    List<Long> kids = null, parts = null;
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "id" -> id = longValue(p, name);
        case "deleted" -> deleted = booleanValue(p, name);
        case "dead" -> dead = booleanValue(p, name);
        case "type" -> type = stringValue(p, name);
        case "by" -> by = stringValue(p, name);
        case "text" -> text = stringValue(p, name);
        case "url" -> url = stringValue(p, name);
        case "title" -> title = stringValue(p, name);
        case "time" -> time = longValue(p, name);
        case "parent" -> parent = longValue(p, name);
        case "poll" -> poll = longValue(p, name);
        case "score" -> score = Math.toIntExact(longValue(p, name));
        case "descendants" -> descendants = Math.toIntExact(longValue(p, name));
        case "kids" -> kids = longArray(p, name);
        case "parts" -> parts = longArray(p, name);
        default -> p.skipChildren(); // fields the API may add later
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new MalformedJsonException("unexpected " + token + " in item");
    }
    if (id < 0) {
      throw new MalformedJsonException("item without an id");
    }
    return new Item(
        id,
        deleted,
        type,
        by,
        time,
        text,
        dead,
        parent,
        poll,
        kids,
        url,
        score,
        title,
        parts,
        descendants);
  }

  /** Parses a JSON array of ids (the story lists); {@code null} reads as an empty list. */
  static List<Long> parseIds(byte[] body) throws MalformedJsonException {
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken first = p.nextToken();
      List<Long> ids = first == JsonToken.VALUE_NULL ? List.of() : longArray(p, "list");
      end(p);
      return ids;
    } catch (IOException e) {
      throw new MalformedJsonException(problem(e, body));
    }
  }

  /** Parses a bare number (maxitem). */
  static long parseLong(byte[] body) throws MalformedJsonException {
    try (JsonParser p = FACTORY.createParser(body)) {
      p.nextToken();
      long value = longValue(p, "maxitem");
      end(p);
      return value;
    } catch (IOException e) {
      throw new MalformedJsonException(problem(e, body));
    }
  }

  /** Checks that the body is one complete JSON value and nothing else. */
  static void requireJson(byte[] body) throws MalformedJsonException {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() == null) {
        throw new MalformedJsonException("empty body");
      }
      p.skipChildren();
      end(p);
    } catch (IOException e) {
      throw new MalformedJsonException(problem(e, body));
    }
  }

  static List<Long> longArray(JsonParser p, String name)
      throws IOException, MalformedJsonException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new MalformedJsonException(name + " is not an array");
    }
    List<Long> ids = new ArrayList<>();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.VALUE_NUMBER_INT) {
        throw new MalformedJsonException(name + " holds a non-integer: " + token);
      }
      ids.add(p.getLongValue());
    }
    return ids;
  }

  static long longValue(JsonParser p, String name) throws IOException, MalformedJsonException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new MalformedJsonException(name + " is not an integer");
    }
    return p.getLongValue();
  }

  static boolean booleanValue(JsonParser p, String name) throws MalformedJsonException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
      throw new MalformedJsonException(name + " is not a boolean");
    }
    return t == JsonToken.VALUE_TRUE;
  }

  static String stringValue(JsonParser p, String name) throws IOException, MalformedJsonException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new MalformedJsonException(name + " is not a string");
    }
    return p.getText();
  }

  static void end(JsonParser p) throws IOException, MalformedJsonException {
    if (p.nextToken() != null) {
      throw new MalformedJsonException("trailing data after the JSON value");
    }
  }

  private static String problem(IOException e, byte[] body) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return (newline > 0 ? message.substring(0, newline) : message) + start(body);
  }

  private static String start(byte[] body) {
    if (body.length == 0) {
      return " (empty body)";
    }
    int n = Math.min(body.length, 40);
    String head =
        new String(body, 0, n, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    return " (body starts: " + head + (body.length > n ? "..." : "") + ")";
  }
}
