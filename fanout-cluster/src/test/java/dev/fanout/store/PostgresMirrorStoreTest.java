package dev.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.cluster.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * fanout-store's {@link MirrorStoreContract} against a real PostgreSQL server ({@link
 * TestPostgres}), and what only the PostgreSQL mirror does. In this module because the driver is
 * here (decision 0022); in fanout-store's package because the contract is.
 */
class PostgresMirrorStoreTest extends MirrorStoreContract {
  private final Map<String, String> databases = new HashMap<>();

  static Properties login() {
    Properties p = new Properties();
    p.setProperty("user", TestPostgres.USER);
    p.setProperty("password", TestPostgres.PASSWORD);
    return p;
  }

  @Override
  protected MirrorStore open(String name) throws Exception {
    TestPostgres pg = TestPostgres.get();
    String database = databases.get(name);
    if (database == null) {
      database = pg.createDatabase("store_" + name);
      databases.put(name, database);
    }
    return MirrorStore.postgresql(pg.jdbcUrl(database), login());
  }

  @Test
  void theTablesAreTheSqliteMirrorsWithPostgresTypes() throws Exception {
    TestPostgres pg = TestPostgres.get();
    try (MirrorStore store = open("schema")) {
      store.putItem(item("{\"dead\":true,\"id\":2,\"parent\":1,\"type\":\"comment\"}"));
      store.flush();
      assertThat(store.location())
          .isEqualTo("postgresql://fanout@127.0.0.1:" + pg.port() + "/" + databases.get("schema"));
    }
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(databases.get("schema")), login());
        Statement s = c.createStatement()) {
      ResultSet r =
          s.executeQuery(
              "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE"
                  + " table_schema = 'public' AND table_name = 'items' ORDER BY ordinal_position");
      StringBuilder columns = new StringBuilder();
      while (r.next()) {
        columns.append(r.getString(2)).append(' ').append(r.getString(3)).append(", ");
      }
      assertThat(columns.toString())
          .isEqualTo(
              "id bigint, type text, by text, time bigint, parent bigint, deleted boolean, dead"
                  + " boolean, title text, url text, score bigint, descendants bigint, text text,"
                  + " kids text, json text, fetched_at bigint, ");
      ResultSet flags = s.executeQuery("SELECT dead, deleted, fetched_at FROM items WHERE id = 2");
      assertThat(flags.next()).isTrue();
      assertThat(flags.getBoolean(1)).isTrue();
      assertThat(flags.getBoolean(2)).isFalse();
      assertThat(flags.getLong(3)).isPositive();
      ResultSet index =
          s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'items'");
      StringBuilder names = new StringBuilder();
      while (index.next()) {
        names.append(index.getString(1)).append(' ');
      }
      assertThat(names.toString()).contains("items_parent");
      ResultSet meta = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'");
      assertThat(meta.next()).isTrue();
      assertThat(meta.getString(1)).isEqualTo(Sql.SCHEMA_VERSION);
    }
  }

  @Test
  void refusesADatabaseThatHoldsOtherTables() throws Exception {
    TestPostgres pg = TestPostgres.get();
    String other = pg.createDatabase("other");
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(other), login());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x int)");
    }
    assertThatThrownBy(() -> MirrorStore.postgresql(pg.jdbcUrl(other), login()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("/" + other)
        .hasMessageContaining("not a fanout mirror");
  }

  @Test
  void aWrongPasswordIsOneLineNamingTheDatabase() throws Exception {
    TestPostgres pg = TestPostgres.get();
    Properties wrong = login();
    wrong.setProperty("password", "not-it");
    assertThatThrownBy(() -> MirrorStore.postgresql(pg.jdbcUrl("postgres"), wrong))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "cannot connect to postgresql://fanout@127.0.0.1:" + pg.port() + "/postgres: ")
        .hasMessageContaining("password authentication failed")
        .hasMessageNotContaining("not-it")
        .hasMessageNotContaining("\n");
  }
}
