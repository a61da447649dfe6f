package dev.fanout.hn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.fetch.Fetcher;
import dev.fanout.replica.CatalogEntry;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Latency;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The crawler against the replica over real loopback HTTP (acceptance 1-4 of issue 4). */
class CommentCrawlerTest {
  private static final int RETRIES = 6;

  static Fetcher fetcher(Duration timeout) {
    return Fetcher.create(
        RealHnClient.fitted(
            FetchOptions.builder().concurrency(256).timeout(timeout).retries(RETRIES).build()));
  }

  private static void assertMatches(CrawlResult r, CatalogEntry e) {
    assertThat(r.complete()).as(e.name()).isTrue();
    assertThat(
            List.of(
                r.comments(),
                r.fetches(),
                r.visible(),
                r.deleted(),
                r.dead(),
                r.missing(),
                (long) r.depth()))
        .as(e.name())
        .containsExactly(
            e.comments(),
            e.fetches(),
            e.visible(),
            e.deleted(),
            e.dead(),
            e.missing(),
            (long) e.depth());
    assertThat(r.descendants() == null ? null : r.descendants().longValue())
        .as(e.name())
        .isEqualTo(e.descendants());
    assertThat(r.visible() + r.deleted() + r.dead() + r.missing()).isEqualTo(r.fetches() - 1);
  }

  @Test
  void everyCatalogStoryMatchesItsExpectedCounts() throws Exception {
    try (Replica replica =
            Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler =
          CommentCrawler.create(HnClient.sharing(fetcher, replica.apiUri()), 256);
      List<CatalogEntry> entries =
          replica.catalog().entries().stream()
              // 10000, 50000 and 100000 only add scale: HnCrawlBench checks them against the
              // catalog.
              .filter(e -> !List.of("10000", "50000", "100000").contains(e.name()))
              .toList();
      assertThat(entries)
          .extracting(CatalogEntry::name)
          .contains(
              "none",
              "small",
              "500",
              "2500",
              "wide10000",
              "deep10000",
              "cycle",
              "repeated",
              "messy",
              "poll",
              "ask",
              "job");
      for (CatalogEntry e : entries) {
        assertMatches(crawler.crawl(e.id()), e);
      }
    }
  }

  @Test
  void severalIdsShareOneBudgetAndEachGetsItsOwnCounts() throws Exception {
    try (Replica replica =
            Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler =
          CommentCrawler.create(HnClient.sharing(fetcher, replica.apiUri()), 16);
      List<String> names = List.of("small", "500", "messy", "2500");
      List<CrawlResult> results = new ArrayList<>();
      crawler.crawlAll(
          names.stream().map(n -> replica.catalog().get(n).id()).toList(), results::add);
      assertThat(results).hasSize(names.size());
      for (String name : names) {
        CatalogEntry e = replica.catalog().get(name);
        assertMatches(results.stream().filter(r -> r.id() == e.id()).findFirst().orElseThrow(), e);
      }
      assertThat(replica.stats().peakInFlight()).isLessThanOrEqualTo(16);
    }
  }

  @Test
  void withOneSlotTheCrawlIsADepthFirstWalkInListedOrder() throws Exception {
    try (Replica replica =
            Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      HnClient real = HnClient.sharing(fetcher, replica.apiUri());
      List<Long> requested = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.Map<Long, List<Long>> kidsOf = new ConcurrentHashMap<>();
      // The real client, noting the order of requests: with one slot, a request starts only after
      // the one before it has returned, so this is the order the crawler chose.
      HnClient recording =
          new HnClient() {
            @Override
            public URI api() {
              return real.api();
            }

            @Override
            public Fetcher fetcher() {
              return real.fetcher();
            }

            @Override
            public long requests() {
              return real.requests();
            }

            @Override
            public void close() {}

            @Override
            public ItemResponse item(long id) throws InterruptedException {
              requested.add(id);
              ItemResponse response = real.item(id);
              if (response instanceof ItemResponse.Found found) {
                kidsOf.put(id, found.item().kids());
              }
              return response;
            }

            @Override
            public long maxItem() throws HnException, InterruptedException {
              return real.maxItem();
            }

            @Override
            public List<Long> list(String name) throws HnException, InterruptedException {
              return real.list(name);
            }

            @Override
            public java.util.Optional<User> user(String id)
                throws HnException, InterruptedException {
              return real.user(id);
            }

            @Override
            public Updates updates() throws HnException, InterruptedException {
              return real.updates();
            }
          };
      long root = replica.catalog().get("small").id();
      CrawlResult result = CommentCrawler.create(recording, 1).crawl(root);
      assertThat(result.complete()).isTrue();
      assertThat(result.anomalies()).isEmpty();
      // One slot: the deepest queued id goes next, and among equals the first found. So the crawl
      // is
      // a depth-first walk with each item's kids in HN's ranked order: the top-ranked replies,
      // which
      // carry the deepest subtrees, start first.
      List<Long> preorder = new ArrayList<>();
      java.util.ArrayDeque<Long> stack = new java.util.ArrayDeque<>(List.of(root));
      while (!stack.isEmpty()) {
        long id = stack.pop();
        preorder.add(id);
        List<Long> kids = kidsOf.getOrDefault(id, List.of());
        for (int i = kids.size() - 1; i >= 0; i--) {
          stack.push(kids.get(i));
        }
      }
      assertThat(preorder).hasSizeGreaterThan(10);
      assertThat(requested).isEqualTo(preorder);
    }
  }

