package dev.fanout.hn;

import java.util.List;

/**
 * The API's {@code updates.json}: items and profiles that changed recently.
 *
 * @param items ids of changed items
 * @param profiles names of changed users
 */
public record Updates(List<Long> items, List<String> profiles) {
  public Updates {
    items = List.copyOf(items);
    profiles = List.copyOf(profiles);
  }
}
