package dev.fanout.hn;

import java.util.List;
import java.util.Objects;

/**
 * A Hacker News user profile with every field the API defines, plus the body as served.
 *
 * @param id the user name (case-sensitive)
 * @param created account creation time in Unix seconds
 * @param karma the user's karma
 * @param about the self-description as HTML, or null
 * @param submitted the user's stories, polls and comments, newest first
 * @param json the body exactly as served (owned by this record; do not modify)
 */
public record User(
    String id, long created, long karma, String about, List<Long> submitted, byte[] json) {
  public User {
    Objects.requireNonNull(id, "id");
    submitted = submitted == null ? List.of() : List.copyOf(submitted);
    Objects.requireNonNull(json, "json");
  }
}
