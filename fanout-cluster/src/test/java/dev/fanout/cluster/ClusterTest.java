package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.fetch.FetchOptions;
import dev.fanout.replica.CatalogEntry;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Latency;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.store.MirrorStore;
import dev.fanout.testkit.HostileServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster end to end: one in-process Kafka for the class, the in-process replica, real workers
 * (the worker's engine over loopback HTTP), and the real {@code fanout cluster} commands.
 */
class ClusterTest {
  static final long SEED = 42;
  static final Dataset WORLD = Dataset.synthetic(SEED, 200_000);

  @TempDir static Path kafkaDir;
  @TempDir Path dir;

  static TestCluster cluster;
  static Replica replica;
  static Replica slowReplica;

  final List<Worker> workers = new ArrayList<>();
  final List<Thread> threads = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.start(kafkaDir);
    replica = Replica.start(ReplicaConfig.builder().port(0).seed(SEED).dataset(WORLD).build());
    // Each request 40 ms: a record of 50 ids at -c 8 takes about 0.25 s, long enough to stop a
    // worker in the middle of one.
    slowReplica =
        Replica.start(
            ReplicaConfig.builder()
                .port(0)
                .seed(SEED)
                .dataset(WORLD)
                .latency(Latency.fixed(Duration.ofMillis(40)))
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (replica != null) {
      replica.close();
    }
    if (slowReplica != null) {
      slowReplica.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopWorkers() throws Exception {
    workers.forEach(Worker::stop);
    for (Thread t : threads) {
      t.join(20_000);
    }
  }

  String[] kafka(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kafka", cluster.bootstrap()));
    return all.toArray(String[]::new);
  }

  String submit(String... args) {
    List<String> all = new ArrayList<>(List.of("cluster", "submit"));
    all.addAll(List.of(args));
    Cli run = Cli.run(kafka(all.toArray(String[]::new)));
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.lines()).hasSize(1);
    return run.lines().get(0);
  }

  Engine engine(Replica api) {
    return new Engine(
        FetchOptions.builder().concurrency(8).retries(2).maxRetryAfter(Duration.ZERO).build(),
        api.apiUri());
  }

  /** Starts a worker on its own thread. */
  Worker worker(String name, WorkRunner runner) {
    return worker(name, runner, Worker.DEFAULT_RECORDS);
  }

  /** Starts a worker holding up to {@code records} work records at once, on its own thread. */
  Worker worker(String name, WorkRunner runner, int records) {
    Worker worker =
        new Worker(
            cluster.options(),
            TestCluster.GROUP,
            name,
            runner,
            new PrintWriter(new StringWriter()),
            records);
    workers.add(worker);
    Thread t =
        Thread.ofPlatform()
            .name(name)
            .start(
                () -> {
                  try (runner) {
                    worker.run();
                  }
                });
    threads.add(t);
    return worker;
  }

  static void assertMirrors(Path db, long from, long to) {
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      for (long id = from; id <= to; id++) {
        Optional<byte[]> expected = WORLD.item(id);
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
      assertThat(counts.items() + counts.missing())
          .as("no id outside the range")
          .isEqualTo(to - from + 1);
    }
  }

  @Test
  void threeWorkersMirrorARangeExactlyIntoSqlite() throws Exception {
    String job = submit("hn", "mirror", "--from", "1", "--to", "1000", "--chunk", "50");
    for (int i = 1; i <= 3; i++) {
      worker("w" + i, engine(replica));
    }
    Path db = dir.resolve("mirror.db");
    Cli collect =
        Cli.run(kafka("cluster", "collect", job, "--db", db.toString(), "--timeout", "60s"));

    assertThat(collect.exit()).as(collect.toString()).isZero();
    assertThat(collect.err()).contains("20 of 20 done, 0 failed");
    assertMirrors(db, 1, 1000);

    // Collecting again stores nothing twice.
    Cli again = Cli.run(kafka("cluster", "collect", job, "--db", db.toString()));
    assertThat(again.exit()).as(again.toString()).isZero();
    assertMirrors(db, 1, 1000);

    Cli status = Cli.run(kafka("cluster", "status", job));
    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.out()).contains("done         20").contains("failed       0");
  }

  @Test
  void aWorkerRunsUpToItsRecordsAtOnceAndNoMore() throws Exception {
    // 60 small records: every work partition has some, whichever partitions each consumer gets.
    String job = submit("hn", "mirror", "--from", "3001", "--to", "3120", "--chunk", "2");
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    // The first three records wait for each other: only a worker that holds three at once gets
    // past at once (one record at a time would wait out the 20 s alone, and most would be 1).
    CountDownLatch three = new CountDownLatch(3);
    worker(
        "three",
        new Wrapped(engine(replica)) {
          @Override
          public Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              three.countDown();
              three.await(20, TimeUnit.SECONDS);
              return super.run(work, worker, delivery);
            } finally {
              running.decrementAndGet();
            }
          }
        },
        3);
    Path db = dir.resolve("mirror.db");
    Cli collect =
        Cli.run(kafka("cluster", "collect", job, "--db", db.toString(), "--timeout", "60s"));

    assertThat(collect.exit()).as(collect.toString()).isZero();
    assertThat(collect.err()).contains("60 of 60 done, 0 failed");
    assertMirrors(db, 3001, 3120);
    assertThat(three.getCount()).as("three records were run at once").isZero();
    assertThat(most.get()).as("never more than --records at once").isEqualTo(3);
  }

  @Test
  void aWorkerClosedMidRecordAndOneAbandonedLoseNothing() throws Exception {
    String job = submit("hn", "mirror", "--from", "1001", "--to", "2000", "--chunk", "50");

    // Closed: stopped while running its first record, which it never acknowledges.
    CountDownLatch closedStarted = new CountDownLatch(1);
    Engine closedEngine = engine(slowReplica);
    Worker closed =
        worker(
            "closed",
            new Wrapped(closedEngine) {
              @Override
              public Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception {
                closedStarted.countDown();
                return super.run(work, worker, delivery);
              }
            });
    // Abandoned: takes one record and never answers, acknowledges or closes (as a hung machine):
    // the broker gives the record to another worker when its lock runs out.
    CountDownLatch abandonedTook = new CountDownLatch(1);
    CountDownLatch forever = new CountDownLatch(1);
    worker(
        "abandoned",
        new Wrapped(engine(replica)) {
          @Override
          public Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception {
            abandonedTook.countDown();
            forever.await();
            throw new InterruptedException("abandoned");
          }
        });
    assertThat(closedStarted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(abandonedTook.await(30, TimeUnit.SECONDS)).isTrue();
    closed.stop();

    worker("healthy1", engine(replica));
    worker("healthy2", engine(replica));
    Path db = dir.resolve("mirror.db");
    Cli collect =
        Cli.run(kafka("cluster", "collect", job, "--db", db.toString(), "--timeout", "60s"));
    forever.countDown();

    assertThat(collect.exit()).as(collect.toString()).isZero();
    assertThat(collect.err()).contains("20 of 20 done, 0 failed");
    assertMirrors(db, 1001, 2000);
    Cli status = Cli.run(kafka("cluster", "status", job));
    assertThat(status.out()).doesNotContain("worker abandoned").doesNotContain("redelivered  0");
  }

  @Test
  void aPoisonedRecordFailsAfterTheBoundedRetriesAndTheRestIsDone() throws Exception {
    String poison = replica.baseUri() + "/bytes/10?poison";
    String good = replica.baseUri() + "/bytes/20";
    String job = submit("fetch", good, poison, "--chunk", "1");
    AtomicBoolean sawLast = new AtomicBoolean();
    worker(
        "w",
        new Wrapped(engine(replica)) {
          @Override
          public Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception {
            if (work.urls().contains(poison)) {
              sawLast.set(delivery >= TestCluster.DELIVERY_LIMIT);
              throw new IllegalStateException("poisoned record");
            }
            return super.run(work, worker, delivery);
          }
        });

    Cli collect = Cli.run(kafka("cluster", "collect", job, "--timeout", "60s"));

    assertThat(collect.exit()).as(collect.toString()).isEqualTo(1);
    assertThat(collect.err()).contains("2 of 2 done, 1 failed").contains("poisoned record");
    assertThat(sawLast).as("tried up to the group's limit").isTrue();
    assertThat(collect.lines()).hasSize(2);
    assertThat(collect.lines().get(0))
        .contains("\"url\":\"" + good + "\"")
        .contains("\"status\":200")
        .contains("\"bytes\":20");
    assertThat(collect.lines().get(1))
        .contains("\"seq\":1")
        .contains("poisoned record")
        .contains("\"delivery\":" + TestCluster.DELIVERY_LIMIT);
  }

  @Test
  void aMalformedWorkRecordIsReportedFailedAndTheWorkerGoesOn() throws Exception {
    String job = "j-handwritten";
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            cluster.options().clientProperties(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Wire.WORK, job + ":0", "{not json")).get();
      producer
          .send(
              new ProducerRecord<>(
                  Wire.JOBS,
                  job,
                  Wire.write(new Wire.Job(job, Wire.FETCH, 2, 2, "2026-01-01T00:00:00Z"))))
          .get();
    }
    String url = replica.baseUri() + "/bytes/5";
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            cluster.options().clientProperties(), new StringSerializer(), new StringSerializer())) {
      Wire.Work work = new Wire.Work(job, 1, Wire.FETCH, null, null, List.of(url));
      producer.send(new ProducerRecord<>(Wire.WORK, work.key(), Wire.write(work))).get();
    }
    worker("w", engine(replica));

    Cli collect = Cli.run(kafka("cluster", "collect", job, "--timeout", "60s"));

    assertThat(collect.exit()).as(collect.toString()).isEqualTo(1);
    assertThat(collect.err()).contains("2 of 2 done, 1 failed").contains("malformed work record");
    assertThat(collect.out()).contains("\"url\":\"" + url + "\"");
  }

  @Test
  void anUnknownJobIsAUsageErrorNamingIt() {
    Cli collect = Cli.run(kafka("cluster", "collect", "j-nosuchjob"));
    assertThat(collect.exit()).as(collect.toString()).isEqualTo(2);
    assertThat(collect.err()).contains("no job 'j-nosuchjob'").doesNotContain("Exception");
    Cli status = Cli.run(kafka("cluster", "status", "j-nosuchjob"));
    assertThat(status.exit()).as(status.toString()).isEqualTo(2);
  }

  // --- hn comments through the cluster (issue 19: the crawler's exactness carries over) ---

  static final ObjectMapper JSON = new ObjectMapper();

  /** Catalog stories of every shape the crawler must count exactly (small ones: fast tests). */
  static final List<String> STORIES =
      List.of("none", "small", "cycle", "repeated", "messy", "poll", "ask", "job");

  static List<String> storyIds() {
    return STORIES.stream().map(n -> String.valueOf(WORLD.catalog().get(n).id())).toList();
  }

  /** The network options both sides get: the worker's engine and the single-machine command. */
  static final List<String> CRAWL_OPTIONS = List.of("-c", "16", "--retries", "3");

  Engine crawlEngine(Replica api) {
    return new Engine(FetchOptions.builder().concurrency(16).retries(3).build(), api.apiUri());
  }

  static Replica faulty(String plan) throws Exception {
    return Replica.start(
        ReplicaConfig.builder()
            .port(0)
            .seed(SEED)
            .dataset(WORLD)
            .faults(FaultPlan.parse(plan))
            .build());
  }

  /** {@code fanout hn comments --format jsonl} on one machine against {@code api}. */
  static Cli singleMachine(Replica api, List<String> ids) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "hn",
                "comments",
                "--api",
                api.apiUri().toString(),
                "--format",
                "jsonl",
                "--no-progress"));
    args.addAll(CRAWL_OPTIONS);
    args.addAll(ids);
    return Cli.run(args.toArray(String[]::new));
  }

  /**
   * The JSONL lines by item id, without the two fields that are about the run rather than the tree:
   * {@code elapsed_ms} and {@code requests} (retries of transient faults vary with timing).
   */
  static Map<Long, JsonNode> byId(List<String> lines) throws Exception {
    Map<Long, JsonNode> out = new HashMap<>();
    for (String line : lines) {
      ObjectNode node = (ObjectNode) JSON.readTree(line);
      node.remove("elapsed_ms");
      node.remove("requests");
      assertThat(out.put(node.get("id").asLong(), node)).as("id %s twice", node.get("id")).isNull();
    }
    return out;
  }

  static List<String> fieldNames(String line) throws Exception {
    List<String> names = new ArrayList<>();
    JSON.readTree(line).fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Every story once, with the catalog's counts, complete. */
  static void assertCatalogCounts(Map<Long, JsonNode> byId) {
    assertThat(byId).hasSize(STORIES.size());
    for (String name : STORIES) {
      CatalogEntry e = WORLD.catalog().get(name);
      JsonNode n = byId.get(e.id());
      assertThat(n).as(name).isNotNull();
      assertThat(n.get("complete").asBoolean()).as(name).isTrue();
      assertThat(n.get("comments").asLong()).as(name).isEqualTo(e.comments());
      assertThat(n.get("fetches").asLong()).as(name).isEqualTo(e.fetches());
      assertThat(n.get("visible").asLong()).as(name).isEqualTo(e.visible());
      assertThat(n.get("deleted").asLong()).as(name).isEqualTo(e.deleted());
      assertThat(n.get("dead").asLong()).as(name).isEqualTo(e.dead());
      assertThat(n.get("missing").asLong()).as(name).isEqualTo(e.missing());
      assertThat(n.get("depth").asInt()).as(name).isEqualTo(e.depth());
      assertThat(n.get("descendants").isNull() ? null : n.get("descendants").asLong())
          .as(name)
          .isEqualTo(e.descendants());
    }
  }

  @Test
  void commentCountsThroughTheClusterEqualTheSingleMachineCommandsUnderTransientFaults()
      throws Exception {
    String plan = "503=5%,429=2%,500=5%,reset=5%,truncate=5%,html=5%";
    // Two replicas with the same seed and faults: the same ids misbehave on their first request.
    try (Replica alone = faulty(plan);
        Replica shared = faulty(plan)) {
      Cli single = singleMachine(alone, storyIds());
      assertThat(single.exit()).as(single.toString()).isZero();

      String job = submit(concat(List.of("hn", "comments"), storyIds()));
      worker("c1", crawlEngine(shared));
      worker("c2", crawlEngine(shared));
      Cli collect = Cli.run(kafka("cluster", "collect", job, "--timeout", "60s"));

      assertThat(collect.exit()).as(collect.toString()).isZero();
      assertThat(collect.err()).contains("8 of 8 done, 0 failed");
      assertThat(shared.stats().faultsTotal()).as("faults injected").isPositive();
      assertThat(fieldNames(collect.lines().get(0)))
          .as("the fields of fanout hn comments --format jsonl, in its order")
          .isEqualTo(fieldNames(single.lines().get(0)));
      Map<Long, JsonNode> cluster = byId(collect.lines());
      assertThat(cluster).isEqualTo(byId(single.lines()));
      assertCatalogCounts(cluster);
    }
  }

  @Test
  void anIncompleteCrawlIsReportedIncompleteAsOnOneMachineNeverAsExactCounts() throws Exception {
    // Permanent faults: some items never arrive, so some counts cannot be exact.
    String plan = "503=4%:permanent";
    List<String> ids = new ArrayList<>(storyIds());
    ids.add("300000"); // beyond the world: does not exist
    try (Replica alone = faulty(plan);
        Replica shared = faulty(plan)) {
      Cli single = singleMachine(alone, ids);
      assertThat(single.exit()).as(single.toString()).isEqualTo(1);

      String job = submit(concat(List.of("hn", "comments"), ids));
      worker("c1", crawlEngine(shared));
      Cli collect = Cli.run(kafka("cluster", "collect", job, "--timeout", "60s"));

      assertThat(collect.exit()).as(collect.toString()).isEqualTo(1);
      Map<Long, JsonNode> cluster = byId(collect.lines());
      assertThat(cluster).isEqualTo(byId(single.lines()));
      long incomplete =
          cluster.values().stream().filter(n -> !n.get("complete").asBoolean()).count();
      assertThat(incomplete).as("crawls the faults made incomplete").isPositive();
      for (JsonNode n : cluster.values()) {
        // Incomplete means failed ids listed: the counts are lower bounds, and say so.
        assertThat(n.get("complete").asBoolean()).isEqualTo(n.get("failed").isEmpty());
      }
      assertThat(collect.err())
          .contains("9 of 9 done, " + (incomplete + 1) + " failed")
          .contains("item 300000 does not exist")
          .contains("INCOMPLETE: ");
      assertThat(single.err()).contains("item 300000 does not exist");
      assertThat(cluster).doesNotContainKey(300000L);
    }
  }

  // --- workers that die, for fetch and hn comments jobs ---

  /**
   * One worker stopped in the middle of a record (never acknowledged, closed) and one that takes a
   * record and hangs (never answers, acknowledges or closes: its lock runs out); then two healthy
   * workers. Returns the latch that releases the hung one, for after the collect.
   */
  CountDownLatch killOneMidRecordAndAbandonOne(
      Engine closedEngine, Engine healthy1, Engine healthy2) throws Exception {
    CountDownLatch closedStarted = new CountDownLatch(1);
    Worker closed =
        worker(
            "closed",
            new Wrapped(closedEngine) {
              @Override
              public Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception {
                // The real work, then more time than the test waits: stopped before acknowledging.
                Wire.Result result = super.run(work, worker, delivery);
                closedStarted.countDown();
                new CountDownLatch(1).await();
                return result;
              }
            });
    CountDownLatch abandonedTook = new CountDownLatch(1);
    CountDownLatch forever = new CountDownLatch(1);
    worker(
        "abandoned",
        new WorkRunner() {
          @Override
          public Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception {
            abandonedTook.countDown();
            forever.await();
            throw new InterruptedException("abandoned");
          }

          @Override
          public void close() {}
        });
    assertThat(closedStarted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(abandonedTook.await(30, TimeUnit.SECONDS)).isTrue();
    closed.stop();
    worker("healthy1", healthy1);
    worker("healthy2", healthy2);
    return forever;
  }

  @Test
  void aFetchJobLosesNothingWhenAWorkerIsClosedMidRecordAndOneIsAbandoned() throws Exception {
    // A slow answer (/delay) in each record of 4 URLs: the records are still being done when the
    // healthy workers start.
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= 24; i++) {
      urls.add(
          i % 4 == 1 ? replica.baseUri() + "/delay/300?i=" + i : replica.baseUri() + "/bytes/" + i);
    }
    String job = submit(concat(List.of("fetch", "--chunk", "4"), urls));
    CountDownLatch forever =
        killOneMidRecordAndAbandonOne(engine(replica), engine(replica), engine(replica));
    Cli collect = Cli.run(kafka("cluster", "collect", job, "--timeout", "60s"));
    forever.countDown();

    assertThat(collect.exit()).as(collect.toString()).isZero();
    assertThat(collect.err()).contains("6 of 6 done, 0 failed");
    Map<String, JsonNode> byUrl = new HashMap<>();
    for (String line : collect.lines()) {
      JsonNode n = JSON.readTree(line);
      assertThat(byUrl.put(n.get("url").asText(), n)).as("%s once", n.get("url")).isNull();
    }
    assertThat(byUrl.keySet()).containsExactlyInAnyOrderElementsOf(urls);
    for (int i = 1; i <= 24; i++) {
      JsonNode n = byUrl.get(urls.get(i - 1));
      assertThat(n.get("status").asInt()).as(urls.get(i - 1)).isEqualTo(200);
      if (i % 4 != 1) {
        assertThat(n.get("bytes").asLong()).as(urls.get(i - 1)).isEqualTo(i);
      }
    }
    Cli status = Cli.run(kafka("cluster", "status", job));
    assertThat(status.out()).doesNotContain("worker abandoned").doesNotContain("redelivered  0");
  }

  @Test
  void anHnCommentsJobLosesNothingWhenAWorkerIsClosedMidRecordAndOneIsAbandoned() throws Exception {
    String job = submit(concat(List.of("hn", "comments"), storyIds()));
    CountDownLatch forever =
        killOneMidRecordAndAbandonOne(
            crawlEngine(replica), crawlEngine(replica), crawlEngine(replica));
    Cli collect = Cli.run(kafka("cluster", "collect", job, "--timeout", "60s"));
    forever.countDown();

    assertThat(collect.exit()).as(collect.toString()).isZero();
    assertThat(collect.err()).contains("8 of 8 done, 0 failed");
    assertCatalogCounts(byId(collect.lines()));
    Cli status = Cli.run(kafka("cluster", "status", job));
    assertThat(status.out()).doesNotContain("worker abandoned").doesNotContain("redelivered  0");
  }

  // --- politeness across workers ---

  /** A loopback server that holds each request 150 ms and counts, per Host, how many at once. */
  static final class Hosts implements AutoCloseable {
    final Map<String, AtomicInteger> now = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
    final HostileServer server;

    Hosts() throws Exception {
      server =
          HostileServer.http(
              r -> {
                String host = r.header("Host").replaceFirst(":\\d+$", "");
                int at = now.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
                most.computeIfAbsent(host, h -> new AtomicInteger())
                    .accumulateAndGet(at, Math::max);
                try {
                  Thread.sleep(150);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  now.get(host).decrementAndGet();
                }
                return HostileServer.response("200 OK", "ok");
              });
    }

    String url(String host, int i) {
      return "http://" + host + ":" + server.port() + "/" + i;
    }

    String resolve(String host) {
      return host + ":" + server.port() + ":127.0.0.1";
    }

    int most(String host) {
      return most.getOrDefault(host, new AtomicInteger()).get();
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  @Test
  void threeWorkersWithShareOfThreeTogetherKeepToPerHostAtEachHost() throws Exception {
    int perHost = 6;
    try (Hosts hosts = new Hosts()) {
      // Two names of one server (--resolve): 60 URLs each, mixed in records of 10.
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        urls.add(hosts.url("a.test", i));
        urls.add(hosts.url("b.test", i));
      }
      List<Thread> commands = new ArrayList<>();
      List<AtomicReference<Cli>> runs = new ArrayList<>();
      for (int w = 1; w <= 3; w++) {
        AtomicReference<Cli> run = new AtomicReference<>();
        runs.add(run);
        String[] args =
            kafka(
                "worker",
                "--name",
                "polite" + w,
                "--group",
                TestCluster.GROUP,
                "--api",
                "http://127.0.0.1:1/v0",
                "-c",
                "32",
                "--per-host",
                String.valueOf(perHost),
                "--share-of",
                "3",
                "--resolve",
                hosts.resolve("a.test"),
                "--resolve",
                hosts.resolve("b.test"));
        commands.add(Thread.ofPlatform().name("polite" + w).start(() -> run.set(Cli.run(args))));
      }
      Cli collect;
      try {
        // The job once all three have joined the group: otherwise the first to join may do it
        // all, one record at a time, and the test would show nothing about three at once.
        awaitMembers("polite", 3);
        String job = submit(concat(List.of("fetch", "--chunk", "10"), urls));
        collect = Cli.run(kafka("cluster", "collect", job, "--timeout", "60s"));
      } finally {
        commands.forEach(Thread::interrupt); // as Ctrl-C does
        for (Thread t : commands) {
          t.join(20_000);
        }
      }

      assertThat(collect.exit()).as(collect.toString()).isZero();
      assertThat(collect.err()).contains("12 of 12 done, 0 failed");
      assertThat(collect.lines()).hasSize(120);
      for (AtomicReference<Cli> run : runs) {
        assertThat(run.get()).isNotNull();
        assertThat(run.get().exit()).as(run.get().toString()).isEqualTo(130);
      }
      for (String host : List.of("a.test", "b.test")) {
        assertThat(hosts.most(host))
            .as("requests in flight at %s at once, over all three workers", host)
            .isLessThanOrEqualTo(perHost)
            // More than one worker's share (2): the workers did run side by side at one host,
            // so a share not taken would have shown (up to 3 x 6).
            .isGreaterThan(perHost / 3);
      }
    }
  }

  /** Waits until {@code count} members whose client id starts with {@code prefix} have work. */
  static void awaitMembers(String prefix, int count) throws Exception {
    try (Admin admin = cluster.admin()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        ShareGroupDescription group;
        try {
          group =
              admin
                  .describeShareGroups(List.of(TestCluster.GROUP))
                  .all()
                  .get()
                  .get(TestCluster.GROUP);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof GroupIdNotFoundException)) {
            throw e;
          }
          group = null; // no member has joined yet
        }
        long ready =
            group == null
                ? 0
                : group.members().stream()
                    .filter(m -> m.clientId().startsWith(prefix))
                    .filter(m -> !m.assignment().topicPartitions().isEmpty())
                    .count();
        if (ready >= count) {
          return;
        }
        assertThat(System.nanoTime() - deadline).as("%s workers joined", prefix).isNegative();
        Thread.sleep(100);
      }
    }
  }

  static String[] concat(List<String> head, List<String> tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(tail);
    return all.toArray(String[]::new);
  }

  /** A runner that passes every record to another one, for overriding in tests. */
  static class Wrapped implements WorkRunner {
    private final WorkRunner inner;

    Wrapped(WorkRunner inner) {
      this.inner = inner;
    }

    @Override
    public Wire.Result run(Wire.Work work, String worker, int delivery) throws Exception {
      return inner.run(work, worker, delivery);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
