package dev.fanout.cli.shared;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hands results on as they complete, or, in ordered mode, in the order of their keys: each result
 * waits only for those before it. Not thread-safe; the crawler calls its sink one result at a time.
 */
public final class OrderedSink<T> implements Consumer<T> {
  private final List<Long> order;
  private final Function<T, Long> key;
  private final boolean ordered;
  private final Consumer<T> next;
  private final Map<Long, T> waiting = new HashMap<>();
  private int printed;

  public OrderedSink(List<Long> order, Function<T, Long> key, boolean ordered, Consumer<T> next) {
    this.order = order;
    this.key = key;
    this.ordered = ordered;
    this.next = next;
  }

  @Override
  public void accept(T result) {
    if (!ordered) {
      next.accept(result);
      return;
    }
    waiting.put(key.apply(result), result);
    while (printed < order.size() && waiting.containsKey(order.get(printed))) {
      next.accept(waiting.remove(order.get(printed++)));
    }
  }

  /** After an interruption: hands on what is still waiting, in order. */
  public void flushRest() {
    for (; printed < order.size(); printed++) {
      T result = waiting.remove(order.get(printed));
      if (result != null) {
        next.accept(result);
      }
    }
  }
}
