/**
 * The Hacker News mirror: an embedded SQLite store and the engine that fills it ({@link
 * dev.fanout.store}).
 *
 * <p>The API takes and returns types of {@code dev.fanout.core} (fetchers, HN clients, items), so
 * that module is {@code requires transitive}; SQLite stays an implementation detail.
 */
module dev.fanout.store {
  requires transitive dev.fanout.core;
  requires java.sql;
  // The JDBC driver is found by DriverManager (ServiceLoader); its config classes are used
  // directly.
  requires org.xerial.sqlitejdbc;

  exports dev.fanout.store;
}