  @Test
  void aLargeBudgetStartsWithAQuarterInFlightAndGrowsWhileTheServerKeepsPace() throws Exception {
    try (Replica replica =
            Replica.start(
                ReplicaConfig.builder()
                    .port(0)
                    .latency(Latency.fixed(Duration.ofMillis(500)))
                    .dataset(Dataset.synthetic(7))
                    .build());
        Fetcher fetcher =
            Fetcher.create(
                RealHnClient.fitted(
                    FetchOptions.builder()
                        .concurrency(1024)
                        .timeout(Duration.ofSeconds(30))
                        .retries(RETRIES)
                        .build()))) {
      CatalogEntry wide = replica.catalog().get("wide10000");
      AtomicReference<CommentCrawler> self = new AtomicReference<>();
      AtomicReference<Integer> atFirstReply = new AtomicReference<>();
      CommentCrawler crawler =
          CommentCrawler.create(
              HnClient.sharing(fetcher, replica.apiUri()),
              1024,
              (root, response, depth) -> {
                if (depth == 1) {
                  atFirstReply.compareAndSet(null, self.get().inFlight());
                }
              });
      self.set(crawler);
      CrawlResult r = crawler.crawl(wide.id());
      assertMatches(r, wide);
      // The root lists 4,602 replies; until the first comes back, a quarter of the 1024 go out.
      assertThat(atFirstReply.get()).isBetween(200, 256);
      assertThat(replica.stats().peakInFlight()).isGreaterThan(256).isLessThanOrEqualTo(1024);
    }
  }

