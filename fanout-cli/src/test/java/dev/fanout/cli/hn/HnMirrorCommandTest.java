package dev.fanout.cli.hn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.CliRun;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.FaultPlan;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.store.MirrorStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fanout hn mirror} end to end: real CLI, loopback replica, SQLite files. */
class HnMirrorCommandTest {
  @TempDir Path dir;

  static CliRun run(String... args) {
    return CliRun.of(List.of("hn", "mirror"), args);
  }

  /** Stories 1, 11, 21, ... each with nine comments; every 7th comment id null. */
  static Dataset world() {
    List<String> items = new ArrayList<>();
    for (long id = 1; id <= 1000; id++) {
      long story = id - (id - 1) % 10;
      if (id == story) {
        StringBuilder kids = new StringBuilder();
        for (long k = id + 1; k < id + 10; k++) {
          kids.append(kids.isEmpty() ? "" : ",").append(k);
        }
        items.add(
            "{\"by\":\"a"
                + id % 5
                + "\",\"id\":"
                + id
                + ",\"kids\":["
                + kids
                + "],\"title\":\"S"
                + id
                + "\",\"type\":\"story\"}");
      } else if (id % 7 != 0) {
        items.add(
            "{\"by\":\"b"
                + id % 3
                + "\",\"id\":"
                + id
                + ",\"parent\":"
                + story
                + ",\"text\":\"c\",\"type\":\"comment\"}");
      }
    }
    return Dataset.of(items);
  }

  static Replica replica(String faults) throws Exception {
    ReplicaConfig.Builder config = ReplicaConfig.builder().port(0).seed(7).dataset(world());
    if (faults != null) {
      config.faults(FaultPlan.parse(faults));
    }
    return Replica.start(config.build());
  }

  @Test
  void mirrorsARangeAndPrintsTheSummary() throws Exception {
    Path db = dir.resolve("m.db");
    try (Replica replica = replica(null)) {
      CliRun run =
          run(
              "--db",
              db.toString(),
              "--from",
              "1",
              "--to",
              "1000",
              "--api",
              replica.apiUri().toString(),
              "--no-progress");
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out())
          .contains("complete")
          .contains("items 872, missing 128, failed 0")
          .contains("requests 1000")
          .contains("items/s");
      CliRun again =
          run(
              "--db",
              db.toString(),
              "--from",
              "1",
              "--to",
              "1000",
              "--api",
              replica.apiUri().toString(),
              "--format",
              "jsonl");
      assertThat(again.exit()).isZero();
      assertThat(again.out())
          .contains("\"items\":0,")
          .contains("\"skipped\":1000")
          .contains("\"requests\":0");
    }
  }

  @Test
  void permanentFailuresAreListedExitOneAndARerunRetriesOnlyThem() throws Exception {
    Path db = dir.resolve("p.db");
    List<Long> failed = new ArrayList<>();
    try (Replica replica = replica("503=3%:permanent")) {
      CliRun run =
          run(
              "--db",
              db.toString(),
              "--from",
              "1",
              "--to",
              "1000",
              "--api",
              replica.apiUri().toString(),
              "--retries",
              "1");
      assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.SOME_FAILED);
      assertThat(run.out()).contains("INCOMPLETE").contains("failed ids (");
      Matcher m = Pattern.compile("(?m)^  (\\d+)  ").matcher(run.out());
      while (m.find()) {
        failed.add(Long.parseLong(m.group(1)));
      }
      assertThat(failed).isNotEmpty();
      assertThat(run.out()).contains("failed " + failed.size() + ",");
    }
    try (Replica healed = replica(null)) {
      CliRun rerun =
          run(
              "--db",
              db.toString(),
              "--from",
              "1",
              "--to",
              "1000",
              "--api",
              healed.apiUri().toString());
      assertThat(rerun.exit()).as(rerun.out()).isZero();
      assertThat(rerun.out())
          .contains("requests " + failed.size() + ",")
          .contains("skipped " + (1000 - failed.size()));
      assertThat(healed.stats().requests()).isEqualTo(failed.size());
    }
  }

  @Test
  void followPicksUpAppendedItemsAndCtrlCEndsWith130() throws Exception {
    Path db = dir.resolve("f.db");
    try (Replica replica = replica(null)) {
      AtomicReference<CliRun> result = new AtomicReference<>();
      Thread command =
          Thread.ofPlatform()
              .start(
                  () ->
                      result.set(
                          run(
                              "--db",
                              db.toString(),
                              "--follow",
                              "--poll",
                              "0.05",
                              "--api",
                              replica.apiUri().toString())));
      // Follow starts from the maxitem it reads first; append only after that read.
      long start = System.nanoTime();
      while (replica.stats().requests() == 0 && System.nanoTime() - start < 10_000_000_000L) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      replica.append("{\"by\":\"late\",\"id\":1001,\"title\":\"appended\",\"type\":\"story\"}");
      replica.append(
          "{\"by\":\"late\",\"id\":1002,\"parent\":1001,\"text\":\"hi\",\"type\":\"comment\"}");
      try (MirrorStore store = MirrorStore.sqlite(db)) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.item(1002).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        command.interrupt(); // what Interrupts does on Ctrl-C
        command.join(10_000);
        assertThat(store.item(1001).orElseThrow().title()).isEqualTo("appended");
        assertThat(store.item(1002)).isPresent();
        // Besides the new ids, follow refetches whatever updates.json names as changed.
        assertThat(store.item(500)).as("no backfill of old ids").isEmpty();
        assertThat(result.get().exit()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(result.get().out())
            .contains("INTERRUPTED")
            .containsPattern("items [1-9][0-9]*, missing 0, failed 0");
      }
    }
  }

  @Test
  void badSelectionsAreUsageErrors() {
    Path db = dir.resolve("u.db");
    assertThat(run("--db", db.toString()).err()).contains("nothing to mirror");
    CliRun both = run("--db", db.toString(), "--from", "1", "--to", "5", "--thread", "3");
    assertThat(both.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(both.err()).contains("choose one selection");
    CliRun half = run("--db", db.toString(), "--from", "5");
    assertThat(half.err()).contains("--from and --to go together");
    CliRun backwards = run("--db", db.toString(), "--from", "9", "--to", "5");
    assertThat(backwards.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(backwards.err()).contains("9..5");
    CliRun list = run("--db", db.toString(), "--list", "hot");
    assertThat(list.err()).contains("unknown list 'hot'");
    assertThat(run("--help").out().replaceAll("\\s+", " "))
        .contains("--db")
        .contains("(default: 256)")
        .contains("--follow");
  }
}
