package dev.fanout.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.cli.CliRun;
import dev.fanout.replica.Dataset;
import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background process as a client sees it: its socket's permissions, streams framed over the
 * socket (100,000 lines each way, a reader that goes away), exit codes, Ctrl-C, commands at once
 * with different directories and environments, a daemon killed mid-command and one of an older
 * build. Commands run against a loopback replica.
 */
class DaemonTest {
  static Replica replica;

  @BeforeAll
  static void start() throws Exception {
    replica =
        Replica.start(
            ReplicaConfig.builder()
                .dataset(
                    Dataset.of(
                        List.of(
                            "{\"by\":\"a\",\"id\":1,\"title\":\"one\",\"type\":\"story\"}",
                            "{\"by\":\"b\",\"id\":2,\"title\":\"two\",\"type\":\"story\"}")))
                .build());
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  static String at(String path) {
    return replica.baseUri() + path;
  }

  static CliRun run(String... args) {
    return TestDaemon.run(
        TestDaemon.address(), InputStreamOf.empty(), Path.of("").toAbsolutePath(), Map.of(), args);
  }

  @Test
  void theSocketsDirectoryIsTheUsersAloneAndTheSocketToo() throws Exception {
    DaemonAddress a = TestDaemon.address();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.dir())))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(a.socket(), LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rw-------");
    assertThat(a.socket().toString().length()).isLessThanOrEqualTo(107);
  }

  @Test
  void theDefaultDirectoryIsUnderTheRuntimeDirOrTmpAndNamesBuildAndNamespace() {
    DaemonAddress a = DaemonAddress.ofThisProcess();
    assertThat(a.socket().toString())
        .matches("(/tmp/fanout-\\d+|.*/fanout)/[0-9a-z]{12}-\\d+\\.sock")
        .endsWith("-" + DaemonAddress.currentNetns() + ".sock");
    assertThat(a.socket().toString().length()).isLessThanOrEqualTo(107);
  }

  @Test
  void exitCodesAreTheCommandsZeroOneAndTwo() {
    CliRun ok = run("fetch", "--no-progress", at("/status/200"));
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains(" 200 OK ").contains("Fetching all results took");
    CliRun failed = run("fetch", "--no-progress", "not a url");
    assertThat(failed.exit()).isEqualTo(1);
    CliRun usage = run("fetch", "--no-progress");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("no URLs given");
    CliRun item = run("hn", "item", "--api", replica.apiUri().toString(), "1");
    assertThat(item.exit()).as(item.err()).isZero();
    assertThat(item.out()).contains("\"title\": \"one\"");
  }

  @Test
  void aHundredThousandLinesGoInOnStdinAndComeOutAsJsonl() {
    StringBuilder urls = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      urls.append("bad url ").append(i).append('\n');
    }
    CliRun ran =
        TestDaemon.run(
            TestDaemon.address(),
            new ByteArrayInputStream(urls.toString().getBytes(StandardCharsets.UTF_8)),
            Path.of("").toAbsolutePath(),
            Map.of(),
            "fetch",
            "--no-progress",
            "--format",
            "jsonl",
            "--mode",
            "ordered",
            "-i",
            "-");
    assertThat(ran.exit()).isEqualTo(1); // every one fails: not a URL
    List<String> lines = ran.lines();
    assertThat(lines).hasSize(100_000);
    assertThat(lines.getFirst()).contains("\"url\":\"bad url 0\"");
    assertThat(lines.getLast()).contains("\"url\":\"bad url 99999\"");
  }

  @Test
  void aReaderThatGoesAwayEndsTheCommandWith141AsInProcess() throws Exception {
    StringBuilder urls = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      urls.append("bad url ").append(i).append('\n');
    }
    OutputStream head = new OutputStream() { // `| head -c 1000`
          int written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (written > 1000) {
              throw new IOException("Broken pipe");
            }
            written += len;
          }
        };
    var err = new ByteArrayOutputStream();
    int exit =
        Client.run(
            TestDaemon.address(),
            List.of("fetch", "--no-progress", "--format", "jsonl", "-i", "-"),
            Map.of(),
            false,
            new ByteArrayInputStream(urls.toString().getBytes(StandardCharsets.UTF_8)),
            head,
            err,
            Path.of("").toAbsolutePath(),
            false);
    assertThat(exit).isEqualTo(141);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    // the command stopped: the daemon still serves
    assertThat(run("fetch", "--no-progress", "not a url").exit()).isEqualTo(1);
  }

  @Test
  void theClientForwardsItsFanoutAndProxyVariablesAndNothingElse() {
    Map<String, String> all = new java.util.HashMap<>();
    for (String name :
        List.of(
            "FANOUT_HN_API",
            "http_proxy",
            "https_proxy",
            "HTTPS_PROXY",
            "all_proxy",
            "ALL_PROXY",
            "no_proxy",
            "NO_PROXY",
            "HTTP_PROXY",
            "HOME",
            "AWS_SECRET_ACCESS_KEY")) {
      all.put(name, "v");
    }
    assertThat(Client.clientEnvironment(all).keySet())
        .containsExactlyInAnyOrder(
            "FANOUT_HN_API",
            "http_proxy",
            "https_proxy",
            "HTTPS_PROXY",
            "all_proxy",
            "ALL_PROXY",
            "no_proxy",
            "NO_PROXY");
  }

  @Test
  void pathsAndEnvironmentAreEachClientsOwnForCommandsAtOnce(@TempDir Path a, @TempDir Path b)
      throws Exception {
    Files.writeString(a.resolve("urls.txt"), at("/status/201") + "\n");
    Files.writeString(b.resolve("urls.txt"), at("/status/202") + "\n");
    AtomicReference<CliRun> fromA = new AtomicReference<>();
    AtomicReference<CliRun> fromB = new AtomicReference<>();
    Thread ta =
        Thread.ofPlatform()
            .start(
                () ->
                    fromA.set(
                        TestDaemon.run(
                            TestDaemon.address(),
                            InputStreamOf.empty(),
                            a,
                            Map.of("FANOUT_HN_API", replica.apiUri().toString()),
                            "fetch",
                            "--no-progress",
                            "-i",
                            "urls.txt")));
    Thread tb =
        Thread.ofPlatform()
            .start(
                () ->
                    fromB.set(
                        TestDaemon.run(
                            TestDaemon.address(),
                            InputStreamOf.empty(),
                            b,
                            Map.of(),
                            "fetch",
                            "--no-progress",
                            "-i",
                            "urls.txt")));
    ta.join(20_000);
    tb.join(20_000);
    assertThat(fromA.get().out()).contains(" 201 Created ").doesNotContain(" 202 ");
    assertThat(fromB.get().out()).contains(" 202 Accepted ").doesNotContain(" 201 ");
    // FANOUT_HN_API is the client's: one with it reaches the replica, one without does not.
    CliRun withEnv =
        TestDaemon.run(
            TestDaemon.address(),
            InputStreamOf.empty(),
            a,
            Map.of("FANOUT_HN_API", replica.apiUri().toString()),
            "hn",
            "item",
            "2");
    assertThat(withEnv.exit()).as(withEnv.err()).isZero();
    assertThat(withEnv.out()).contains("\"title\": \"two\"");
  }

  @Test
  void ctrlCThroughTheDaemonPrintsThePartialResultAndExits130() throws Exception {
    var out = new ByteArrayOutputStream();
    var errb = new ByteArrayOutputStream();
    AtomicReference<Integer> exit = new AtomicReference<>();
    Thread client =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    exit.set(
                        Client.run(
                            TestDaemon.address(),
                            List.of(
                                "fetch",
                                "--no-progress",
                                at("/status/200"),
                                at("/hang"),
                                at("/hang")),
                            Map.of(),
                            false,
                            InputStreamOf.empty(),
                            out,
                            errb,
                            Path.of("").toAbsolutePath(),
                            false));
                  } catch (Client.Unreachable e) {
                    throw new AssertionError(e);
                  }
                });
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!out.toString(StandardCharsets.UTF_8).contains(" 200 OK ")
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    client.interrupt(); // the client's Ctrl-C
    client.join(10_000);
    assertThat(exit.get()).as(out + "\n--\n" + errb).isEqualTo(130);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(" 200 OK ")
        .contains("INTERRUPTED: 1 of 3 URLs done");
  }

  @Test
  void aDaemonKilledMidCommandIsReportedAndTheNextCommandGetsANewOne() throws Exception {
    DaemonAddress a =
        new DaemonAddress(
            Files.createTempDirectory("fanout-kill-").resolve("d"), "kill00000000", "0");
    Process daemon = startAndWait(a);
    try {
      var err = new ByteArrayOutputStream();
      var out = new ByteArrayOutputStream();
      AtomicReference<Integer> exit = new AtomicReference<>();
      Thread client =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      exit.set(
                          Client.run(
                              a,
                              List.of(
                                  "fetch",
                                  "--no-progress",
                                  "--mode",
                                  "as-completed",
                                  at("/status/200"),
                                  at("/hang")),
                              Map.of(),
                              false,
                              InputStreamOf.empty(),
                              out,
                              err,
                              Path.of("").toAbsolutePath(),
                              false));
                    } catch (Client.Unreachable e) {
                      throw new AssertionError(e);
                    }
                  });
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!out.toString(StandardCharsets.UTF_8).contains(" 200 OK ")
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      daemon.destroyForcibly(); // kill -9
      client.join(10_000);
      daemon.waitFor();
      assertThat(client.isAlive()).isFalse();
      assertThat(exit.get()).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .isEqualTo("fanout: background process died\n");
      // The next client finds nobody (the socket is left behind) and would run in-process ...
      assertThatThrownBy(
              () ->
                  TestDaemon.run(
                      a,
                      InputStreamOf.empty(),
                      Path.of("").toAbsolutePath(),
                      Map.of(),
                      "fetch",
                      "x"))
          .hasCauseInstanceOf(Client.Unreachable.class);
      // ... and starts a new daemon, which replaces the dead one's socket and serves.
      daemon = startAndWait(a);
      CliRun next =
          TestDaemon.run(
              a,
              InputStreamOf.empty(),
              Path.of("").toAbsolutePath(),
              Map.of(),
              "fetch",
              "--no-progress",
              at("/status/200"));
      assertThat(next.exit()).as(next.err()).isZero();
    } finally {
      daemon.destroyForcibly();
    }
  }

  @Test
  void aDaemonOfAnOlderBuildIsStoppedWhenThisBuildsStartsAnotherCheckoutsIsNot() throws Exception {
    Path dir = Files.createTempDirectory("fanout-stale-").resolve("d");
    Daemon otherCheckout =
        Daemon.start(
            new DaemonAddress(dir, "123456000001", "7"),
            Duration.ofHours(1),
            dev.fanout.cli.Fanout::run);
    DaemonAddress old = new DaemonAddress(dir, "abcdef000001", "7");
    Daemon stale = Daemon.start(old, Duration.ofHours(1), dev.fanout.cli.Fanout::run);
    Thread serving =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    stale.serveUntilDone();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    DaemonAddress current = new DaemonAddress(dir, "abcdef000002", "7");
    Process fresh = startAndWait(current);
    try {
      serving.join(10_000);
      assertThat(serving.isAlive()).as("the old build's daemon exits").isFalse();
      assertThat(Files.exists(old.socket())).isFalse();
      assertThat(Client.answers(new DaemonAddress(dir, "123456000001", "7"))).isTrue();
      assertThat(Client.answers(current)).isTrue();
      var out = new ByteArrayOutputStream();
      assertThat(
              Client.daemonCommand(
                  current,
                  List.of("daemon", "status"),
                  new java.io.PrintStream(out, true),
                  System.err))
          .isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("build abcdef000002")
          .contains("pid " + fresh.pid());
    } finally {
      otherCheckout.close();
      fresh.destroyForcibly();
    }
  }

  @Test
  void onlyTheClientCommandsAreHandedOverAndNotTheirHelp() {
    assertThat(Client.handsOver(List.of("fetch", "http://x"))).isTrue();
    for (String hn : List.of("comments", "item", "user", "thread", "top")) {
      assertThat(Client.handsOver(List.of("hn", hn, "1"))).as(hn).isTrue();
    }
    assertThat(Client.handsOver(List.of("hn", "mirror", "--db", "x.db"))).isFalse();
    assertThat(Client.handsOver(List.of("hn", "export", "--db", "x.db"))).isFalse();
    assertThat(Client.handsOver(List.of("serve"))).isFalse();
    assertThat(Client.handsOver(List.of("fetch", "--help"))).isFalse();
    assertThat(Client.handsOver(List.of("hn", "comments", "-h"))).isFalse();
    assertThat(Client.handsOver(List.of("--version"))).isFalse();
    assertThat(Client.handsOver(List.of())).isFalse();
  }

  @Test
  void statusSaysWhenNoneRunsAndStopIsQuietAboutIt() throws Exception {
    DaemonAddress none =
        new DaemonAddress(
            Files.createTempDirectory("fanout-none-").resolve("d"), "0000aa000000", "0");
    var out = new ByteArrayOutputStream();
    var print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(Client.daemonCommand(none, List.of("daemon", "status"), print, print)).isEqualTo(1);
    assertThat(Client.daemonCommand(none, List.of("daemon", "stop"), print, print)).isZero();
    assertThat(Client.daemonCommand(none, List.of("daemon", "restart"), print, print)).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("no background process for this build")
        .contains("no background process was running")
        .contains("fanout daemon: expected 'status' or 'stop', got daemon restart");
  }

  /** Starts a daemon process as a client does, and waits until it answers. */
  private static Process startAndWait(DaemonAddress a) throws Exception {
    Files.deleteIfExists(a.startingMark());
    Process p = Client.startDaemon(a);
    assertThat(p).isNotNull();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Client.answers(a)) {
      assertThat(System.nanoTime()).as("daemon answers; log: " + log(a)).isLessThan(deadline);
      assertThat(p.isAlive()).as("daemon alive; log: " + log(a)).isTrue();
      Thread.sleep(50);
    }
    return p;
  }

  private static String log(DaemonAddress a) {
    try {
      return Files.readString(a.log());
    } catch (IOException e) {
      return "(none)";
    }
  }

  /** Stdin for a client with nothing to say. */
  static final class InputStreamOf {
    static java.io.InputStream empty() {
      return new ByteArrayInputStream(new byte[0]);
    }
  }
}
