package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.store.MirrorStore;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster collect --db postgresql://...} end to end: the in-process broker and replica, a
 * real worker, the real command, and a real PostgreSQL server ({@link TestPostgres}). In process
 * the password comes from the server's {@code .pgpass} (pgjdbc's own lookup, through its {@code
 * org.postgresql.pgpassfile} property, the in-process form of {@code PGPASSFILE}); {@code
 * PGPASSWORD}, which fanout reads, is an environment variable, so that case runs the command as a
 * child process.
 */
class PostgresCollectTest {
  @TempDir static Path kafkaDir;

  static TestCluster cluster;
  static Replica replica;
  static TestPostgres pg;
  static Worker worker;
  static Thread workerThread;

  @BeforeAll
  static void start() throws Exception {
    pg = TestPostgres.get();
    System.setProperty("org.postgresql.pgpassfile", pg.pgpass().toString());
    cluster = TestCluster.start(kafkaDir);
    replica =
        Replica.start(
            ReplicaConfig.builder()
                .port(0)
                .seed(ClusterTest.SEED)
                .dataset(ClusterTest.WORLD)
                .build());
    Engine engine =
        new Engine(
            FetchOptions.builder().concurrency(8).retries(2).maxRetryAfter(Duration.ZERO).build(),
            replica.apiUri());
    worker =
        new Worker(
            cluster.options(),
            TestCluster.GROUP,
            "w1",
            engine,
            new PrintWriter(new StringWriter()));
    workerThread =
        Thread.ofPlatform()
            .name("w1")
            .start(
                () -> {
                  try (engine) {
                    worker.run();
                  }
                });
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("org.postgresql.pgpassfile");
    if (worker != null) {
      worker.stop();
      workerThread.join(20_000);
    }
    if (replica != null) {
      replica.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static String[] kafka(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kafka", cluster.bootstrap()));
    return all.toArray(String[]::new);
  }

  static String submit(long from, long to, int chunk) {
    Cli run =
        Cli.run(
            kafka(
                "cluster",
                "submit",
                "hn",
                "mirror",
                "--from",
                String.valueOf(from),
                "--to",
                String.valueOf(to),
                "--chunk",
                String.valueOf(chunk)));
    assertThat(run.exit()).as(run.toString()).isZero();
    return run.lines().get(0);
  }

  static void assertMirrors(String database, long from, long to) {
    Properties login = new Properties();
    login.setProperty("user", TestPostgres.USER);
    login.setProperty("password", TestPostgres.PASSWORD);
    try (MirrorStore store = MirrorStore.postgresql(pg.jdbcUrl(database), login)) {
      for (long id = from; id <= to; id++) {
        Optional<byte[]> expected = ClusterTest.WORLD.item(id);
        if (expected.isPresent()) {
          assertThat(store.item(id).map(r -> r.json()))
              .as("item %d", id)
              .contains(new String(expected.get(), StandardCharsets.UTF_8));
        } else {
          assertThat(store.isMissing(id)).as("null id %d recorded", id).isTrue();
        }
      }
      MirrorStore.Counts counts = store.counts();
      assertThat(counts.items() + counts.missing())
          .as("no id outside the range, none twice")
          .isEqualTo(to - from + 1);
    }
  }

  @Test
  void aMirrorJobIsStoredExactlyInPostgresAndCollectingAgainStoresNothingTwice() throws Exception {
    String job = submit(1, 300, 50);
    String database = pg.createDatabase("collect");

    Cli collect = Cli.run(kafka("cluster", "collect", job, "--db", pg.url(database)));

    assertThat(collect.exit()).as(collect.toString()).isZero();
    assertThat(collect.err()).contains("6 of 6 done, 0 failed");
    assertMirrors(database, 1, 300);

    // Every result delivered a second time (a second collect reads them all again): stored once.
    Cli again = Cli.run(kafka("cluster", "collect", job, "--db", pg.url(database)));
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.err()).contains("6 of 6 done, 0 failed");
    assertMirrors(database, 1, 300);
  }

  @Test
  void collectHelpSaysHowToNameTheDatabaseAndWhereThePasswordComesFrom() {
    Cli help = Cli.run("cluster", "collect", "--help");

    assertThat(help.exit()).as(help.toString()).isZero();
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains("--db=FILE|URL")
        .contains("postgresql://[USER@]HOST[:PORT]/DATABASE")
        .contains("PGPASSWORD")
        .contains("~/.pgpass")
        .contains("PGPASSFILE");
  }

  @Test
  void aPasswordInTheUrlIsAUsageErrorThatMasksItAndNamesTheFix() {
    Cli run =
        Cli.run(
            kafka(
                "cluster",
                "collect",
                "j-000000000000",
                "--db",
                "postgresql://fanout:hunter2@127.0.0.1:" + pg.port() + "/hn"));

    assertThat(run.exit()).as(run.toString()).isEqualTo(2);
    assertThat(run.err())
        .contains("postgresql://fanout:***@127.0.0.1:" + pg.port() + "/hn")
        .contains("PGPASSWORD")
        .contains("~/.pgpass")
        .doesNotContain("hunter2");
    assertThat(run.out()).doesNotContain("hunter2");
  }

  @Test
  void anUnreachableServerIsOneClearLineAndExit1() throws Exception {
    String job = submit(1, 10, 10);
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    long started = System.nanoTime();

    Cli run =
        Cli.run(
            kafka(
                "cluster",
                "collect",
                job,
                "--db",
                "postgresql://fanout@127.0.0.1:" + closed + "/hn"));

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("fanout: cannot connect to postgresql://fanout@127.0.0.1:" + closed + "/hn: ")
        .contains("refused");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aRefusedLoginIsOneLineWithTheFix() throws Exception {
    String job = submit(1, 10, 10);
    Path wrongPgpass = Files.writeString(kafkaDir.resolve("wrong-pgpass"), "*:*:*:*:not-it\n");
    System.setProperty("org.postgresql.pgpassfile", wrongPgpass.toString());
    Cli run;
    try {
      run = Cli.run(kafka("cluster", "collect", job, "--db", pg.url("postgres")));
    } finally {
      System.setProperty("org.postgresql.pgpassfile", pg.pgpass().toString());
    }

    assertThat(run.exit()).as(run.toString()).isEqualTo(1);
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("fanout: cannot connect to " + pg.url("postgres") + ": ")
        .contains("password authentication failed")
        .contains("set PGPASSWORD, or add the line 127.0.0.1:" + pg.port() + ":postgres:fanout:")
        .doesNotContain("not-it");
  }

  @Test
  void aChildProcessTakesThePasswordFromPgpassword() throws Exception {
    String job = submit(301, 400, 50);
    String database = pg.createDatabase("pgpassword");

    Child child = fanout(Map.of("PGPASSWORD", TestPostgres.PASSWORD), job, pg.url(database));

    assertThat(child.exit()).as(child.toString()).isZero();
    assertThat(child.err()).contains("2 of 2 done, 0 failed");
    assertMirrors(database, 301, 400);
  }

  record Child(int exit, String out, String err) {}

  /** {@code fanout cluster collect JOB --db URL} in a JVM of its own, with {@code env} added. */
  static Child fanout(Map<String, String> env, String job, String url) throws Exception {
    String javaBin = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder pb =
        new ProcessBuilder(
            javaBin,
            "--sun-misc-unsafe-memory-access=allow",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.fanout.cli.Main",
            "cluster",
            "collect",
            job,
            "--db",
            url,
            "--kafka",
            cluster.bootstrap(),
            "--timeout",
            "60s");
    pb.environment().remove("PGPASSWORD");
    pb.environment().remove("PGPASSFILE");
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path err = Files.createTempFile(kafkaDir, "err", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("fanout did not end in 90 s");
    }
    return new Child(p.exitValue(), out, Files.readString(err));
  }
}
