package dev.fanout.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fanout.hn.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One stored user profile: typed columns of the {@code users} table plus the JSON as served. */
public record UserRow(String id, Long created, Long karma, String about, String json) {
  private static final JsonFactory JSON = new JsonFactory();

  public UserRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(json, "json");
  }

  /** The row for a profile as the client parsed it. */
  public static UserRow of(User user) {
    return new UserRow(user.id(), user.created(), user.karma(), user.about(), new String(user.json(), StandardCharsets.UTF_8));
  }

  /**
   * Reads a profile's typed fields, keeping its JSON text unchanged.
   *
   * @throws IllegalArgumentException if the bytes are not a JSON object with a string {@code id}
   */
  public static UserRow parse(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    String id = null, about = null;
    Long created = null, karma = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("user JSON is not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "id" -> id = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "about" -> about = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "created" -> created = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
          case "karma" -> karma = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("user JSON does not parse: " + e.getMessage(), e);
    }
    if (id == null) {
      throw new IllegalArgumentException("user JSON has no string id");
    }
    return new UserRow(id, created, karma, about, text);
  }
}
