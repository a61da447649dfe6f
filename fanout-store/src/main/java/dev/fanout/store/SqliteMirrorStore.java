package dev.fanout.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens the SQLite {@link MirrorStore}: the file, its pragmas and schema; {@link JdbcMirrorStore}
 * does the rest.
 */
final class SqliteMirrorStore {
  private SqliteMirrorStore() {}

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
        return new JdbcMirrorStore(
            absolute.toString(),
            Sql.Dialect.SQLITE,
            null,
            () -> openReader(way.getKey(), way.getValue()));
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
      if (JdbcMirrorStore.scalar(c, Sql.HAS_META) == 0) {
        throw new StoreException(file + " is not a fanout mirror (no meta table)");
      }
      String version = JdbcMirrorStore.schemaVersion(c);
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
      return new JdbcMirrorStore(
          absolute.toString(),
          Sql.Dialect.SQLITE,
          new StoreWriter(connection, Sql.Dialect.SQLITE, file.toString(), clock),
          () -> openReader(url, new Properties()));
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
    long tables = JdbcMirrorStore.scalar(c, Sql.COUNT_TABLES);
    if (tables > 0 && JdbcMirrorStore.scalar(c, Sql.HAS_META) == 0) {
      throw new StoreException(
          file + " is a SQLite database but not a fanout mirror; give a new file name");
    }
    JdbcMirrorStore.createSchema(c, Sql.Dialect.SQLITE, file.toString());
  }

  private static Connection openReader(String url, Properties readerProperties)
      throws SQLException {
    Connection c = DriverManager.getConnection(url, readerProperties);
    try (Statement s = c.createStatement()) {
      for (String pragma : Sql.CONNECTION_PRAGMAS) {
        s.execute(pragma);
      }
      s.execute("PRAGMA query_only = ON");
    }
    return c;
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
}
