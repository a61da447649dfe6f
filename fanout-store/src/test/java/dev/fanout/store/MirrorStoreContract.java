package dev.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.hn.Item;
import dev.fanout.hn.User;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MirrorStore} does, whatever its database: {@link SqliteMirrorStoreTest} runs it
 * against SQLite files, fanout-cluster's {@code PostgresMirrorStoreTest} against a real PostgreSQL
 * server (this class is in fanout-store's test jar for that).
 */
public abstract class MirrorStoreContract {
  /**
   * The store named {@code name} in this test's own place (a file in a temporary directory, a
   * database of the test server), created empty on the first call; a later call with the same name
   * opens the same mirror again.
   */
  protected abstract MirrorStore open(String name) throws Exception;

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
    try (MirrorStore store = open("m")) {
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
  }

  @Test
  void manyVirtualThreadsWriteThroughTheOneWriterWithoutLossOrDuplicates() throws Exception {
    try (MirrorStore store = open("many");
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
    try (MirrorStore store = open("n")) {
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
    try (MirrorStore store = open("r")) {
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
    try (MirrorStore store = open("r")) {
      assertThat(store.counts()).isEqualTo(new MirrorStore.Counts(2, 0, 1));
      assertThat(store.user("a").orElseThrow().karma()).isEqualTo(3);
      assertThat(store.list("top")).contains(List.of(2L, 1L));
      assertThat(store.list("best")).isEmpty();
      assertThat(store.authorsWithoutProfile()).containsExactly("b");
    }
  }

  @Test
  void exportsJsonlAndCsvInIdOrder() throws Exception {
    try (MirrorStore store = open("e")) {
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
  void rowsDeliveredTwiceAreStoredOnceAndTheLaterCopyWins() throws Exception {
    try (MirrorStore store = open("twice")) {
      for (int round = 0; round < 2; round++) {
        for (long id = 1; id <= 100; id++) {
          if (id % 10 == 0) {
            store.putMissing(id);
          } else {
            store.putItem(item("{\"id\":" + id + ",\"type\":\"story\",\"score\":" + round + "}"));
          }
        }
        store.flush();
      }
      // In one batch too: the same id twice, a null id and its item in either order.
      store.putItem(item("{\"id\":200,\"score\":1}"));
      store.putItem(item("{\"id\":200,\"score\":2}"));
      store.putMissing(201);
      store.putItem(item("{\"id\":201}"));
      store.putItem(item("{\"id\":202}"));
      store.putMissing(202);
      store.flush();
      assertThat(store.counts()).isEqualTo(new MirrorStore.Counts(93, 10, 0));
      assertThat(store.item(5).orElseThrow().score()).isEqualTo(1);
      assertThat(store.item(200).orElseThrow().score()).isEqualTo(2);
      assertThat(store.isMissing(201)).isFalse();
      assertThat(store.isMissing(202)).isFalse();
      assertThat(store.maxId()).isEqualTo(202);
      assertThat(store.known(1, 202).cardinality()).isEqualTo(103);
    }
  }

  @Test
  void readsSeeCommittedRowsFromOtherThreadsWhileTheWriterWrites() throws Exception {
    try (MirrorStore store = open("concurrent");
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var reads = new ArrayList<java.util.concurrent.Future<Long>>();
      for (int t = 0; t < 8; t++) {
        reads.add(
            pool.submit(
                () -> {
                  long seen = 0;
                  for (int i = 0; i < 50; i++) {
                    seen = Math.max(seen, store.counts().items());
                  }
                  return seen;
                }));
      }
      for (long id = 1; id <= 2_000; id++) {
        store.putItem(item("{\"id\":" + id + "}"));
      }
      store.flush();
      for (var read : reads) {
        assertThat(read.get()).isBetween(0L, 2_000L);
      }
      assertThat(store.counts().items()).isEqualTo(2_000);
    }
  }

  @Test
  void textWithANulCharacterIsStoredAndItsJsonKeptExactly() throws Exception {
    String json = "{\"id\":7,\"type\":\"comment\",\"text\":\"a\\u0000b\"}";
    try (MirrorStore store = open("nul")) {
      store.putItem(item(json));
      store.flush();
      ItemRow row = store.item(7).orElseThrow();
      assertThat(row.json()).isEqualTo(json);
      assertThat(row.text()).startsWith("a").endsWith("b").hasSize(3);
    }
  }
}
