package dev.fanout.cli.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.ExitCode;
import dev.fanout.cli.Fanout;
import dev.fanout.hn.Item;
import dev.fanout.store.ItemRow;
import dev.fanout.store.MirrorStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HnExportCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Fanout.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    all[0] = "hn";
    all[1] = "export";
    System.arraycopy(args, 0, all, 2, args.length);
    int code = cli.execute(all);
    return new Run(code, out.toString(), err.toString());
  }

  /** The row the mirror stores for {@code json} as served: core's parser, then the store's conversion. */
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
    Run jsonl = run("--db", db.toString(), "--format", "jsonl");
    assertThat(jsonl.code()).isZero();
    assertThat(jsonl.out().lines().toList())
        .containsExactly("{\"id\":1,\"type\":\"story\",\"kids\":[2]}", "{\"id\":2,\"type\":\"comment\",\"parent\":1}");
    assertThat(jsonl.err()).contains("exported 2 items");

    Path csv = dir.resolve("items.csv");
    Run toFile = run("--db", db.toString(), "--format", "csv", "-o", csv.toString());
    assertThat(toFile.code()).isZero();
    assertThat(Files.readString(csv)).startsWith("id,type,by,").contains("2,comment,,,1,false,false");
  }

  @Test
  void aMissingDatabaseOrBadFormatIsAUsageError() {
    Run missing = run("--db", dir.resolve("nope.db").toString());
    assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("no mirror database at").contains("nope.db").doesNotContain("Exception");
    assertThat(Files.exists(dir.resolve("nope.db"))).isFalse();
    Run format = run("--db", dir.resolve("nope.db").toString(), "--format", "xml");
    assertThat(format.code()).isEqualTo(ExitCode.USAGE);
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
    Run directory = run("--db", db.toString(), "-o", dir.toString());
    assertThat(directory.code()).isEqualTo(ExitCode.USAGE);
    assertThat(directory.err()).contains("-o " + dir + " is a directory")
        .doesNotContain("Exception").doesNotContain("\tat ");

    Path missing = dir.resolve("missing/dir/items.jsonl");
    Run inMissing = run("--db", db.toString(), "-o", missing.toString());
    assertThat(inMissing.code()).isEqualTo(ExitCode.USAGE);
    assertThat(inMissing.err()).contains("cannot write -o " + missing + ": directory " + dir.resolve("missing/dir")
        + " does not exist").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anOutputFileOnAFullDiskIsOneMessageExitOne() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "no /dev/full here");
    Run ran = run("--db", mirror().toString(), "-o", full.toString());
    assertThat(ran.code()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(ran.err()).isEqualTo("fanout: cannot write /dev/full: No space left on device" + System.lineSeparator());
  }

  /**
   * A mirror in a directory nobody may write is still exported. The tests may run as root, whom
   * {@code chmod} does not stop, so the directory is made immutable ({@code chattr +i}), which does.
   */
  @Test
  void aMirrorInADirectoryTheUserCannotWriteIsExported() throws Exception {
    Path db = mirror();
    byte[] before = Files.readAllBytes(db);
    makeUnwritable(dir);
    try {
      Run jsonl = run("--db", db.toString());
      assertThat(jsonl.code()).as(jsonl.err()).isZero();
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
          .isInstanceOf(dev.fanout.store.StoreException.class).hasMessageContaining("reading only");
    }
    assertThat(Files.readAllBytes(db)).isEqualTo(before);
  }

  private static void makeUnwritable(Path directory) throws Exception {
    boolean immutable = false;
    try {
      immutable = new ProcessBuilder("chattr", "+i", directory.toString()).redirectErrorStream(true).start().waitFor() == 0;
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
    org.junit.jupiter.api.Assumptions.assumeFalse(writable, "cannot make a directory unwritable here");
  }

  private static void makeWritable(Path directory) throws Exception {
    try {
      new ProcessBuilder("chattr", "-i", directory.toString()).redirectErrorStream(true).start().waitFor();
    } catch (java.io.IOException e) {
      // no chattr
    }
    directory.toFile().setWritable(true, false);
  }
}
