package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.shared.ExitCode;
import dev.fanout.hn.Item;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import dev.fanout.store.ItemRow;
import dev.fanout.store.MirrorStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLI writing to a stdout that fails: a full disk is an error (exit 1, one line), a closed
 * pipe stops the command quietly (exit 141), and either stops the work at once.
 */
class OutputFailureTest {
  static final String DISK_FULL = "No space left on device";
  static final String CLOSED = "Broken pipe";

  static Replica replica;
  @TempDir static Path dir;
  static Path db;

  @BeforeAll
  static void start() throws Exception {
    replica =
        Replica.start(
            ReplicaConfig.builder()
                .port(0)
                .dataset(
                    Dataset.of(
                        List.of(
                            "{\"by\":\"ann\",\"descendants\":0,\"id\":1,\"score\":3,\"time\":1490441022,\"title\":\"one\",\"type\":\"story\"}")))
                .build());
    db = dir.resolve("m.db");
    try (MirrorStore store = MirrorStore.sqlite(db)) {
      for (int id = 1; id <= 3000; id++) {
        byte[] body =
            ("{\"id\":"
                    + id
                    + ",\"type\":\"comment\",\"by\":\"someone\",\"parent\":1,"
                    + "\"text\":\"a comment long enough to fill a pipe\"}")
                .getBytes(StandardCharsets.UTF_8);
        store.putItem(ItemRow.of(Item.fromJson(body).orElseThrow(), body));
      }
    }
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  /** Takes {@code capacity} bytes, then fails every write with {@code message}, as the OS does. */
  static final class FailingStream extends OutputStream {
    final String message;
    int capacity;
    int writesAfterFailure;

    FailingStream(String message, int capacity) {
      this.message = message;
      this.capacity = capacity;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      if (len > capacity) {
        capacity = 0;
        writesAfterFailure++;
        throw new IOException(message);
      }
      capacity -= len;
    }
  }

  record Ran(int exit, String err, FailingStream out) {}

  static Ran run(FailingStream out, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Fanout.run(out, err, args);
    assertThat(Thread.currentThread().isInterrupted()).as("interrupt left behind").isFalse();
    return new Ran(exit, err.toString(StandardCharsets.UTF_8), out);
  }

  @Test
  void exportToAFullDiskSaysSoAndExitsOne() {
    Ran ran = run(new FailingStream(DISK_FULL, 0), "hn", "export", "--db", db.toString());
    assertThat(ran.exit()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(ran.err())
        .isEqualTo("fanout: cannot write output: " + DISK_FULL + System.lineSeparator());
    assertThat(ran.out().writesAfterFailure).as("stopped at the first failed write").isEqualTo(1);
  }

  @Test
  void csvExportIntoAClosedPipeStopsQuietlyWith141() {
    Ran ran =
        run(
            new FailingStream(CLOSED, 100),
            "hn",
            "export",
            "--db",
            db.toString(),
            "--format",
            "csv");
    assertThat(ran.exit()).isEqualTo(ExitCode.CLOSED_PIPE).isEqualTo(141);
    assertThat(ran.err()).isEmpty();
    assertThat(ran.out().writesAfterFailure).isEqualTo(1);
  }

  @Test
  void aLongFetchIntoAClosedPipeStopsAtOnce() {
    List<String> args = new ArrayList<>(List.of("fetch", "--no-progress", "-c", "2"));
    for (int i = 0; i < 200; i++) {
      args.add(replica.baseUri() + "/delay/100?n=" + i); // 10 s of work at -c 2
    }
    long start = System.nanoTime();
    Ran ran = run(new FailingStream(CLOSED, 0), args.toArray(String[]::new));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(ran.exit()).isEqualTo(ExitCode.CLOSED_PIPE);
    assertThat(ran.err()).isEmpty();
    assertThat(millis).as("stopped soon after the first line").isLessThan(3000);
  }

  @Test
  void fetchCsvAndJsonlToAFullDiskExitOneWithOneLine() {
    for (String format : List.of("csv", "jsonl", "text")) {
      Ran ran =
          run(
              new FailingStream(DISK_FULL, 0),
              "fetch",
              "--no-progress",
              "--format",
              format,
              replica.baseUri() + "/status/200");
      assertThat(ran.exit()).as(format).isEqualTo(ExitCode.SOME_FAILED);
      assertThat(ran.err())
          .as(format)
          .isEqualTo("fanout: cannot write output: " + DISK_FULL + System.lineSeparator());
    }
  }

  @Test
  void hnCommandsToAFullDiskExitOne() {
    String api = replica.apiUri().toString();
    for (String[] args :
        List.of(
            new String[] {"hn", "comments", "--api", api, "--no-progress", "1"},
            new String[] {"hn", "item", "--api", api, "1"},
            new String[] {"hn", "thread", "--api", api, "--no-progress", "1"},
            new String[] {"hn", "top", "--api", api, "--no-progress", "-n", "1"},
            new String[] {"hn", "user", "--api", api, "ann"})) {
      Ran ran = run(new FailingStream(DISK_FULL, 0), args);
      assertThat(ran.exit()).as(String.join(" ", args)).isEqualTo(ExitCode.SOME_FAILED);
      assertThat(ran.err())
          .as(String.join(" ", args))
          .isEqualTo("fanout: cannot write output: " + DISK_FULL + System.lineSeparator());
    }
  }

  @Test
  void writingSucceedsAsBefore() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Fanout.run(out, err, "hn", "export", "--db", db.toString());
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(3000);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exported 3000 items");
  }

  /** The real process: {@code > /dev/full} and {@code | head -1}, through bash. */
  @Test
  void theProcessExitsOneOnDevFullAnd141IntoHead() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        quote(java)
            + " --enable-native-access=ALL-UNNAMED -cp "
            + quote(System.getProperty("java.class.path"))
            + " dev.fanout.cli.Main hn export --db "
            + quote(db.toString());
    Shell full = bash(command + " > /dev/full");
    assertThat(full.exit()).as(full.err()).isEqualTo(1);
    assertThat(full.err())
        .contains("fanout: cannot write output: " + DISK_FULL)
        .doesNotContain("exported");

    Shell head = bash(command + " | head -1; exit ${PIPESTATUS[0]}");
    assertThat(head.exit()).as(head.err()).isEqualTo(141);
    assertThat(head.out()).startsWith("{\"id\":1,").hasLineCount(1);
    assertThat(head.err()).doesNotContain("fanout").doesNotContain("Exception");
  }

  record Shell(int exit, String out, String err) {}

  static Shell bash(String script) throws Exception {
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder("bash", "-c", script).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Shell(p.exitValue(), out, Files.readString(err));
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
