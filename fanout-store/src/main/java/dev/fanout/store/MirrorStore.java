package dev.fanout.store;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Where a Hacker News mirror keeps its items, null ids, user profiles and lists: a SQLite file
 * ({@link #sqlite(Path)}) or a PostgreSQL database ({@link #postgresql(String, Properties)}), the
 * same tables and the same behaviour.
 *
 * <p><b>Writes</b> ({@code put*}) are thread-safe and cheap for the caller: each is handed to the
 * store's one writer thread through a bounded queue, and blocks only while that queue is full. The
 * writer commits what it has queued in one transaction at a time, so a row is either fully written
 * or absent, whatever happens to the process. A put returns before its row is committed; {@link
 * #flush()} waits for everything put before it. Virtual threads may call puts freely: the native
 * database calls run on the writer's platform thread, never on theirs.
 *
 * <p><b>Reads</b> see committed rows only, through their own connections, concurrently with the
 * writer. They block the caller for the duration of one query (a virtual thread is pinned
 * meanwhile).
 *
 * <p>Failures: a database error is a {@link StoreException}; after the writer fails, every later
 * put and flush throws it too. {@link #close()} flushes, then releases the connections and the
 * writer.
 */
public interface MirrorStore extends AutoCloseable {

  /** Opens (creating if needed) the SQLite mirror at {@code file}, in WAL mode. */
  static MirrorStore sqlite(Path file) {
    return sqlite(file, InstantSource.system());
  }

  /** As {@link #sqlite(Path)}, with the clock that stamps {@code fetched_at}. */
  static MirrorStore sqlite(Path file, InstantSource clock) {
    return SqliteMirrorStore.open(file, clock);
  }

  /**
   * Opens the existing SQLite mirror at {@code file} for reading only: nothing is written to it and
   * no schema is created, so a mirror the user may read but not change (a read-only directory or
   * file) can be exported or served. Every {@code put*} and {@link #flush()} throws {@link
   * StoreException}.
   *
   * @throws StoreException if {@code file} is missing, is not a SQLite database or not a fanout
   *     mirror
   */
  static MirrorStore sqliteReadOnly(Path file) {
    return SqliteMirrorStore.openReadOnly(file);
  }

  /**
   * Opens (creating the tables if needed) the PostgreSQL mirror at {@code jdbcUrl}, e.g. {@code
   * jdbc:postgresql://db.example:5432/hn}: the tables of the SQLite mirror with PostgreSQL's types,
   * written by one connection in batched transactions and read through up to four more.
   *
   * <p>fanout-store does not bring the PostgreSQL JDBC driver ({@code org.postgresql:postgresql}):
   * the caller puts it on the class path or module path. {@code properties} are the driver's
   * connection properties: {@code user}, {@code password} (without one the driver reads {@code
   * ~/.pgpass} or {@code PGPASSFILE}), {@code connectTimeout} and so on.
   *
   * @throws StoreException if the server cannot be reached or refuses the login, or the database
   *     holds tables that are not a fanout mirror
   */
  static MirrorStore postgresql(String jdbcUrl, Properties properties) {
    return postgresql(jdbcUrl, properties, InstantSource.system());
  }

  /** As {@link #postgresql(String, Properties)}, with the clock that stamps {@code fetched_at}. */
  static MirrorStore postgresql(String jdbcUrl, Properties properties, InstantSource clock) {
    return PostgresMirrorStore.open(jdbcUrl, properties, clock);
  }

  /**
   * Where the mirror lives, for messages: the database file's absolute path, or a server's JDBC URL
   * without its parameters.
   */
  String location();

  void putItem(ItemRow item) throws InterruptedException;

  /** Records that the API answered {@code null} for {@code id}; ignored if the item is stored. */
  void putMissing(long id) throws InterruptedException;

  void putUser(UserRow user) throws InterruptedException;

  /** Records a story list ({@code top}, {@code new}, ...) as last fetched. */
  void putList(String name, List<Long> ids) throws InterruptedException;

  /** Blocks until everything put before this call is committed. */
  void flush() throws InterruptedException;

  Optional<ItemRow> item(long id);

  boolean isMissing(long id);

  /** Bit {@code i} is set when {@code from + i} is stored or recorded null ({@code from <= to}). */
  BitSet known(long from, long to);

  Optional<UserRow> user(String id);

  Optional<List<Long>> list(String name);

  /** The largest id stored or recorded null, 0 for an empty store. */
  long maxId();

  Counts counts();

  /** Authors of stored items whose profile is not stored yet, sorted. */
  List<String> authorsWithoutProfile();

  /** Streams every stored item in id order to {@code action}, on the calling thread. */
  void forEachItem(Consumer<? super ItemRow> action);

  /** Streams every recorded null id in order. */
  void forEachMissing(LongConsumer action);

  @Override
  void close();

  /** How many rows each table holds. */
  record Counts(long items, long missing, long users) {}
}
