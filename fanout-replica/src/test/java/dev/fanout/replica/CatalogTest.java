package dev.fanout.replica;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 2: an independent walk of every catalog story finds the catalog's counts. Over HTTP
 * for every story up to 10,000 comments; the 50,000 and 100,000 ones (150,000 requests, too slow
 * for the unit suite on 2 busy cores) are walked over HTTP only with {@code -Dreplica.walkAll=true}
 * ({@code fanout-bench/replica.sh} does), otherwise over the served bytes in process.
 */
class CatalogTest {
  static Replica replica;
  static Dataset dataset = Dataset.synthetic(1);

  @BeforeAll
  static void start() throws Exception {
    replica = Replica.start(ReplicaConfig.builder().seed(1).dataset(dataset).build());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "none",
        "small",
        "500",
        "2500",
        "10000",
        "50000",
        "100000",
        "wide10000",
        "deep10000",
        "cycle",
        "repeated",
        "messy",
        "poll",
        "ask",
        "job"
      })
  void anHttpWalkFindsTheCatalogCounts(String name) throws Exception {
    CatalogEntry e = replica.catalog().get(name);
    boolean big = e.fetches() > 20_000 && !Boolean.getBoolean("replica.walkAll");
    TreeWalk w =
        big ? TreeWalk.inProcess(dataset, e.id()) : TreeWalk.overHttp(replica.apiUri(), e.id());
    assertThat(new long[] {w.comments, w.fetches, w.visible, w.deleted, w.dead, w.missing, w.depth})
        .as(name)
        .containsExactly(
            e.comments(), e.fetches(), e.visible(), e.deleted(), e.dead(), e.missing(), e.depth());
    if (e.descendants() != null) {
      assertThat(w.descendantsField)
          .as("descendants of " + name)
          .isEqualTo(e.descendants())
          .isEqualTo(w.visible);
    } else {
      assertThat(w.descendantsField).isEqualTo(-1);
    }
  }
}
