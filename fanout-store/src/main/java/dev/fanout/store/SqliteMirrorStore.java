package dev.fanout.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite {@link MirrorStore}: one writer connection on its own thread, a few reader
 * connections.
 */
final class SqliteMirrorStore implements MirrorStore {
  private static final int READERS = 4;

  private final Path file;
  private final String url;
  private final Properties readerProperties;

  /** Null when opened for reading only. */
  private final StoreWriter writer;

  private final ReaderPool readers;

  private SqliteMirrorStore(
      Path file, String url, Properties readerProperties, StoreWriter writer) {
    this.file = file;
    this.url = url;
    this.readerProperties = readerProperties;
    this.writer = writer;
    this.readers = new ReaderPool(this::openReader, READERS);
  }

  /**
   * Opens an existing mirror for reading only: every connection runs {@code PRAGMA query_only}, and
   * the store has no writer. Three ways are tried, in order:
   *
   * <ol>
   *   <li>an ordinary connection: where the directory is writable, the last one to close removes
   *       the {@code -wal} and {@code -shm} files, as a writer's would (a connection opened {@code
   *       SQLITE_OPEN_READONLY} leaves them behind);
   *   <li>{@code SQLITE_OPEN_READONLY}: a file the user may read but not write;
   *   <li>{@code immutable=1}, when no {@code -wal} file holds commits yet to be checkpointed: a
   *       WAL database needs its {@code -shm} file even to read, and that cannot be created in a
   *       directory the user cannot write. The file is then read as it is, without locks, which is
   *       right for a mirror nobody can be writing there.
   * </ol>
   */
  static MirrorStore openReadOnly(Path file) {
    Path absolute = file.toAbsolutePath();
    if (!Files.isRegularFile(absolute)) {
      throw new StoreException("no mirror database at " + file);
    }
    String plain = "jdbc:sqlite:" + absolute;
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    SQLiteConfig immutable = new SQLiteConfig();
    immutable.setReadOnly(true);
    immutable.setOpenMode(SQLiteOpenMode.OPEN_URI);
    Path wal = absolute.resolveSibling(absolute.getFileName() + "-wal");
    List<Map.Entry<String, Properties>> ways =
        new ArrayList<>(
            List.of(Map.entry(plain, new Properties()), Map.entry(plain, readOnly.toProperties())));
    if (isEmptyOrMissing(wal)) {
      ways.add(
          Map.entry("jdbc:sqlite:" + absolute.toUri() + "?immutable=1", immutable.toProperties()));
    }
    SQLException last = null;
    for (Map.Entry<String, Properties> way : ways) {
      try {
        checkReadable(way.getKey(), way.getValue(), file);
        return new SqliteMirrorStore(absolute, way.getKey(), way.getValue(), null);
      } catch (SQLException e) {
        last = e;
      }
    }
    throw new StoreException(file + " cannot be read (" + last.getMessage() + ")", last);
  }

  private static boolean isEmptyOrMissing(Path path) {
    try {
      return !Files.exists(path) || Files.size(path) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Opens one connection and checks that {@code file} is a mirror of the schema this store reads.
   */
  private static void checkReadable(String url, Properties properties, Path file)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url, properties)) {
      if (scalar(c, Sql.HAS_META) == 0) {
        throw new StoreException(file + " is not a fanout mirror (no meta table)");
      }
      String version = schemaVersion(c);
      if (!Sql.SCHEMA_VERSION.equals(version)) {
        throw new StoreException(
            file + " has mirror schema " + version + "; this fanout reads " + Sql.SCHEMA_VERSION);
      }
    }
  }

  static MirrorStore open(Path file, InstantSource clock) {
    Path absolute = file.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new StoreException(
          "cannot create " + file + ": directory " + parent + " does not exist");
    }
    if (Files.isDirectory(absolute)) {
      throw new StoreException(
          file + " is a directory; give a database file, e.g. " + file.resolve("mirror.db"));
    }
    String url = "jdbc:sqlite:" + absolute;
    Connection connection = null;
    try {
      connection = DriverManager.getConnection(url);
      try (Statement s = connection.createStatement()) {
        for (String pragma : Sql.CONNECTION_PRAGMAS) {
          s.execute(pragma);
        }
        for (String pragma : Sql.WRITER_PRAGMAS) {
          s.execute(pragma);
        }
      }
      createOrCheckSchema(connection, file);
      connection.setAutoCommit(false);
      return new SqliteMirrorStore(
          absolute, url, new Properties(), new StoreWriter(connection, file.toString(), clock));
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new StoreException(
          file + " is not a usable SQLite database (" + e.getMessage() + ")", e);
    } catch (StoreException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void createOrCheckSchema(Connection c, Path file) throws SQLException {
    long tables = scalar(c, Sql.COUNT_TABLES);
    if (tables > 0 && scalar(c, Sql.HAS_META) == 0) {
      throw new StoreException(
          file + " is a SQLite database but not a fanout mirror; give a new file name");
    }
    try (Statement s = c.createStatement()) {
      for (String ddl : Sql.SCHEMA) {
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
          file + " has mirror schema " + version + "; this fanout reads " + Sql.SCHEMA_VERSION);
    }
  }

  /** The schema version the mirror's meta table records, or null when it records none. */
  private static String schemaVersion(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(Sql.GET_META)) {
      s.setString(1, "schema");
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getLong(1) : 0;
    }
  }

  private Connection openReader() throws SQLException {
    Connection c = DriverManager.getConnection(url, readerProperties);
    try (Statement s = c.createStatement()) {
      for (String pragma : Sql.CONNECTION_PRAGMAS) {
        s.execute(pragma);
      }
      s.execute("PRAGMA query_only = ON");
    }
    return c;
  }

  private void writable() {
    if (writer == null) {
      throw new StoreException(file + " is open for reading only");
    }
  }

  @Override
  public Path file() {
    return file;
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
    return readers.query(Sql.MAX_ID, s -> {}, r -> r.next() ? r.getLong(1) : 0L);
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
        r.getInt(6) != 0,
        r.getInt(7) != 0,
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
      writerConnectionClose();
    } catch (SQLException e) {
      throw new StoreException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }

  private void writerConnectionClose() throws SQLException {
    writer.connection().close();
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // reporting the open failure matters more
      }
    }
  }

  @Override
  public String toString() {
    return "MirrorStore[" + file + "]";
  }
}