  @Test
  void interruptingACrawlCancelsItsRequestsAndReturnsPartialCounts() throws Exception {
    try (Replica replica =
            Replica.start(
                ReplicaConfig.builder()
                    .port(0)
                    .latency(Latency.fixed(Duration.ofSeconds(30)))
                    .dataset(Dataset.synthetic(7))
                    .build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(60))) {
      CommentCrawler crawler =
          CommentCrawler.create(HnClient.sharing(fetcher, replica.apiUri()), 16);
      AtomicReference<CrawlResult> result = new AtomicReference<>();
      Thread caller =
          Thread.ofVirtual()
              .start(() -> result.set(crawler.crawl(replica.catalog().get("small").id())));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (replica.stats().inFlight() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      caller.interrupt();
      caller.join(10_000);
      assertThat(caller.isAlive()).isFalse();
      assertThat(result.get().interrupted()).isTrue();
      assertThat(result.get().fetches()).isZero(); // the root's answer never came: nothing counted
      while ((replica.stats().clientAborts() < 1 || replica.stats().inFlight() > 0)
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(replica.stats().clientAborts()).isEqualTo(1);
      assertThat(replica.stats().inFlight()).isZero();
      assertThat(fetcher.inFlight()).isZero();
    }
  }

  @Test
  void realThreadsMatchAnIndependentCountOfTheFile() throws Exception {
    List<String> lines = ItemJsonTest.realLines();
    ThreadOracle oracle = new ThreadOracle(lines);
    try (Replica replica =
            Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(lines)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler =
          CommentCrawler.create(HnClient.sharing(fetcher, replica.apiUri()), 256);
      List<Long> roots = oracle.roots();
      assertThat(roots).hasSizeGreaterThanOrEqualTo(20);
      int mismatches = 0;
      for (long root : roots) {
        CrawlResult r = crawler.crawl(root);
        ThreadOracle.Counts want = oracle.count(root);
        assertThat(r.complete()).as("root %d", root).isTrue();
        assertThat(
                new ThreadOracle.Counts(
                    r.comments(),
                    r.fetches(),
                    r.visible(),
                    r.deleted(),
                    r.dead(),
                    r.missing(),
                    r.depth(),
                    r.descendants()))
            .as("root %d", root)
            .isEqualTo(want);
        // The capture's timing: the story's own count is reported as it was served, never adjusted.
        assertThat(r.descendantsMismatch())
            .isEqualTo(want.descendants() != null && want.descendants() != want.visible());
        mismatches += r.descendantsMismatch() ? 1 : 0;
      }
      assertThat(mismatches)
          .as("threads whose descendants differ from what is reachable")
          .isPositive();
    }
  }

  @Test
  void everyTransientFaultAtOnceStillGivesExactCounts() throws Exception {
    List<String> lines = ItemJsonTest.realLines();
    ThreadOracle oracle = new ThreadOracle(lines);
    FaultPlan faults =
        FaultPlan.parse("503=4%,429=2%,401=3%,500=3%,hang=1%,reset=4%,truncate=4%,drip=1%,html=4%");
    try (Replica replica =
            Replica.start(
                ReplicaConfig.builder()
                    .port(0)
                    .seed(11)
                    .faults(faults)
                    .dataset(Dataset.of(lines))
                    .build());
        Fetcher fetcher = fetcher(Duration.ofMillis(500))) {
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      CommentCrawler crawler =
          CommentCrawler.create(
              HnClient.sharing(fetcher, replica.apiUri()),
              256,
              (root, response, depth) -> {
                if (response instanceof ItemResponse.Failed f) {
                  failures.add(f.id() + ": " + f.failure());
                }
              });
      List<CrawlResult> results = new ArrayList<>();
      List<Long> roots = List.of(43727727L, 43731168L, 43730545L);
      crawler.crawlAll(roots, results::add);
      for (CrawlResult r : results) {
        ThreadOracle.Counts want = oracle.count(r.id());
        assertThat(r.complete()).as("root %d: %s", r.id(), failures).isTrue();
        assertThat(
                new ThreadOracle.Counts(
                    r.comments(),
                    r.fetches(),
                    r.visible(),
                    r.deleted(),
                    r.dead(),
                    r.missing(),
                    r.depth(),
                    r.descendants()))
            .as("root %d", r.id())
            .isEqualTo(want);
      }
      ReplicaStatsView stats = new ReplicaStatsView(replica);
      assertThat(stats.faults())
          .as("faults injected")
          .containsKeys("503", "429", "401", "500", "reset", "truncate", "html");
      long requests = results.stream().mapToLong(CrawlResult::requests).sum();
      long fetches = results.stream().mapToLong(CrawlResult::fetches).sum();
      // Every injected fault cost one retry; a slow answer on this busy machine may cost one more.
      assertThat(requests - fetches).as("retries").isGreaterThanOrEqualTo(stats.total());
    }
  }

  /** The faults a replica injected, by kind. */
  private record ReplicaStatsView(java.util.Map<String, Long> faults, long total) {
    ReplicaStatsView(Replica replica) {
      this(replica.stats().faults(), replica.stats().faultsTotal());
    }
  }

  @Test
  void aPermanentFaultEndsIncompleteAndNamesExactlyTheFaultyIds() throws Exception {
    List<String> lines = ItemJsonTest.realLines();
    try (Replica replica =
            Replica.start(
                ReplicaConfig.builder()
                    .port(0)
                    .seed(3)
                    .faults(FaultPlan.parse("503=3%:permanent"))
                    .dataset(Dataset.of(lines))
                    .build());
        Fetcher fetcher =
            Fetcher.create(
                RealHnClient.fitted(
                    FetchOptions.builder().retries(2).timeout(Duration.ofSeconds(5)).build()));
        HttpClient direct = HttpClient.newHttpClient()) {
      Set<Long> requested = ConcurrentHashMap.newKeySet();
      CommentCrawler crawler =
          CommentCrawler.create(
              HnClient.sharing(fetcher, replica.apiUri()),
              64,
              (root, response, depth) -> requested.add(response.id()));
      CrawlResult r = crawler.crawl(43727727L);
      assertThat(r.complete()).isFalse();
      assertThat(r.failed()).isNotEmpty();
      List<Long> faulty = new ArrayList<>();
      for (long id : requested) {
        HttpResponse<Void> answer =
            direct.send(
                HttpRequest.newBuilder(URI.create(replica.apiUri() + "/item/" + id + ".json"))
                    .build(),
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
    List<String> items =
        List.of(
            "{\"id\":100,\"kids\":[101,102,101],\"type\":\"story\",\"title\":\"t\"}",
            "{\"id\":101,\"kids\":[103],\"type\":\"comment\"}",
            "{\"id\":102,\"kids\":[103,100],\"type\":\"comment\"}", // 103 repeated, 100 a cycle
            "{\"id\":103,\"kids\":[104],\"type\":\"comment\"}",
            "{\"id\":104,\"kids\":[103,104],\"type\":\"comment\",\"dead\":true}"); // cycles
    try (Replica replica =
            Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(items)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CrawlResult r =
          CommentCrawler.create(HnClient.sharing(fetcher, replica.apiUri()), 4).crawl(100);
      assertThat(r.complete()).isTrue();
      assertThat(r.comments()).isEqualTo(3 + 1 + 2 + 1 + 2);
      assertThat(r.fetches()).isEqualTo(5);
      assertThat(r.visible()).isEqualTo(3);
      assertThat(r.dead()).isEqualTo(1);
      assertThat(r.depth()).isEqualTo(3);
      assertThat(r.anomalies())
          .containsExactlyInAnyOrder(
              new CrawlResult.Anomaly(CrawlResult.AnomalyKind.REPEATED, 101, 100),
              new CrawlResult.Anomaly(CrawlResult.AnomalyKind.CYCLE, 100, 102),
              new CrawlResult.Anomaly(CrawlResult.AnomalyKind.CYCLE, 103, 104),
              new CrawlResult.Anomaly(CrawlResult.AnomalyKind.CYCLE, 104, 104),
              // 103 is reached first under 101 or 102, whichever answers first; the other listing
              // repeats it
              new CrawlResult.Anomaly(
                  CrawlResult.AnomalyKind.REPEATED,
                  103,
                  r.anomalies().stream()
                      .filter(a -> a.id() == 103 && a.kind() == CrawlResult.AnomalyKind.REPEATED)
                      .findFirst()
                      .orElseThrow()
                      .parent()));
      assertThat(r.comments() - (r.fetches() - 1)).isEqualTo(r.anomalies().size());
    }
  }

  @Test
  void catalogCycleAndRepeatedStoriesMatchTheCatalog() throws Exception {
    try (Replica replica =
            Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.synthetic(7)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler =
          CommentCrawler.create(HnClient.sharing(fetcher, replica.apiUri()), 256);
      for (String name : List.of("cycle", "repeated")) {
        CatalogEntry e = replica.catalog().get(name);
        CrawlResult r = crawler.crawl(e.id());
        assertMatches(r, e);
        assertThat(r.anomalies())
            .extracting(CrawlResult.Anomaly::kind)
            .contains(
                name.equals("cycle")
                    ? CrawlResult.AnomalyKind.CYCLE
                    : CrawlResult.AnomalyKind.REPEATED);
      }
    }
  }

  @Test
  void aCommentIdCountsItsSubtreeAndAMissingRootIsReported() throws Exception {
    List<String> lines = ItemJsonTest.realLines();
    ThreadOracle oracle = new ThreadOracle(lines);
    try (Replica replica =
            Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.of(lines)).build());
        Fetcher fetcher = fetcher(Duration.ofSeconds(10))) {
      CommentCrawler crawler =
          CommentCrawler.create(HnClient.sharing(fetcher, replica.apiUri()), 8);
      Item story =
          Item.fromJson(
                  lines.stream()
                      .filter(l -> l.contains("\"id\":43727727,"))
                      .findFirst()
                      .orElseThrow()
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .orElseThrow();
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
