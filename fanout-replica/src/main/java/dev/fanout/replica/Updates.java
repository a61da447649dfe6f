package dev.fanout.replica;

import java.util.List;

/** The body of {@code /v0/updates.json}: recently changed item ids and user ids. */
public record Updates(List<Long> items, List<String> profiles) {
  static final Updates EMPTY = new Updates(List.of(), List.of());

  public Updates {
    items = List.copyOf(items);
    profiles = List.copyOf(profiles);
  }
}
