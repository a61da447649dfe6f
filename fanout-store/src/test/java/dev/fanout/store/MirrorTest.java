package dev.fanout.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.HnClient;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror engine over real loopback HTTP against the in-process replica, into real SQLite files.
 */
class MirrorTest {
  static final long SEED = 42;
  @TempDir Path dir;

  /** The test world; {@code Dataset.synthetic} serves the same role at scale in the benchmark. */
  static Dataset world(long n) {
    return Dataset.of(World.items(n));
  }

  static Replica replica(Dataset dataset, String faults) throws Exception {
    ReplicaConfig.Builder config = ReplicaConfig.builder().port(0).seed(SEED).dataset(dataset);
    if (faults != null) {
      config.faults(FaultPlan.parse(faults));
    }
    return Replica.start(config.build());
  }

  static HnClient client(Replica replica, int retries) {
    return HnClient.create(
        replica.apiUri(),
        FetchOptions.builder()
            .concurrency(64)
            .retries(retries)
            .maxRetryAfter(Duration.ZERO)
            .build());
  }

  static MirrorResult mirror(Replica replica, Path db, Selection selection, MirrorOptions options)
      throws Exception {
    return mirror(replica, db, selection, options, 4);
  }

  static MirrorResult mirror(
      Replica replica, Path db, Selection selection, MirrorOptions options, int retries)
      throws Exception {
    try (HnClient client = client(replica, retries);
        MirrorStore store = MirrorStore.sqlite(db)) {
      return Mirror.create(client, store, options).run(selection, MirrorListener.NONE);
    }
  }

