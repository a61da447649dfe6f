package dev.fanout.cli.hn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.fetch.FetchOptions;
import dev.fanout.hn.HnClient;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.store.Mirror;
import dev.fanout.store.MirrorListener;
import dev.fanout.store.MirrorOptions;
import dev.fanout.store.MirrorResult;
import dev.fanout.store.MirrorStore;
import dev.fanout.store.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * kill -9 of a real {@code fanout hn mirror} child process, three times at random points, then a
 * rerun to completion: the database must equal an uninterrupted run's, row for row (fetched_at
 * aside).
 *
 * <p>The child runs {@code dev.fanout.cli.Main} on this test's own class path (target/classes plus
 * the dependencies) rather than the shaded jar: in the Maven build this module's tests run before
 * its jar is packaged, and a stale jar would test old code.
 */
class MirrorCrashTest {
  static final long SEED = 42;
  static final int IDS = 3_000;
  @TempDir Path dir;

  @Test
  void killedThreeTimesAtRandomPointsThenResumedEqualsAnUninterruptedRun() throws Exception {
    long randomSeed = System.nanoTime();
    Random random = new Random(randomSeed);
    Dataset dataset = world(IDS);
    Path killed = dir.resolve("killed.db");
    Path clean = dir.resolve("clean.db");
    try (Replica replica =
        Replica.start(ReplicaConfig.builder().port(0).seed(SEED).dataset(dataset).build())) {
      // --rate keeps each child running for seconds, so that the kills land mid-run on any machine.
      List<String> args =
          List.of(
              "hn",
              "mirror",
              "--db",
              killed.toString(),
              "--from",
              "1",
              "--to",
              Integer.toString(IDS),
              "--api",
              replica.apiUri().toString(),
              "--no-progress",
              "-c",
              "16",
              "--retries",
              "4",
              "--rate",
              "1000");
      long rows = 0;
      for (int kill = 1; kill <= 3; kill++) {
        long target = rows + 1 + random.nextInt(IDS / 5);
        Process child = start(args, dir.resolve("child-" + kill + ".log"));
        while (rows(killed) < target && child.isAlive()) {
          Thread.sleep(5);
        }
        assertThat(child.isAlive())
            .as("kill %d (random seed %d): the child must still be running", kill, randomSeed)
            .isTrue();
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
        child.waitFor(30, TimeUnit.SECONDS);
        long now = rows(killed);
        assertThat(now).as("kill %d made progress", kill).isGreaterThan(rows);
        rows = now;
      }
      assertThat(rows).isLessThan(IDS);
      // Rerun to completion: a run that ends with failed ids (exit 1) is simply run again, as
      // documented.
      int exit = -1;
      for (int rerun = 1; rerun <= 4 && exit != 0; rerun++) {
        Path log = dir.resolve("rerun-" + rerun + ".log");
        Process child = start(args, log);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        exit = child.exitValue();
        assertThat(exit).as(Files.readString(log)).isIn(0, 1);
      }
      assertThat(exit).isZero();

      try (HnClient client =
              HnClient.create(replica.apiUri(), FetchOptions.builder().concurrency(256).build());
          MirrorStore store = MirrorStore.sqlite(clean)) {
        MirrorResult result =
            Mirror.create(client, store, MirrorOptions.defaults())
                .run(new Selection.Range(1, IDS), MirrorListener.NONE);
        assertThat(result.complete()).isTrue();
      }
    }
    List<String> expected = dump(clean);
    assertThat(expected).hasSize(IDS + 1);
    assertThat(dump(killed)).as("random seed %d", randomSeed).isEqualTo(expected);
  }

  /** Stories every 10 ids with their comments, some deleted or dead, every 7th comment id null. */
  static Dataset world(int n) {
    List<String> items = new ArrayList<>();
    for (long id = 1; id <= n; id++) {
      long story = id - (id - 1) % 10;
      if (id == story) {
        items.add(
            "{\"by\":\"a"
                + id % 5
                + "\",\"id\":"
                + id
                + ",\"kids\":["
                + (id + 1)
                + ","
                + (id + 2)
                + "],\"score\":"
                + id % 90
                + ",\"title\":\"S"
                + id
                + "\",\"type\":\"story\"}");
      } else if (id % 7 != 0) {
        items.add(
            "{\"by\":\"b"
                + id % 3
                + "\""
                + (id % 11 == 0 ? ",\"deleted\":true" : "")
                + (id % 13 == 0 ? ",\"dead\":true" : "")
                + ",\"id\":"
                + id
                + ",\"parent\":"
                + story
                + ",\"text\":\"c\\u00e9 "
                + id
                + "\",\"type\":\"comment\"}");
      }
    }
    return Dataset.of(items);
  }

  static Process start(List<String> args, Path log) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.fanout.cli.Main"));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  static Connection readOnly(Path db) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(30_000);
    return config.createConnection("jdbc:sqlite:" + db);
  }

  static long rows(Path db) {
    if (!Files.exists(db)) {
      return 0;
    }
    try (Connection c = readOnly(db);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM missing)")) {
      return r.next() ? r.getLong(1) : 0;
    } catch (SQLException e) {
      return 0; // the child has not created the tables yet
    }
  }

  /** Every row of items and missing, every column but fetched_at, in id order. */
  static List<String> dump(Path db) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = readOnly(db);
        Statement s = c.createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT id, type, \"by\", time, parent, deleted, dead, title, url, score,"
                  + " descendants, text, kids, json FROM items ORDER BY id")) {
        while (r.next()) {
          StringBuilder row = new StringBuilder("item");
          for (int i = 1; i <= 14; i++) {
            row.append('|').append(r.getString(i));
          }
          rows.add(row.toString());
        }
      }
      try (ResultSet r = s.executeQuery("SELECT id FROM missing ORDER BY id")) {
        while (r.next()) {
          rows.add("missing|" + r.getLong(1));
        }
      }
      try (ResultSet r =
          s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
        rows.add("tables|" + (r.next() ? r.getLong(1) : -1));
      }
    }
    return rows;
  }
}
