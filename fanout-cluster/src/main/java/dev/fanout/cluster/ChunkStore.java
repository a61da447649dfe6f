package dev.fanout.cluster;

import dev.fanout.store.ItemRow;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.UserRow;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A mirror store that keeps one work record's answers in memory, so the worker runs the same mirror
 * engine as {@code fanout hn mirror} and sends what it stored as the record's result. It starts
 * empty (a worker has no mirror of its own: every id of the range is asked for), and holds one
 * chunk, so its size is bounded by {@code --chunk}.
 *
 * <p>Thread-safe: the mirror's request threads put concurrently.
 */
final class ChunkStore implements MirrorStore {
  private final List<ItemRow> items = new ArrayList<>();
  private final List<Long> missing = new ArrayList<>();

  @Override
  public String location() {
    return "(memory)";
  }

  @Override
  public synchronized void putItem(ItemRow item) {
    items.add(item);
  }

  @Override
  public synchronized void putMissing(long id) {
    missing.add(id);
  }

  @Override
  public void putUser(UserRow user) {
    // A range work record never asks for users.
  }

  @Override
  public void putList(String name, List<Long> ids) {
    // A range work record never reads lists.
  }

  @Override
  public void flush() {}

  @Override
  public Optional<ItemRow> item(long id) {
    return Optional.empty();
  }

  @Override
  public boolean isMissing(long id) {
    return false;
  }

  @Override
  public BitSet known(long from, long to) {
    return new BitSet();
  }

  @Override
  public Optional<UserRow> user(String id) {
    return Optional.empty();
  }

  @Override
  public Optional<List<Long>> list(String name) {
    return Optional.empty();
  }

  @Override
  public long maxId() {
    return 0;
  }

  @Override
  public synchronized Counts counts() {
    return new Counts(items.size(), missing.size(), 0);
  }

  @Override
  public List<String> authorsWithoutProfile() {
    return List.of();
  }

  @Override
  public synchronized void forEachItem(Consumer<? super ItemRow> action) {
    items.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList().forEach(action);
  }

  @Override
  public synchronized void forEachMissing(LongConsumer action) {
    missing.stream().sorted().forEach(action::accept);
  }

  @Override
  public void close() {}
}