  /**
   * Every id of the range is either stored with the replica's exact JSON or recorded null; nothing
   * else.
   */
  static void assertMirrors(Dataset dataset, Path db, long from, long to) {
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      for (long id = from; id <= to; id++) {
        Optional<byte[]> expected = dataset.item(id);
        if (expected.isPresent()) {
          assertThat(store.item(id)).as("item %d", id).isPresent();
          assertThat(store.item(id).get().json())
              .as("item %d", id)
              .isEqualTo(new String(expected.get(), StandardCharsets.UTF_8));
        } else {
          assertThat(store.isMissing(id)).as("null id %d recorded", id).isTrue();
        }
      }
      MirrorStore.Counts counts = store.counts();
      assertThat(counts.items() + counts.missing()).isEqualTo(to - from + 1);
    }
  }

  @Test
  void mirrorsARangeItemByItemAndAResumeAsksOnlyForTheRest() throws Exception {
    Dataset dataset = world(6000);
    Path db = dir.resolve("range.db");
    try (Replica replica = replica(dataset, null)) {
      MirrorResult first =
          mirror(replica, db, new Selection.Range(1, 1500), MirrorOptions.defaults());
      assertThat(first.complete()).isTrue();
      assertThat(first.items() + first.missing()).isEqualTo(1500);
      assertThat(first.missing()).as("the world has null ids").isPositive();
      MirrorResult second =
          mirror(replica, db, new Selection.Range(1, 3000), MirrorOptions.defaults());
      assertThat(second.skipped()).isEqualTo(1500);
      assertThat(second.items() + second.missing()).isEqualTo(1500);
      assertThat(second.requests()).isEqualTo(1500);
    }
    assertMirrors(dataset, db, 1, 3000);
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      long[] deletedDead = {0, 0};
      store.forEachItem(
          item -> {
            if (item.deleted()) deletedDead[0]++;
            if (item.dead()) deletedDead[1]++;
          });
      assertThat(deletedDead[0]).as("deleted items are stored too").isPositive();
      assertThat(deletedDead[1]).as("dead items are stored too").isPositive();
    }
  }

  @Test
  void transientFaultsStillGiveACompleteMirror() throws Exception {
    Dataset dataset = world(6000);
    Path db = dir.resolve("faults.db");
    try (Replica replica = replica(dataset, "503=5%,429=3%,reset=2%,truncate=2%")) {
      MirrorResult result =
          mirror(replica, db, new Selection.Range(1, 2000), MirrorOptions.defaults());
      assertThat(result.failed()).isEmpty();
      assertThat(result.requests()).isGreaterThan(2000);
    }
    assertMirrors(dataset, db, 1, 2000);
  }

  @Test
  void permanentFailuresAreListedAndARerunAsksOnlyForThem() throws Exception {
    Dataset dataset = world(6000);
    Path db = dir.resolve("permanent.db");
    MirrorResult broken;
    try (Replica replica = replica(dataset, "503=2%:permanent")) {
      broken = mirror(replica, db, new Selection.Range(1, 2000), MirrorOptions.defaults(), 1);
    }
    assertThat(broken.failed()).isNotEmpty();
    assertThat(broken.complete()).isFalse();
    try (Replica healed = replica(dataset, null)) {
      MirrorResult rerun =
          mirror(healed, db, new Selection.Range(1, 2000), MirrorOptions.defaults());
      assertThat(rerun.complete()).isTrue();
      assertThat(rerun.requests()).isEqualTo(broken.failed().size());
      assertThat(rerun.items() + rerun.missing()).isEqualTo(broken.failed().size());
    }
    assertMirrors(dataset, db, 1, 2000);
  }

  @Test
  void aThreadIsMirroredWithAllItsDescendantsAndProfiles() throws Exception {
    Dataset dataset = world(5000);
    Path db = dir.resolve("thread.db");
    long story = 4 * World.BLOCK + 1;
    long nulls =
        java.util.stream.LongStream.range(story, story + World.BLOCK).filter(World::isNull).count();
    try (Replica replica = replica(dataset, null)) {
      MirrorResult result =
          mirror(
              replica, db, new Selection.Thread(story), MirrorOptions.defaults().withUsers(true));
      assertThat(result.items() + result.missing()).isEqualTo(World.BLOCK);
      assertThat(result.missing()).isEqualTo(nulls).isPositive();
      assertThat(result.users()).isPositive();
      try (MirrorStore store = MirrorStore.sqlite(db)) {
        assertThat(store.authorsWithoutProfile()).isEmpty();
      }
      MirrorResult again =
          mirror(replica, db, new Selection.Thread(story), MirrorOptions.defaults());
      assertThat(again.requests()).as("a finished thread is not asked for again").isZero();
      assertThat(again.skipped()).isEqualTo(World.BLOCK);
    }
  }

  @Test
  void followPicksUpAppendedItemsUntilInterrupted() throws Exception {
    Dataset dataset = world(6000);
    Path db = dir.resolve("follow.db");
    try (Replica replica = replica(dataset, null);
        HnClient client = client(replica, 2);
        MirrorStore store = MirrorStore.sqlite(db)) {
      long max = dataset.maxItem();
      assertThat(max).isEqualTo(6000);
      MirrorOptions options = MirrorOptions.defaults().withFollow(true, Duration.ofMillis(50));
      AtomicReference<MirrorResult> result = new AtomicReference<>();
      Thread runner =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      result.set(
                          Mirror.create(client, store, options)
                              .run(new Selection.Last(10), MirrorListener.NONE));
                    } catch (Exception e) {
                      throw new RuntimeException(e);
                    }
                  });
      Thread.sleep(300);
      for (long id = max + 1; id <= max + 3; id++) {
        replica.append(
            "{\"by\":\"follower\",\"id\":"
                + id
                + ",\"time\":1700000000,\"title\":\"new "
                + id
                + "\",\"type\":\"story\"}");
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      // The three are fetched at once and may be committed in any order: wait for all of them.
      while ((store.item(max + 1).isEmpty()
              || store.item(max + 2).isEmpty()
              || store.item(max + 3).isEmpty())
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      runner.interrupt();
      runner.join(10_000);
      assertThat(result.get().interrupted()).isTrue();
      assertThat(store.item(max + 1).orElseThrow().title()).isEqualTo("new " + (max + 1));
      assertThat(store.item(max + 3)).isPresent();
      assertThat(store.list("top")).isEmpty();
      assertThat(List.of(max + 2)).allSatisfy(id -> assertThat(store.item(id)).isPresent());
    }
  }
}
