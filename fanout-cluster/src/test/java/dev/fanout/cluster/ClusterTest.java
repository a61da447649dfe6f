package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Latency;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.store.MirrorStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
