package dev.fanout.hn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link CommentCrawler#walk}: a forest of roots, a source before requests, a blocking sink. */
class CommentCrawlerWalkTest {
  // Two stories sharing comment 3; 5 is listed but answered null.
  private static final List<String> ITEMS =
      List.of(
          "{\"id\":1,\"kids\":[2,3],\"type\":\"story\"}",
          "{\"id\":2,\"kids\":[4],\"parent\":1,\"type\":\"comment\"}",
          "{\"id\":3,\"parent\":1,\"type\":\"comment\"}",
          "{\"id\":4,\"kids\":[5],\"parent\":2,\"type\":\"comment\"}",
          "{\"id\":10,\"kids\":[3,11],\"type\":\"story\"}",
          "{\"id\":11,\"parent\":10,\"type\":\"comment\"}");

  private static Replica replica() throws Exception {
    return Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(ITEMS)).build());
  }

  private static HnClient client(Replica replica) {
    return HnClient.create(
        replica.apiUri(), FetchOptions.builder().timeout(Duration.ofSeconds(10)).build());
  }

  @Test
  void eachIdOfTheForestIsRequestedAndSunkOnceAcrossRoots() throws Exception {
    try (Replica replica = replica();
        HnClient client = client(replica)) {
      AtomicLong discovered = new AtomicLong();
      CommentCrawler crawler =
          CommentCrawler.create(
              client,
              1, // one at a time: a root is read only once the trees before it are done
              new CrawlListener() {
                @Override
                public void onResponse(long root, ItemResponse response, int depth) {}

                @Override
                public void onDiscovered(long root, long parent, int count) {
                  discovered.addAndGet(count);
                }
              });
      Map<Long, ItemResponse> sunk = new ConcurrentHashMap<>();
      List<Long> repeats = Collections.synchronizedList(new ArrayList<>());
      crawler.walk(
          List.of(1L, 10L, 1L, 3L).iterator(),
          id -> Optional.empty(),
          r -> {
            if (sunk.put(r.id(), r) != null) {
              repeats.add(r.id());
            }
          });
      assertThat(sunk.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 10L, 11L);
      assertThat(repeats).isEmpty();
      assertThat(sunk.get(5L)).isInstanceOf(ItemResponse.Missing.class);
      assertThat(discovered.get()).as("ids found in kids, the roots not included").isEqualTo(5);
      assertThat(replica.stats().requests()).isEqualTo(7);
    }
  }

  @Test
  void anItemTheSourceServesIsNotRequestedNorSunkButItsKidsAreFollowed() throws Exception {
    try (Replica replica = replica();
        HnClient client = client(replica)) {
      byte[] stored = ITEMS.get(1).getBytes(StandardCharsets.UTF_8);
      ItemResponse.Found two =
          new ItemResponse.Found(Item.fromJson(stored).orElseThrow(), stored, 0);
      List<Long> sunk = Collections.synchronizedList(new ArrayList<>());
      List<Long> seen = Collections.synchronizedList(new ArrayList<>());
      CommentCrawler.create(client, 4, (root, response, depth) -> seen.add(response.id()))
          .walk(
              List.of(1L).iterator(),
              id -> id == 2 ? Optional.of(two) : Optional.empty(),
              r -> sunk.add(r.id()));
      assertThat(sunk).containsExactlyInAnyOrder(1L, 3L, 4L, 5L);
      assertThat(seen).as("the listener sees served items too").contains(2L).hasSize(5);
      assertThat(client.requests()).isEqualTo(4);
    }
  }

  @Test
  void aSinkThatBlocksHoldsItsPermitSoTheBudgetBoundsRequestsAndSinkCallsTogether()
      throws Exception {
    try (Replica replica = replica();
        HnClient client = client(replica)) {
      AtomicLong busy = new AtomicLong();
      AtomicLong peak = new AtomicLong();
      CommentCrawler crawler = CommentCrawler.create(client, 2);
      crawler.walk(
          LongStream.of(1, 10).boxed().iterator(),
          id -> Optional.empty(),
          r -> {
            peak.accumulateAndGet(busy.incrementAndGet(), Math::max);
            Thread.sleep(20);
            busy.decrementAndGet();
          });
      assertThat(peak.get()).isBetween(1L, 2L);
      assertThat(crawler.inFlight()).isZero();
    }
  }

  @Test
  void aFailingSinkStopsTheWalkAndItsExceptionIsRethrown() throws Exception {
    try (Replica replica = replica();
        HnClient client = client(replica)) {
      IllegalStateException full = new IllegalStateException("disk full");
      List<Long> sunk = Collections.synchronizedList(new ArrayList<>());
      CommentCrawler crawler = CommentCrawler.create(client, 1);
      assertThatThrownBy(
              () ->
                  crawler.walk(
                      List.of(1L, 10L).iterator(),
                      id -> Optional.empty(),
                      r -> {
                        if (r.id() == 2) {
                          throw full;
                        }
                        sunk.add(r.id());
                      }))
          .isSameAs(full);
      // One slot: depth first, so 1 and then 2 were the only answers; nothing after the failure.
      assertThat(sunk).containsExactly(1L);
    }
  }

  @Test
  void aNegativeRootIsRethrownAsTheWalksFailure() throws Exception {
    try (Replica replica = replica();
        HnClient client = client(replica)) {
      assertThatThrownBy(
              () ->
                  CommentCrawler.create(client, 4)
                      .walk(List.of(-3L).iterator(), id -> Optional.empty(), r -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-3");
    }
  }
}
