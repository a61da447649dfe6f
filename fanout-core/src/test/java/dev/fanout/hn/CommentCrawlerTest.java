package dev.fanout.hn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.replica.CatalogEntry;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The crawler against the replica over real loopback HTTP (acceptance 1-4 of issue 4). */
class CommentCrawlerTest {
  private static final int RETRIES = 6;

  static Fetcher fetcher(Duration timeout) {
    return Fetcher.create(HnClient.withApiRetries(FetchOptions.builder()
        .concurrency(256)
        .timeout(timeout)
        .retries(RETRIES)
        .build()));
  }

  private static void assertMatches(CrawlResult r, CatalogEntry e) {
    assertThat(r.complete()).as(e.name()).isTrue();
    assertThat(List.of(r.comments(), r.fetches(), r.visible(), r.deleted(), r.dead(), r.missing(), (long) r.depth()))
        .as(e.name())
        .containsExactly(e.comments(), e.fetches(), e.visible(), e.deleted(), e.dead(), e.missing(), (long) e.depth());
    assertThat(r.descendants() == null ? null : r.descendants().longValue()).as(e.name()).isEqualTo(e.descendants());
    assertThat(r.visible() + r.deleted() + r.dead() + r.missing()).isEqualTo(r.fetches() - 1);
  }

  @Test
  void everyCatalogStoryMatchesItsExpectedCounts() throws Exception {
    try (Replica replica = Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler = CommentCrawler.create(HnClient.create(fetcher, replica.apiUri()), 256);
      List<CatalogEntry> entries = replica.catalog().entries().stream()
          .filter(e -> e.fetches() <= 20_000) // 50000 and 100000 are the benchmark's
          .toList();
      assertThat(entries).extracting(CatalogEntry::name).contains("none", "small", "500", "wide10000", "deep10000",
          "messy", "poll");
      for (CatalogEntry e : entries) {
        assertMatches(crawler.crawl(e.id()), e);
      }
    }
  }

  @Test
  void severalIdsShareOneBudgetAndEachGetsItsOwnCounts() throws Exception {
    try (Replica replica = Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler = CommentCrawler.create(HnClient.create(fetcher, replica.apiUri()), 16);
      List<String> names = List.of("small", "500", "messy", "2500");
      List<CrawlResult> results = new ArrayList<>();
      crawler.crawlAll(names.stream().map(n -> replica.catalog().get(n).id()).toList(), results::add);
      assertThat(results).hasSize(names.size());
      for (String name : names) {
        CatalogEntry e = replica.catalog().get(name);
        assertMatches(results.stream().filter(r -> r.id() == e.id()).findFirst().orElseThrow(), e);
      }
      assertThat(replica.stats().peakInFlight()).isLessThanOrEqualTo(16);
    }
  }

  @Test
  void realThreadsMatchAnIndependentCountOfTheFile() throws Exception {
    List<String> lines = ItemJsonTest.realLines();
    ThreadOracle oracle = new ThreadOracle(lines);
    try (Replica replica = Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(lines)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler = CommentCrawler.create(HnClient.create(fetcher, replica.apiUri()), 256);
      List<Long> roots = oracle.roots();
      assertThat(roots).hasSizeGreaterThanOrEqualTo(20);
      int mismatches = 0;
      for (long root : roots) {
        CrawlResult r = crawler.crawl(root);
        ThreadOracle.Counts want = oracle.count(root);
        assertThat(r.complete()).as("root %d", root).isTrue();
        assertThat(new ThreadOracle.Counts(r.comments(), r.fetches(), r.visible(), r.deleted(), r.dead(), r.missing(),
            r.depth(), r.descendants())).as("root %d", root).isEqualTo(want);
        // The capture's timing: the story's own count is reported as it was served, never adjusted.
        assertThat(r.descendantsMismatch()).isEqualTo(want.descendants() != null && want.descendants() != want.visible());
        mismatches += r.descendantsMismatch() ? 1 : 0;
      }
      assertThat(mismatches).as("threads whose descendants differ from what is reachable").isPositive();
    }
  }

