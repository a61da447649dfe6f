package dev.fanout.store;

import dev.fanout.hn.Item;
import dev.fanout.hn.ItemResponse;
import dev.fanout.hn.ItemSink;
import dev.fanout.hn.ItemSource;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a mirror's answers go, for ranges ({@link Batch}) and walks alike: a found item is stored,
 * a {@code null} recorded, a failure tallied; each counted and reported done. As an {@link
 * ItemSource}, it serves what an earlier run stored, so a walk asks only for what is new.
 */
final class StoreSink implements ItemSink, ItemSource {
  private final MirrorStore store;
  private final Tally tally;
  private final MirrorListener listener;

  StoreSink(MirrorStore store, Tally tally, MirrorListener listener) {
    this.store = store;
    this.tally = tally;
    this.listener = listener;
  }

  @Override
  public void accept(ItemResponse response) throws InterruptedException {
    long id = response.id();
    switch (response) {
      case ItemResponse.Found found -> {
        store.putItem(ItemRow.of(found.item(), found.json()));
        tally.items.increment();
        tally.succeeded(id);
      }
      case ItemResponse.Missing missing -> {
        store.putMissing(id);
        tally.missing.increment();
        tally.succeeded(id);
      }
      case ItemResponse.Failed failed ->
          tally.fail(id, failed.failure().kind().label() + ": " + failed.failure().message());
    }
    listener.done(id);
  }

  /**
   * An item an earlier run stored (its kids are then followed from the stored copy) or recorded
   * {@code null}, counted as skipped; empty for an id to fetch.
   */
  @Override
  public Optional<ItemResponse> find(long id) {
    Optional<ItemRow> stored = store.item(id);
    ItemResponse served;
    if (stored.isPresent()) {
      byte[] json = stored.get().json().getBytes(StandardCharsets.UTF_8);
      Optional<Item> item;
      try {
        item = Item.fromJson(json);
      } catch (IllegalArgumentException e) {
        item = Optional.empty();
      }
      if (item.isEmpty()) {
        throw new StoreException(store.location() + ": stored item " + id + " is not an item");
      }
      served = new ItemResponse.Found(item.get(), json, 0);
    } else if (store.isMissing(id)) {
      served = new ItemResponse.Missing(id, 0);
    } else {
      return Optional.empty();
    }
    tally.skipped.increment();
    listener.done(id);
    return Optional.of(served);
  }
}
