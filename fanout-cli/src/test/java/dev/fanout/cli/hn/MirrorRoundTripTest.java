package dev.fanout.cli.hn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.Fanout;
import dev.fanout.replica.CatalogEntry;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Round trip: mirror a thread of the synthetic world, serve the mirror as a replica (what {@code
 * fanout serve --data FILE.db} does), and crawl it with {@code hn comments}: the counts equal the
 * original's.
 */
class MirrorRoundTripTest {
  @TempDir Path dir;

  static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    assertThat(code).as(String.join(" ", args) + "\n" + out + err).isZero();
    return out.toString();
  }

  /** The report without the lines that measure time or requests. */
  static String counts(String report) {
    return report
        .lines()
        .filter(line -> !line.matches("(?i).*(elapsed|requests|/s\\b| ms\\b|seconds).*"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  @Test
  void commentsOverAServedMirrorCountLikeTheOriginal() throws Exception {
    Path db = dir.resolve("mirror.db");
    try (Replica original =
        Replica.start(ReplicaConfig.builder().port(0).dataset(Dataset.synthetic(11)).build())) {
      CatalogEntry entry = original.catalog().get("messy");
      String id = Long.toString(entry.id());
      String api = original.apiUri().toString();
      run("hn", "mirror", "--db", db.toString(), "--thread", id, "--api", api, "--no-progress");
      String expected = run("hn", "comments", id, "--api", api, "--no-progress");
      try (MirrorDataset served = MirrorDataset.open(db);
          Replica offline =
              Replica.start(ReplicaConfig.builder().port(0).dataset(served).build())) {
        String actual =
            run("hn", "comments", id, "--api", offline.apiUri().toString(), "--no-progress");
        assertThat(counts(actual))
            .isEqualTo(counts(expected))
            .contains(Long.toString(entry.comments()));
      }
    }
  }
}