  @Test
  void everyTransientFaultAtOnceStillGivesExactCounts() throws Exception {
    FaultPlan faults = FaultPlan.parse("503=3%,429=2%,401=2%,500=2%,hang=1%,reset=3%,truncate=3%,drip=1%,html=3%");
    try (Replica replica = Replica.start(ReplicaConfig.builder().port(0).seed(11).faults(faults)
            .dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = fetcher(Duration.ofMillis(700))) {
      CommentCrawler crawler = CommentCrawler.create(HnClient.create(fetcher, replica.apiUri()), 256);
      CatalogEntry e = replica.catalog().get("2500");
      CrawlResult r = crawler.crawl(e.id());
      assertMatches(r, e);
      assertThat(replica.stats().faultsTotal()).as("faults injected").isGreaterThan(50);
      assertThat(r.requests()).isEqualTo(r.fetches() + replica.stats().faultsTotal());
    }
  }

  @Test
  void aPermanentFaultEndsIncompleteAndNamesExactlyTheFaultyIds() throws Exception {
    try (Replica replica = Replica.start(ReplicaConfig.builder().port(0).seed(3)
            .faults(FaultPlan.parse("503=2%:permanent")).dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = Fetcher.create(HnClient.withApiRetries(FetchOptions.builder().retries(2).timeout(Duration.ofSeconds(5)).build()));
        HttpClient direct = HttpClient.newHttpClient()) {
      Set<Long> requested = ConcurrentHashMap.newKeySet();
      CommentCrawler crawler = CommentCrawler.create(HnClient.create(fetcher, replica.apiUri()), 64,
          (root, response, depth) -> requested.add(response.id()));
      CrawlResult r = crawler.crawl(replica.catalog().get("2500").id());
      assertThat(r.complete()).isFalse();
      assertThat(r.failed()).isNotEmpty();
      List<Long> faulty = new ArrayList<>();
      for (long id : requested) {
        HttpResponse<Void> answer = direct.send(
            HttpRequest.newBuilder(URI.create(replica.apiUri() + "/item/" + id + ".json")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 503) {
          faulty.add(id);
        }
      }
      assertThat(r.failed()).containsExactlyInAnyOrderElementsOf(faulty);
      assertThat(r.requests()).isEqualTo(r.fetches() + 2L * r.failed().size());
    }
  }

  @Test
  void aCycleAndARepeatedIdEndWithAnomalies() throws Exception {
    try (Replica replica = Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler = CommentCrawler.create(HnClient.create(fetcher, replica.apiUri()), 256);
      for (String name : List.of("cycle", "repeated")) {
        CatalogEntry e = replica.catalog().get(name);
        CrawlResult r = crawler.crawl(e.id());
        assertMatches(r, e);
        assertThat(r.anomalies()).extracting(CrawlResult.Anomaly::kind)
            .contains(name.equals("cycle") ? CrawlResult.AnomalyKind.CYCLE : CrawlResult.AnomalyKind.REPEATED);
        assertThat(r.comments() - (r.fetches() - 1)).isEqualTo(r.anomalies().size());
      }
    }
  }

  @Test
  void aCommentIdCountsItsSubtreeAndAMissingRootIsReported() throws Exception {
    List<String> lines = ItemJsonTest.realLines();
    ThreadOracle oracle = new ThreadOracle(lines);
    try (Replica replica = Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(lines)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler = CommentCrawler.create(HnClient.create(fetcher, replica.apiUri()), 8);
      Item story = Item.fromJson(lines.stream().filter(l -> l.contains("\"id\":43727727,")).findFirst()
          .orElseThrow().getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElseThrow();
      long comment = story.kids().getFirst();
      CrawlResult r = crawler.crawl(comment);
      assertThat(r.fetches()).isEqualTo(oracle.count(comment).fetches());
      assertThat(r.root().type()).isEqualTo("comment");

      CrawlResult none = crawler.crawl(1);
      assertThat(none.rootMissing()).isTrue();
      assertThat(none.complete()).isFalse();
      assertThat(none.fetches()).isEqualTo(1);
    }
  }
}
