package dev.fanout.store;

import dev.fanout.hn.User;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One stored user profile: typed columns of the {@code users} table plus the JSON as served. */
public record UserRow(String id, Long created, Long karma, String about, String json) {
  public UserRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(json, "json");
  }

  /** The row for a profile as the client parsed it. */
  public static UserRow of(User user) {
    return new UserRow(
        user.id(),
        user.created(),
        user.karma(),
        user.about(),
        new String(user.json(), StandardCharsets.UTF_8));
  }
}
