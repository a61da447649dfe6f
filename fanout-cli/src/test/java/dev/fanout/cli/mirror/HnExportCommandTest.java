package dev.fanout.cli.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.ExitCode;
import dev.fanout.cli.Fanout;
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

  @Test
  void exportsJsonlAndCsvFromAMirror() throws Exception {
    Path db = dir.resolve("m.db");
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      store.putItem(ItemRow.parse("{\"id\":2,\"type\":\"comment\",\"parent\":1}".getBytes(StandardCharsets.UTF_8)));
      store.putItem(ItemRow.parse("{\"id\":1,\"type\":\"story\",\"kids\":[2]}".getBytes(StandardCharsets.UTF_8)));
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
}
