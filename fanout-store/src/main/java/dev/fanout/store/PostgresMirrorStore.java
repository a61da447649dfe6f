package dev.fanout.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Properties;

/**
 * Opens the PostgreSQL {@link MirrorStore}: the connections and the schema; {@link JdbcMirrorStore}
 * does the rest, with the same statements as on SQLite (decision 0022).
 *
 * <p>The driver is found by {@link DriverManager} at run time: this module neither requires nor
 * ships it, so {@code fanout.jar} carries none of it; fanout-cluster brings it.
 */
final class PostgresMirrorStore {
  private PostgresMirrorStore() {}

  /**
   * Any constant: it names the lock that makes two stores opening the same empty database one after
   * the other create the tables once ({@code CREATE TABLE IF NOT EXISTS} alone races in
   * PostgreSQL).
   */
  private static final long SCHEMA_LOCK = 0x66616e6f7574L;

  static MirrorStore open(String url, Properties properties, InstantSource clock) {
    String location = location(url, properties.getProperty("user"));
    Connection connection = null;
    try {
      connection = connect(url, properties, location);
      connection.setAutoCommit(false);
      createOrCheckSchema(connection, location);
      connection.commit();
      Properties readerProperties = new Properties();
      readerProperties.putAll(properties);
      return new JdbcMirrorStore(
          location,
          Sql.Dialect.POSTGRESQL,
          new StoreWriter(connection, Sql.Dialect.POSTGRESQL, location, clock),
          () -> {
            Connection c = DriverManager.getConnection(url, readerProperties);
            c.setReadOnly(true);
            return c;
          });
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new StoreException(
          location + " is not a usable PostgreSQL database (" + firstLine(e) + ")", e);
    } catch (StoreException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static Connection connect(String url, Properties properties, String location) {
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      if ("08001".equals(e.getSQLState()) && e.getMessage().startsWith("No suitable driver")) {
        throw new StoreException(
            "cannot connect to "
                + location
                + ": the PostgreSQL JDBC driver (org.postgresql:postgresql) is not on the class"
                + " path",
            e);
      }
      throw new StoreException("cannot connect to " + location + ": " + firstLine(e), e);
    }
  }

  private static void createOrCheckSchema(Connection c, String location) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, SCHEMA_LOCK);
      lock.execute();
    }
    long tables = JdbcMirrorStore.scalar(c, Sql.Dialect.POSTGRESQL.countTables);
    if (tables > 0 && JdbcMirrorStore.scalar(c, Sql.Dialect.POSTGRESQL.hasMeta) == 0) {
      throw new StoreException(
          location
              + " has tables but is not a fanout mirror; give an empty database (createdb NAME)");
    }
    JdbcMirrorStore.createSchema(c, Sql.Dialect.POSTGRESQL, location);
  }

  /**
   * How messages name the database: {@code postgresql://USER@HOST:PORT/DATABASE}, as libpq's URLs
   * do, without the JDBC URL's parameters, which may hold a password.
   */
  static String location(String url, String user) {
    int query = url.indexOf('?');
    String plain = query < 0 ? url : url.substring(0, query);
    String prefix = "jdbc:postgresql://";
    if (user == null || !plain.startsWith(prefix)) {
      return plain.startsWith("jdbc:") ? plain.substring("jdbc:".length()) : plain;
    }
    return "postgresql://" + user + "@" + plain.substring(prefix.length());
  }

  /** The driver's messages are one line, but a server's may add a detail line or two. */
  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message).strip();
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
