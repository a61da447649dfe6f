package dev.fanout.store;

import dev.fanout.hn.HnClient;
import java.util.List;

/** Which items a mirror run stores: a closed set of selections. */
public sealed interface Selection {

  /** Ids {@code from..to}, both inclusive. */
  record Range(long from, long to) implements Selection {
    public Range {
      if (from < 1) {
        throw new IllegalArgumentException("--from must be >= 1: " + from);
      }
      if (to < from) {
        throw new IllegalArgumentException("--to must be >= --from: " + from + ".." + to);
      }
      if (to - from >= Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "range too large (at most " + Integer.MAX_VALUE + " ids): " + from + ".." + to);
      }
    }
  }

  /** The newest {@code count} ids up to {@code maxitem}. */
  record Last(long count) implements Selection {
    public Last {
      if (count < 1 || count >= Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "--last must be 1.." + (Integer.MAX_VALUE - 1) + ": " + count);
      }
    }
  }

  /** An item and all its descendants, following {@code kids}. */
  record Thread(long id) implements Selection {
    public Thread {
      if (id < 1) {
        throw new IllegalArgumentException("--thread must be an item id >= 1: " + id);
      }
    }
  }

  /** The stories of these lists ({@code top}, {@code new}, ...) with their threads. */
  record Lists(List<String> names) implements Selection {
    public Lists {
      names = List.copyOf(names);
      if (names.isEmpty()) {
        throw new IllegalArgumentException("--list needs a name: one of " + HnClient.LISTS);
      }
      for (String name : names) {
        if (!HnClient.LISTS.contains(name)) {
          throw new IllegalArgumentException(
              "unknown list '" + name + "'; use one of " + HnClient.LISTS);
        }
      }
    }
  }

  /** Nothing up front (with follow: only what appears from now on). */
  record None() implements Selection {}
}
