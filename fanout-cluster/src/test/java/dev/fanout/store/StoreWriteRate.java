package dev.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cluster.TestPostgres;
import dev.fanout.hn.Item;
import dev.fanout.replica.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test: the figure of decision 0022, rows/s written through {@link MirrorStore} into SQLite
 * and into PostgreSQL for the same 100,000 ids of the synthetic world (an item each, or a null id
 * where the world has none), put from one thread, the final flush included. Runs only when asked:
 *
 * <pre>
 * ./mvnw -B -o -pl fanout-store,fanout-cluster -am test -Dtest=StoreWriteRate \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfanout.storeRate=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "fanout.storeRate", matches = "true")
class StoreWriteRate {
  static final int N = 100_000;

  @TempDir Path dir;

  @Test
  void writeRateSqliteAndPostgres() throws Exception {
    Dataset world = Dataset.synthetic(7, 200_000);
    List<ItemRow> rows = new ArrayList<>(N);
    List<Long> missing = new ArrayList<>();
    for (long id = 1; id <= N; id++) {
      Optional<byte[]> json = world.item(id);
      if (json.isPresent()) {
        rows.add(ItemRow.of(Item.fromJson(json.get()).orElseThrow(), json.get()));
      } else {
        missing.add(id);
      }
    }
    TestPostgres pg = TestPostgres.get();
    for (int round = 1; round <= 3; round++) {
      try (MirrorStore sqlite = MirrorStore.sqlite(dir.resolve("rate" + round + ".db"))) {
        report("sqlite", round, write(sqlite, rows, missing));
      }
      for (String rewrite : new String[] {"true", "false"}) {
        Properties login = PostgresMirrorStoreTest.login();
        login.setProperty("reWriteBatchedInserts", rewrite);
        try (MirrorStore postgres =
            MirrorStore.postgresql(pg.jdbcUrl(pg.createDatabase("rate")), login)) {
          report(
              "postgresql reWriteBatchedInserts=" + rewrite, round, write(postgres, rows, missing));
        }
      }
    }
  }

  private static long write(MirrorStore store, List<ItemRow> rows, List<Long> missing)
      throws Exception {
    long start = System.nanoTime();
    for (ItemRow row : rows) {
      store.putItem(row);
    }
    for (long id : missing) {
      store.putMissing(id);
    }
    store.flush();
    long nanos = System.nanoTime() - start;
    assertThat(store.counts().items() + store.counts().missing()).isEqualTo(N);
    return nanos;
  }

  private static void report(String store, int round, long nanos) {
    System.out.printf(
        Locale.ROOT,
        "store-rate %s round %d: %d rows in %.2f s, %.0f rows/s%n",
        store,
        round,
        N,
        nanos / 1e9,
        N / (nanos / 1e9));
  }
}
