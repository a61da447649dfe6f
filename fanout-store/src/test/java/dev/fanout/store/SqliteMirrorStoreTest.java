package dev.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite files, and what only the SQLite mirror does. */
class SqliteMirrorStoreTest extends MirrorStoreContract {
  @TempDir Path dir;

  @Override
  protected MirrorStore open(String name) {
    return MirrorStore.sqlite(dir.resolve(name + ".db"));
  }

  @Test
  void theSchemaIsTheDocumentedOneInWalMode() throws Exception {
    try (MirrorStore store = open("m")) {
      store.putItem(
          item(
              "{\"by\":\"pg\",\"id\":1,\"kids\":[15, 234509],\"title\":\"Y\",\"type\":\"story\"}"));
      store.putItem(item("{\"dead\":true,\"id\":2,\"parent\":1,\"type\":\"comment\"}"));
      assertThat(store.location()).isEqualTo(dir.resolve("m.db").toAbsolutePath().toString());
    }
    // The schema is the documented one, readable by any SQLite tool.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"));
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT \"by\", title, kids, fetched_at FROM items WHERE parent IS NULL")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("pg");
      assertThat(r.getString(3)).isEqualTo("[15,234509]");
      assertThat(r.getLong(4)).isPositive();
      ResultSet idx =
          s.executeQuery("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='items'");
      assertThat(idx.next()).isTrue();
      assertThat(idx.getString(1)).isEqualTo("items_parent");
      ResultSet mode = s.executeQuery("PRAGMA journal_mode");
      assertThat(mode.next()).isTrue();
      assertThat(mode.getString(1)).isEqualTo("wal");
      // The flags stay 0/1 integers, as before the store learnt PostgreSQL.
      ResultSet flags =
          s.executeQuery("SELECT typeof(dead), dead, deleted FROM items WHERE id = 2");
      assertThat(flags.next()).isTrue();
      assertThat(flags.getString(1)).isEqualTo("integer");
      assertThat(flags.getInt(2)).isEqualTo(1);
      assertThat(flags.getInt(3)).isZero();
    }
  }

  @Test
  void refusesFilesThatAreNotMirrors() throws Exception {
    Path text =
        Files.writeString(
            dir.resolve("notes.db"), "hello, this is not sqlite at all, not even close....");
    assertThatThrownBy(() -> MirrorStore.sqlite(text))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("notes.db");
    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x)");
    }
    assertThatThrownBy(() -> MirrorStore.sqlite(other)).hasMessageContaining("not a fanout mirror");
    assertThatThrownBy(() -> MirrorStore.sqlite(dir.resolve("no/such/dir/x.db")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aStoreOpenedReadOnlyReadsButRefusesWritesAndLeavesTheFileAsItWas() throws Exception {
    Path db = dir.resolve("ro.db");
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      store.putItem(item("{\"id\":1,\"type\":\"story\",\"title\":\"T\"}"));
    }
    byte[] before = Files.readAllBytes(db);
    try (MirrorStore store = MirrorStore.sqliteReadOnly(db)) {
      assertThat(store.item(1).orElseThrow().title()).isEqualTo("T");
      assertThat(store.counts()).isEqualTo(new MirrorStore.Counts(1, 0, 0));
      assertThatThrownBy(() -> store.putMissing(2))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("reading only");
      assertThatThrownBy(store::flush).isInstanceOf(StoreException.class);
    }
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
  }

  @Test
  void readingAMirrorInAWritableDirectoryLeavesNoWalOrShmFilesBehind() throws Exception {
    Path db = dir.resolve("clean.db");
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      store.putItem(item("{\"id\":1,\"type\":\"story\",\"title\":\"T\"}"));
    }
    assertThat(dir.resolve("clean.db-wal")).doesNotExist();
    try (MirrorStore store = MirrorStore.sqliteReadOnly(db)) {
      assertThat(store.item(1)).isPresent();
    }
    assertThat(dir.resolve("clean.db-wal")).doesNotExist();
    assertThat(dir.resolve("clean.db-shm")).doesNotExist();
  }

  @Test
  void readOnlyRefusesWhatIsNotAMirrorAndCreatesNothing() throws Exception {
    assertThatThrownBy(() -> MirrorStore.sqliteReadOnly(dir.resolve("none.db")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no mirror database at");
    assertThat(dir.resolve("none.db")).doesNotExist();
    Path empty = Files.createFile(dir.resolve("empty.db"));
    assertThatThrownBy(() -> MirrorStore.sqliteReadOnly(empty))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not a fanout mirror");
    assertThat(empty).isEmptyFile();
    Path text =
        Files.writeString(
            dir.resolve("notes.db"), "hello, this is not sqlite at all, not even close....");
    assertThatThrownBy(() -> MirrorStore.sqliteReadOnly(text))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("notes.db");
  }
}
