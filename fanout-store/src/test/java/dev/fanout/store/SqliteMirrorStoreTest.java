package dev.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.hn.Item;
import dev.fanout.hn.User;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMirrorStoreTest {
  @TempDir Path dir;

  /**
   * The row the mirror stores for {@code json} as served: core's parser, then the store's one
   * conversion.
   */
  static ItemRow item(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return ItemRow.of(Item.fromJson(body).orElseThrow(), body);
  }

  @Test
  void storesTypedFieldsAndExactJson() throws Exception {
    String json =
        "{\"by\":\"pg\",\"descendants\":3,\"id\":1,\"kids\":[15,"
            + " 234509],\"score\":57,\"time\":1160418111,\"title\":\"Y"
            + " Combinator\",\"type\":\"story\",\"url\":\"http://ycombinator.com\"}";
    try (MirrorStore store = MirrorStore.sqlite(dir.resolve("m.db"))) {
      store.putItem(item(json));
      store.putItem(
          item("{\"deleted\":true,\"id\":2,\"parent\":1,\"time\":5,\"type\":\"comment\"}"));
      store.putMissing(3);
      store.flush();
      ItemRow one = store.item(1).orElseThrow();
      assertThat(one.json()).isEqualTo(json);
      assertThat(one.kids()).isEqualTo("[15,234509]");
      assertThat(one.kidIds()).containsExactly(15, 234509);
      assertThat(one.by()).isEqualTo("pg");
      assertThat(one.score()).isEqualTo(57);
      assertThat(one.parent()).isNull();
      assertThat(store.item(2).orElseThrow().deleted()).isTrue();
      assertThat(store.isMissing(3)).isTrue();
      assertThat(store.item(3)).isEmpty();
      assertThat(store.counts()).isEqualTo(new MirrorStore.Counts(2, 1, 0));
      assertThat(store.maxId()).isEqualTo(3);
      assertThat(store.known(1, 5).stream().toArray()).containsExactly(0, 1, 2);
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
    }
  }

  @Test
  void manyVirtualThreadsWriteThroughTheOneWriterWithoutLossOrDuplicates() throws Exception {
    Path file = dir.resolve("many.db");
    try (MirrorStore store = MirrorStore.sqlite(file);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 50; t++) {
        int base = t * 1000;
        pool.submit(
            () -> {
              for (int i = 1; i <= 1000; i++) {
                long id = base + i;
                if (id % 7 == 0) {
                  store.putMissing(id);
                } else {
                  store.putItem(
                      item(
                          "{\"id\":" + id + ",\"type\":\"comment\",\"parent\":" + (id / 10) + "}"));
                }
              }
              return null;
            });
      }
      pool.shutdown();
      pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      store.flush();
      assertThat(store.counts().items()).isEqualTo(50_000 - 50_000 / 7);
      assertThat(store.counts().missing()).isEqualTo(50_000 / 7);
      assertThat(store.known(1, 50_000).cardinality()).isEqualTo(50_000);
    }
  }

  @Test
  void aNullIdNeverShadowsAStoredItemAndAnItemClearsItsNull() throws Exception {
    try (MirrorStore store = MirrorStore.sqlite(dir.resolve("n.db"))) {
      store.putMissing(5);
      store.putItem(item("{\"id\":6}"));
      store.putMissing(6);
      store.flush();
      assertThat(store.isMissing(6)).isFalse();
      store.putItem(item("{\"id\":5,\"type\":\"story\"}"));
      store.flush();
      assertThat(store.isMissing(5)).isFalse();
      assertThat(store.counts()).isEqualTo(new MirrorStore.Counts(2, 0, 0));
    }
  }

  @Test
  void reopeningKeepsRowsAndUsersAndLists() throws Exception {
    Path file = dir.resolve("r.db");
    try (MirrorStore store = MirrorStore.sqlite(file)) {
      store.putItem(item("{\"id\":1,\"by\":\"a\"}"));
      store.putItem(item("{\"id\":2,\"by\":\"b\"}"));
      store.putUser(
          UserRow.of(
              new User(
                  "a",
                  7,
                  3,
                  null,
                  List.of(),
                  "{\"id\":\"a\",\"karma\":3,\"created\":7}".getBytes(StandardCharsets.UTF_8))));
      store.putList("top", List.of(2L, 1L));
    }
    try (MirrorStore store = MirrorStore.sqlite(file)) {
      assertThat(store.counts()).isEqualTo(new MirrorStore.Counts(2, 0, 1));
      assertThat(store.user("a").orElseThrow().karma()).isEqualTo(3);
      assertThat(store.list("top")).contains(List.of(2L, 1L));
      assertThat(store.list("best")).isEmpty();
      assertThat(store.authorsWithoutProfile()).containsExactly("b");
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
  void exportsJsonlAndCsvInIdOrder() throws Exception {
    try (MirrorStore store = MirrorStore.sqlite(dir.resolve("e.db"))) {
      store.putItem(
          item(
              "{\"id\":9,\"type\":\"comment\",\"text\":\"a, \\\"quoted\\\"\\n"
                  + "line\",\"parent\":1}"));
      store.putItem(item("{\"id\":1,\"type\":\"story\",\"title\":\"T\",\"kids\":[9]}"));
      store.putMissing(4);
      store.flush();
      StringWriter jsonl = new StringWriter();
      assertThat(Export.jsonl(store, jsonl)).isEqualTo(2);
      assertThat(jsonl.toString().lines().toList())
          .containsExactly(
              "{\"id\":1,\"type\":\"story\",\"title\":\"T\",\"kids\":[9]}",
              "{\"id\":9,\"type\":\"comment\",\"text\":\"a, \\\"quoted\\\"\\nline\",\"parent\":1}");
      StringWriter csv = new StringWriter();
      Export.csv(store, csv);
      List<String> lines = new ArrayList<>(List.of(csv.toString().split("\r\n", -1)));
      assertThat(lines.get(0)).isEqualTo(Export.CSV_HEADER);
      assertThat(lines.get(1)).isEqualTo("1,story,,,,false,false,T,,,,,[9]");
      assertThat(lines.get(2))
          .isEqualTo("9,comment,,,1,false,false,,,,,\"a, \"\"quoted\"\"\nline\",");
    }
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
