package dev.fanout.cli.hn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.CliRun;
import dev.fanout.cli.Fanout;
import dev.fanout.cli.shared.ExitCode;
import dev.fanout.hn.Item;
import dev.fanout.store.ItemRow;
import dev.fanout.store.MirrorStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnExportCommandTest {
  @TempDir Path dir;

  static CliRun run(String... args) {
    return CliRun.of(List.of("hn", "export"), args);
  }

  /**
   * The row the mirror stores for {@code json} as served: core's parser, then the store's
   * conversion.
   */
  private static ItemRow item(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return ItemRow.of(Item.fromJson(body).orElseThrow(), body);
  }

  @Test
  void exportsJsonlAndCsvFromAMirror() throws Exception {
    Path db = dir.resolve("m.db");
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      store.putItem(item("{\"id\":2,\"type\":\"comment\",\"parent\":1}"));
      store.putItem(item("{\"id\":1,\"type\":\"story\",\"kids\":[2]}"));
      store.putMissing(3);
    }
    CliRun jsonl = run("--db", db.toString(), "--format", "jsonl");
    assertThat(jsonl.exit()).isZero();
    assertThat(jsonl.out().lines().toList())
        .containsExactly(
            "{\"id\":1,\"type\":\"story\",\"kids\":[2]}",
            "{\"id\":2,\"type\":\"comment\",\"parent\":1}");
    assertThat(jsonl.err()).contains("exported 2 items");

    Path csv = dir.resolve("items.csv");
    CliRun toFile = run("--db", db.toString(), "--format", "csv", "-o", csv.toString());
    assertThat(toFile.exit()).isZero();
    assertThat(Files.readString(csv))
        .startsWith("id,type,by,")
        .contains("2,comment,,,1,false,false");
  }

  @Test
  void aMissingDatabaseOrBadFormatIsAUsageError() {
    CliRun missing = run("--db", dir.resolve("nope.db").toString());
    assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err())
        .contains("no mirror database at")
        .contains("nope.db")
        .doesNotContain("Exception");
    assertThat(Files.exists(dir.resolve("nope.db"))).isFalse();
    CliRun format = run("--db", dir.resolve("nope.db").toString(), "--format", "xml");
    assertThat(format.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(format.err()).contains("xml");
  }

  private Path mirror() throws Exception {
    Path db = dir.resolve("m.db");
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      store.putItem(item("{\"id\":1,\"type\":\"story\"}"));
    }
    return db;
  }

  @Test
  void anOutputThatIsADirectoryOrInAMissingDirectoryIsOneMessageNamingItExitTwo() throws Exception {
    Path db = mirror();
    CliRun directory = run("--db", db.toString(), "-o", dir.toString());
    assertThat(directory.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(directory.err())
        .contains("-o " + dir + " is a directory")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");

    Path missing = dir.resolve("missing/dir/items.jsonl");
    CliRun inMissing = run("--db", db.toString(), "-o", missing.toString());
    assertThat(inMissing.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(inMissing.err())
        .contains(
            "cannot write -o "
                + missing
                + ": directory "
                + dir.resolve("missing/dir")
                + " does not exist")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void anOutputFileOnAFullDiskIsOneMessageExitOne() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");
    CliRun ran = run("--db", mirror().toString(), "-o", full.toString());
    assertThat(ran.exit()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(ran.err())
        .isEqualTo(
            "fanout: cannot write /dev/full: No space left on device" + System.lineSeparator());
  }

  /**
   * A mirror in a directory nobody may write is still exported. The tests may run as root, whom
   * {@code chmod} does not stop, so the directory is made immutable ({@code chattr +i}), which
   * does.
   */
  @Test
  void aMirrorInADirectoryTheUserCannotWriteIsExported() throws Exception {
    Path db = mirror();
    byte[] before = Files.readAllBytes(db);
    makeUnwritable(dir);
    try {
      CliRun jsonl = run("--db", db.toString());
      assertThat(jsonl.exit()).as(jsonl.err()).isZero();
      assertThat(jsonl.out()).isEqualTo("{\"id\":1,\"type\":\"story\"}\n");
    } finally {
      makeWritable(dir);
    }
    assertThat(Files.readAllBytes(db)).as("the database is not changed").isEqualTo(before);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.db");
    }
  }

  @Test
  void theMirrorIsOpenedForReadingOnly() throws Exception {
    Path db = mirror();
    byte[] before = Files.readAllBytes(db);
    try (MirrorStore store = MirrorDb.openExisting(Fanout.commandLine(), db)) {
      assertThat(store.item(1)).isPresent();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.putMissing(7))
          .isInstanceOf(dev.fanout.store.StoreException.class)
          .hasMessageContaining("reading only");
    }
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
  }

  private static void makeUnwritable(Path directory) throws Exception {
    boolean immutable = false;
    try {
      immutable =
          new ProcessBuilder("chattr", "+i", directory.toString())
                  .redirectErrorStream(true)
                  .start()
                  .waitFor()
              == 0;
    } catch (java.io.IOException e) {
      // no chattr here: chmod below, which stops everyone but root
    }
    if (!immutable) {
      directory.toFile().setWritable(false, false);
    }
    boolean writable;
    try {
      Files.delete(Files.createFile(directory.resolve("probe")));
      writable = true;
    } catch (java.io.IOException e) {
      writable = false;
    }
    if (writable) {
      makeWritable(directory);
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(
        writable, "cannot make a directory unwritable here");
  }

  private static void makeWritable(Path directory) throws Exception {
    try {
      new ProcessBuilder("chattr", "-i", directory.toString())
          .redirectErrorStream(true)
          .start()
          .waitFor();
    } catch (java.io.IOException e) {
      // no chattr
    }
    directory.toFile().setWritable(true, false);
  }
}
