package dev.fanout.hn;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the API's other bodies (users, updates) with the same streaming rules as {@link ItemJson}.
 */
final class ApiJson {
  private ApiJson() {}

  /** A user body; null for the API's {@code null}. */
  static User parseUser(byte[] body) throws ItemJson.MalformedJsonException {
    try (JsonParser p = ItemJson.FACTORY.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.VALUE_NULL) {
        ItemJson.end(p);
        return null;
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ItemJson.MalformedJsonException("user is not a JSON object");
      }
      String id = null, about = null;
      long created = 0, karma = 0;
      List<Long> submitted = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (name) {
          case "id" -> id = ItemJson.stringValue(p, name);
          case "about" -> about = ItemJson.stringValue(p, name);
          case "created" -> created = ItemJson.longValue(p, name);
          case "karma" -> karma = ItemJson.longValue(p, name);
          case "submitted" -> submitted = ItemJson.longArray(p, name);
          default -> p.skipChildren();
        }
      }
      ItemJson.end(p);
      if (id == null) {
        throw new ItemJson.MalformedJsonException("user without an id");
      }
      return new User(id, created, karma, about, submitted, body);
    } catch (IOException e) {
      throw new ItemJson.MalformedJsonException(String.valueOf(e.getMessage()));
    }
  }

  static Updates parseUpdates(byte[] body) throws ItemJson.MalformedJsonException {
    try (JsonParser p = ItemJson.FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ItemJson.MalformedJsonException("updates is not a JSON object");
      }
      List<Long> items = List.of();
      List<String> profiles = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "items" -> items = ItemJson.longArray(p, name);
          case "profiles" -> {
            if (p.currentToken() != JsonToken.START_ARRAY) {
              throw new ItemJson.MalformedJsonException("profiles is not an array");
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
              profiles.add(ItemJson.stringValue(p, name));
            }
          }
          default -> p.skipChildren();
        }
      }
      ItemJson.end(p);
      return new Updates(items, profiles);
    } catch (IOException e) {
      throw new ItemJson.MalformedJsonException(String.valueOf(e.getMessage()));
    }
  }
}
