package dev.fanout.cli.hn;

import dev.fanout.replica.Dataset;
import dev.fanout.store.ItemRow;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.UserRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A mirror database served as a replica {@link Dataset} ({@code fanout serve --data FILE.db}):
 * items and profiles exactly as they were served when mirrored, {@code null} for every id the
 * mirror does not hold, {@code maxitem} the largest id it knows, and the story lists it stored
 * ({@code --list}), else none.
 *
 * <p>Thread-safe: every call is one query on one of the store's reader connections. The dataset
 * owns the store; {@link #close()} closes it.
 */
public final class MirrorDataset implements Dataset, AutoCloseable {
  private static final byte[] SQLITE_MAGIC =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final MirrorStore store;

  private MirrorDataset(MirrorStore store) {
    this.store = store;
  }

  /** Opens the mirror at {@code db} for serving; it must exist. */
  public static MirrorDataset open(Path db) {
    return new MirrorDataset(MirrorStore.sqliteReadOnly(db));
  }

  /** Whether {@code file} is a SQLite database (else {@code --data} is read as JSONL). */
  public static boolean isSqlite(Path file) {
    byte[] head = new byte[SQLITE_MAGIC.length];
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(head, 0, head.length) == head.length
          && Arrays.equals(head, SQLITE_MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public Optional<byte[]> item(long id) {
    return store.item(id).map(ItemRow::json).map(json -> json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public long maxItem() {
    return store.maxId();
  }

  @Override
  public List<Long> list(String name) {
    return store.list(name).orElse(List.of());
  }

  @Override
  public Optional<byte[]> user(String id) {
    return store.user(id).map(UserRow::json).map(json -> json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    store.close();
  }
}
