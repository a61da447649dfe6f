package dev.fanout.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A {@link MirrorStore} on a JDBC database, whichever: one writer connection on its own thread
 * ({@link StoreWriter}), a few reader connections ({@link ReaderPool}), the statements of {@link
 * Sql}. {@link SqliteMirrorStore} and {@link PostgresMirrorStore} open the connections and the
 * schema, then hand them to this class.
 */
final class JdbcMirrorStore implements MirrorStore {
  private static final int READERS = 4;

  private final String location;
  private final Sql.Dialect dialect;

  /** Null when opened for reading only. */
  private final StoreWriter writer;

  private final ReaderPool readers;

  /**
   * @param location the file or server, for messages
   * @param writer the writer over its own connection (closed with this store), or null for a store
   *     that only reads
   * @param readers opens one more reader connection
   */
  JdbcMirrorStore(
      String location, Sql.Dialect dialect, StoreWriter writer, ReaderPool.Opener readers) {
    this.location = location;
    this.dialect = dialect;
    this.writer = writer;
    this.readers = new ReaderPool(readers, READERS);
  }

  /**
   * Creates the tables {@code dialect} names where missing and records the schema version, or
   * refuses a mirror of another version; {@code location} names the database in the message.
   */
  static void createSchema(Connection c, Sql.Dialect dialect, String location) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String ddl : dialect.schema) {
        s.execute(ddl);
      }
    }
    String version = schemaVersion(c);
    if (version == null) {
      try (PreparedStatement s = c.prepareStatement(Sql.PUT_META)) {
        s.setString(1, "schema");
        s.setString(2, Sql.SCHEMA_VERSION);
        s.executeUpdate();
      }
    } else if (!version.equals(Sql.SCHEMA_VERSION)) {
      throw new StoreException(
          location + " has mirror schema " + version + "; this fanout reads " + Sql.SCHEMA_VERSION);
    }
  }

  /** The schema version the mirror's meta table records, or null when it records none. */
  static String schemaVersion(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.GET_META)) {
      s.setString(1, "schema");
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  private void writable() {
    if (writer == null) {
      throw new StoreException(location + " is open for reading only");
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void putItem(ItemRow item) throws InterruptedException {
    writable();
    writer.put(new StoreWriter.Write.Item(item, writer.now()));
  }

  @Override
  public void putMissing(long id) throws InterruptedException {
    writable();
    writer.put(new StoreWriter.Write.Missing(id, writer.now()));
  }

  @Override
  public void putUser(UserRow user) throws InterruptedException {
    writable();
    writer.put(new StoreWriter.Write.User(user, writer.now()));
  }

  @Override
  public void putList(String name, List<Long> ids) throws InterruptedException {
    writable();
    StringJoiner json = new StringJoiner(",", "[", "]");
    ids.forEach(id -> json.add(Long.toString(id)));
    writer.put(new StoreWriter.Write.ListIds(name, json.toString(), writer.now()));
  }

  @Override
  public void flush() throws InterruptedException {
    writable();
    writer.flush();
  }

  @Override
  public Optional<ItemRow> item(long id) {
    return readers.query(
        Sql.GET_ITEM,
        s -> s.setLong(1, id),
        r -> r.next() ? Optional.of(itemRow(r)) : Optional.empty());
  }

  @Override
  public boolean isMissing(long id) {
    return readers.query(Sql.IS_MISSING, s -> s.setLong(1, id), ResultSet::next);
  }

  @Override
  public BitSet known(long from, long to) {
    if (from > to || to - from >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad id range: " + from + ".." + to);
    }
    return readers.query(
        Sql.KNOWN_IN_RANGE,
        s -> {
          s.setLong(1, from);
          s.setLong(2, to);
          s.setLong(3, from);
          s.setLong(4, to);
        },
        r -> {
          BitSet known = new BitSet((int) (to - from + 1));
          while (r.next()) {
            known.set((int) (r.getLong(1) - from));
          }
          return known;
        });
  }

  @Override
  public Optional<UserRow> user(String id) {
    return readers.query(
        Sql.GET_USER,
        s -> s.setString(1, id),
        r ->
            r.next()
                ? Optional.of(
                    new UserRow(
                        r.getString(1),
                        longOrNull(r, 2),
                        longOrNull(r, 3),
                        r.getString(4),
                        r.getString(5)))
                : Optional.empty());
  }

  @Override
  public Optional<List<Long>> list(String name) {
    return readers.query(
        Sql.GET_LIST,
        s -> s.setString(1, name),
        r -> {
          if (!r.next()) {
            return Optional.empty();
          }
          String ids = r.getString(1);
          List<Long> out = new ArrayList<>();
          for (String part : ids.substring(1, ids.length() - 1).split(",")) {
            if (!part.isBlank()) {
              out.add(Long.parseLong(part.strip()));
            }
          }
          return Optional.of(List.copyOf(out));
        });
  }

  @Override
  public long maxId() {
    return readers.query(dialect.maxId, s -> {}, r -> r.next() ? r.getLong(1) : 0L);
  }

  @Override
  public Counts counts() {
    return new Counts(count(Sql.COUNT_ITEMS), count(Sql.COUNT_MISSING), count(Sql.COUNT_USERS));
  }

  private long count(String sql) {
    return readers.query(sql, s -> {}, r -> r.next() ? r.getLong(1) : 0L);
  }

  @Override
  public List<String> authorsWithoutProfile() {
    return readers.query(
        Sql.AUTHORS_WITHOUT_PROFILE,
        s -> {},
        r -> {
          List<String> out = new ArrayList<>();
          while (r.next()) {
            out.add(r.getString(1));
          }
          return out;
        });
  }

  @Override
  public void forEachItem(Consumer<? super ItemRow> action) {
    readers.query(
        Sql.ALL_ITEMS,
        s -> {},
        r -> {
          while (r.next()) {
            action.accept(itemRow(r));
          }
          return null;
        });
  }

  @Override
  public void forEachMissing(LongConsumer action) {
    readers.query(
        Sql.ALL_MISSING,
        s -> {},
        r -> {
          while (r.next()) {
            action.accept(r.getLong(1));
          }
          return null;
        });
  }

  private static ItemRow itemRow(ResultSet r) throws SQLException {
    return new ItemRow(
        r.getLong(1),
        r.getString(2),
        r.getString(3),
        longOrNull(r, 4),
        longOrNull(r, 5),
        r.getBoolean(6),
        r.getBoolean(7),
        r.getString(8),
        r.getString(9),
        longOrNull(r, 10),
        longOrNull(r, 11),
        r.getString(12),
        r.getString(13),
        r.getString(14));
  }

  private static Long longOrNull(ResultSet r, int column) throws SQLException {
    long value = r.getLong(column);
    return r.wasNull() ? null : value;
  }

  @Override
  public void close() {
    if (writer == null) {
      readers.close();
      return;
    }
    writer.close();
    readers.close();
    try {
      writer.connection().close();
    } catch (SQLException e) {
      throw new StoreException("cannot close " + location + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "MirrorStore[" + location + "]";
  }
}
