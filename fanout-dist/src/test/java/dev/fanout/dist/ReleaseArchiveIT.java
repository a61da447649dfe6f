package dev.fanout.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.replica.Replica;
import dev.fanout.replica.ReplicaConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive and the Debian package that {@code package} built (once): unpacked somewhere
 * else, run where no JDK can be found, directly and through a symlink.
 *
 * <p>"No JDK": each command runs in a new user and mount namespace ({@code unshare -rm}, which an
 * unprivileged user may make) with an empty tmpfs over {@code /usr/lib/jvm}, where every JDK of
 * this machine lives ({@code /usr/bin/java} points into it, so it is gone too), with {@code
 * JAVA_HOME} unset. The test checks inside that namespace that no {@code java} is left. Where user
 * namespaces are not allowed (some containers), it runs with {@code JAVA_HOME} unset and {@code
 * PATH} holding no JDK only, and says so on stderr: the launcher must not need more.
 */
class ReleaseArchiveIT {
  private static final String VERSION = "0.1.0";

  @TempDir static Path work;
  private static Path home;
  private static Path symlink;
  private static Replica replica;
  private static boolean canHideJdks;

  @BeforeAll
  static void unpackAndStartAReplica() throws Exception {
    Path archive = Path.of(System.getProperty("fanout.archive"));
    Path sums = Path.of(System.getProperty("fanout.sums"));
    Result check = run(sums.getParent(), List.of("sha256sum", "-c", "SHA256SUMS"), Map.of());
    assertThat(check.exit()).as(check.output()).isZero();

    Path unpacked = Files.createDirectories(work.resolve("somewhere else"));
    Result untar = run(unpacked, List.of("tar", "-xzf", archive.toString()), Map.of());
    assertThat(untar.exit()).as(untar.output()).isZero();
    home = unpacked.resolve("fanout-" + VERSION);
    symlink = Files.createDirectories(work.resolve("usr-local-bin")).resolve("fanout");
    Files.createSymbolicLink(symlink, home.resolve("bin/fanout"));
    replica = Replica.start(ReplicaConfig.builder().port(0).build());
    canHideJdks =
        run(
                    work,
                    List.of("unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /usr/lib/jvm"),
                    Map.of())
                .exit()
            == 0;
    if (!canHideJdks) {
      System.err.println(
          "ReleaseArchiveIT: unshare -rm is not allowed here; /usr/lib/jvm stays visible, and the"
              + " launcher runs with JAVA_HOME unset and no JDK on PATH only.");
    }
  }

  @AfterAll
  static void stopReplica() throws Exception {
    Path copy = work.resolve("with daemon/fanout-" + VERSION + "/bin/fanout");
    if (Files.exists(copy)) {
      run(work, List.of(copy.toString(), "daemon", "stop"), daemonDir());
    }
    if (replica != null) {
      replica.close();
    }
  }

  /** This test's own background processes: a socket directory of its own, a short idle period. */
  private static Map<String, String> daemonDir() {
    return Map.of(
        "FANOUT_DAEMON_DIR", work.resolve("daemons").toString(), "FANOUT_DAEMON_IDLE", "60");
  }

  /**
   * The archive's launcher hands client commands to the background process as the repository's
   * does: the first runs in-process and starts it, the next is handed over, and with no JDK.
   */
  @Test
  void clientCommandsGoToTheBackgroundProcessWithNoJdk() throws Exception {
    // A copy of its own: the daemon writes beside the jar (its socket's name, the client's cache).
    Path copy = Files.createDirectories(work.resolve("with daemon"));
    Result untar =
        run(copy, List.of("tar", "-xzf", System.getProperty("fanout.archive")), Map.of());
    assertThat(untar.exit()).as(untar.output()).isZero();
    Path fanout = copy.resolve("fanout-" + VERSION + "/bin/fanout");
    Path link = Files.createDirectories(work.resolve("daemon-bin")).resolve("fanout");
    Files.createSymbolicLink(link, fanout);
    String url = replica.apiUri() + "/item/1.json";
    List<String> fetch = List.of(fanout.toString(), "fetch", "--no-progress", url);
    Result first = withoutJdk(fetch, daemonDir());
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains("200 OK", "no background process answered");

    Result status = null;
    for (int i = 0; i < 100; i++) {
      status = run(work, List.of(link.toString(), "daemon", "status"), daemonDir());
      if (status.exit() == 0) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(status.exit()).as(status.output()).isZero();
    assertThat(status.output()).contains("background process: pid ");

    Result later = withoutJdk(fetch, daemonDir());
    assertThat(later.exit()).as(later.output()).isZero();
    assertThat(later.output())
        .contains("200 OK", "Fetching all results took:")
        .doesNotContain("no background process answered");

    Result stop = run(work, List.of(link.toString(), "daemon", "stop"), daemonDir());
    assertThat(stop.output()).contains("stopping the background process");
  }

  @Test
  void theArchiveHoldsWhatAUserLooksFor() throws Exception {
    for (String file :
        List.of(
            "bin/fanout",
            "lib/fanout.jar",
            "lib/fanout.aot",
            "runtime/bin/java",
            "man/man1/fanout.1",
            "man/man1/fanout-fetch.1",
            "man/man1/fanout-hn-comments.1",
            "completions/fanout.bash",
            "completions/fanout.zsh",
            "LICENSE",
            "THIRD-PARTY-NOTICES.md",
            "README.md",
            "CHANGELOG.md")) {
      assertThat(home.resolve(file)).as(file).isRegularFile();
    }
    assertThat(Files.isExecutable(home.resolve("bin/fanout"))).isTrue();
    // A runtime, not a JDK; and no benchmark suite.
    assertThat(home.resolve("runtime/bin/javac")).doesNotExist();
    try (var lib = Files.list(home.resolve("lib"));
        var jar = new java.util.zip.ZipFile(home.resolve("lib/fanout.jar").toFile())) {
      assertThat(lib.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("fanout.jar", "fanout.aot", "fanout-cluster.jar");
      assertThat(jar.stream().map(java.util.zip.ZipEntry::getName))
          .noneMatch(name -> name.startsWith("dev/fanout/bench/"));
    }
    Result modules =
        run(home, List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"), Map.of());
    assertThat(modules.output())
        .contains("java.base@", "jdk.unsupported@", "java.management@", "java.net.http@")
        .doesNotContain("jdk.compiler@", "jdk.jshell@");
  }

  /**
   * The cluster commands run from lib/fanout-cluster.jar on the bundled runtime: their help with no
   * JDK, then a broker, a submit, a worker and a collect, all through bin/fanout (Kafka's broker,
   * producer and share consumer, zstd's native library: the runtime's modules and the jar's natives
   * suffice).
   */
  @Test
  void clusterCommandsRunFromTheArchiveOnItsRuntime() throws Exception {
    String fanout = home.resolve("bin/fanout").toString();
    Result help = withoutJdk(List.of(fanout, "cluster", "--help"), Map.of());
    assertThat(help.exit()).as(help.output()).isZero();
    assertThat(help.output()).contains("broker", "submit", "collect", "status");
    Result worker = run(work, List.of(fanout, "worker", "--help"), Map.of());
    assertThat(worker.exit()).as(worker.output()).isZero();
    assertThat(worker.output()).contains("--share-of", "--kafka");

    int port = twoFreePorts();
    String kafka = "127.0.0.1:" + port;
    Path logs = Files.createDirectories(work.resolve("cluster-logs"));
    Process broker =
        background(
            List.of(
                fanout,
                "cluster",
                "broker",
                "--dir",
                work.resolve("kafka").toString(),
                "--port",
                String.valueOf(port)),
            logs.resolve("broker.txt"));
    Process workerProcess = null;
    try {
      String address =
          CompletableFuture.supplyAsync(() -> firstLine(broker)).get(120, TimeUnit.SECONDS);
      assertThat(address).as(read(logs.resolve("broker.txt"))).isEqualTo(kafka);
      String url = replica.apiUri() + "/item/1.json";
      Result submit =
          run(work, List.of(fanout, "cluster", "submit", "fetch", url, "--kafka", kafka), Map.of());
      assertThat(submit.exit()).as(submit.output()).isZero();
      String job =
          submit.output().lines().filter(l -> l.startsWith("j-")).findFirst().orElseThrow();
      workerProcess =
          background(
              List.of(fanout, "worker", "--kafka", kafka, "--name", "archive-worker"),
              logs.resolve("worker.txt"));
      Result collect =
          run(
              work,
              List.of(fanout, "cluster", "collect", job, "--kafka", kafka, "--timeout", "90s"),
              Map.of());
      assertThat(collect.exit()).as(collect.output() + read(logs.resolve("worker.txt"))).isZero();
      assertThat(collect.output())
          .contains("\"url\":\"" + url + "\"", "\"status\":200", "1 of 1 done, 0 failed")
          .doesNotContain("Exception");
    } finally {
      // SIGTERM: the broker's shutdown hook stops it cleanly (its Ctrl-C is BrokerCommandTest's).
      for (Process p : Arrays.asList(workerProcess, broker)) {
        if (p != null) {
          p.destroy();
          if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
    }
    assertThat(read(logs.resolve("broker.txt"))).doesNotContain("Exception");
  }

  private static Process background(List<String> command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().remove("JAVA_HOME");
    builder.environment().remove("FANOUT_JAVA_OPTS");
    // stdout (the broker's address) is read by the test; stderr goes to the log.
    return builder.redirectError(log.toFile()).start();
  }

  private static String firstLine(Process process) {
    try {
      String line =
          new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      return line == null ? "(no output)" : line;
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }

  /** A port P with P + 1 free (the broker's controller takes P + 1). */
  private static int twoFreePorts() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      try (ServerSocket a = new ServerSocket();
          ServerSocket b = new ServerSocket()) {
        a.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1));
        return port;
      } catch (IOException e) {
        // taken: another
      }
    }
    throw new IOException("no two consecutive free ports on 127.0.0.1");
  }

  @Test
  void versionRunsWithNoJdkOnTheMachine() throws Exception {
    for (Path fanout : List.of(home.resolve("bin/fanout"), symlink)) {
      Result version = withoutJdk(List.of(fanout.toString(), "--version"), Map.of());
      assertThat(version.exit()).as(version.output()).isZero();
      if (canHideJdks) {
        assertThat(version.output()).contains("/usr/lib/jvm entries: 0");
      }
      assertThat(version.output())
          .contains("no java: none")
          .contains("fanout " + VERSION + " (Java 25")
          .contains("commit ")
          .contains(" at " + home.resolve("runtime").toRealPath());
    }
  }

  @Test
  void fetchRunsWithNoJdkAndItsAotCacheIsAccepted() throws Exception {
    String url = replica.apiUri() + "/item/1.json";
    for (Path fanout : List.of(home.resolve("bin/fanout"), symlink)) {
      Path classes = work.resolve("fetch-classes-" + fanout.getParent().getFileName() + ".txt");
      Result fetch =
          withoutJdk(List.of(fanout.toString(), "fetch", "--no-progress", url), aotProof(classes));
      assertThat(fetch.exit()).as(fetch.output()).isZero();
      assertThat(fetch.output()).contains("200 OK", "Fetching all results took:");
      assertAotCacheAccepted(fetch, classes);
    }
  }

  @Test
  void hnCommentsRunsWithNoJdkAndItsAotCacheIsAccepted() throws Exception {
    for (Path fanout : List.of(home.resolve("bin/fanout"), symlink)) {
      Path classes = work.resolve("hn-classes-" + fanout.getParent().getFileName() + ".txt");
      Result comments =
          withoutJdk(
              List.of(
                  fanout.toString(),
                  "hn",
                  "comments",
                  "--no-progress",
                  "--api",
                  replica.apiUri().toString(),
                  "23"),
              aotProof(classes));
      assertThat(comments.exit()).as(comments.output()).isZero();
      assertThat(comments.output()).contains("item 23:", "Gathering comments took:");
      assertAotCacheAccepted(comments, classes);
    }
  }

  /** The archive's jar keeps SQLite's native library for this system (the others are dropped). */
  @Test
  void mirrorWritesSqliteWithTheBundledNativeLibrary() throws Exception {
    Path db = work.resolve("mirror.db");
    Result mirror =
        withoutJdk(
            List.of(
                home.resolve("bin/fanout").toString(),
                "hn",
                "mirror",
                "--no-progress",
                "--api",
                replica.apiUri().toString(),
                "--db",
                db.toString(),
                "--from",
                "1",
                "--to",
                "20"),
            Map.of());
    assertThat(mirror.exit()).as(mirror.output()).isZero();
    assertThat(db).isNotEmptyFile();
  }

  @Test
  void manPageRenders() throws Exception {
    Path page = home.resolve("man/man1/fanout-fetch.1");
    assertThat(Files.readString(page))
        .startsWith("'\\\" t")
        .contains(".TH \"FANOUT\\-FETCH\" \"1\"");
    boolean hasMan = run(work, List.of("sh", "-c", "command -v man"), Map.of()).exit() == 0;
    boolean hasGroff = run(work, List.of("sh", "-c", "command -v groff"), Map.of()).exit() == 0;
    if (hasMan) {
      Result man =
          run(
              work,
              List.of("man", "-l", page.toString()),
              Map.of("MANPAGER", "cat", "PAGER", "cat", "MANWIDTH", "100"));
      assertThat(man.exit()).as(man.output()).isZero();
      assertThat(man.output())
          .contains(
              "fanout-fetch - Fetch URLs concurrently", "--mode", "[--resolve=HOST:PORT:ADDR]");
    }
    if (hasGroff) {
      Result groff =
          run(work, List.of("groff", "-man", "-Tutf8", "-ww", "-z", page.toString()), Map.of());
      assertThat(groff.exit()).as(groff.output()).isZero();
      assertThat(groff.output()).as("groff's warnings").isEmpty();
    }
  }

  @Test
  void completionScriptRegistersInBash() throws Exception {
    Result complete =
        run(
            work,
            List.of(
                "bash",
                "--norc",
                "-c",
                "source '" + home.resolve("completions/fanout.bash") + "'; complete -p fanout"),
            Map.of());
    assertThat(complete.exit()).as(complete.output()).isZero();
    assertThat(complete.output()).contains(" -F ").endsWith(" fanout\n");
  }

  @Test
  void debianPackageInstallsUnderOptWithAUsrBinLink() throws Exception {
    Path deb = Path.of(System.getProperty("fanout.deb"));
    Result fields =
        run(work, List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version"), Map.of());
    assertThat(fields.output()).contains("Package: fanout", "Version: " + VERSION);
    Path root = Files.createDirectories(work.resolve("deb-root"));
    Result extract =
        run(work, List.of("dpkg-deb", "-x", deb.toString(), root.toString()), Map.of());
    assertThat(extract.exit()).as(extract.output()).isZero();

    Path usrBin = root.resolve("usr/bin/fanout");
    assertThat(Files.isSymbolicLink(usrBin)).isTrue();
    assertThat(usrBin.toRealPath()).isEqualTo(root.resolve("opt/fanout/bin/fanout").toRealPath());
    assertThat(root.resolve("usr/share/bash-completion/completions/fanout")).isRegularFile();
    assertThat(root.resolve("usr/share/man/man1/fanout-fetch.1")).isRegularFile();
    assertThat(root.resolve("usr/share/doc/fanout/copyright")).isRegularFile();

    Result version = withoutJdk(List.of(usrBin.toString(), "--version"), Map.of());
    assertThat(version.exit()).as(version.output()).isZero();
    assertThat(version.output())
        .contains("fanout " + VERSION)
        .contains(" at " + root.resolve("opt/fanout/runtime").toRealPath());
  }

  /** Options that make the JVM say whether it opened the AOT cache and where classes came from. */
  private static Map<String, String> aotProof(Path classes) {
    // In this process: a command handed to the background process loads no command classes here.
    return Map.of(
        "FANOUT_JAVA_OPTS",
        "-Xlog:aot -Xlog:class+load=info:file=" + classes,
        "FANOUT_DAEMON",
        "0");
  }

  private static void assertAotCacheAccepted(Result run, Path classes) throws IOException {
    assertThat(run.output()).contains("Opened AOT cache " + home.resolve("lib/fanout.aot"));
    assertThat(Files.readString(classes))
        .containsPattern("dev\\.fanout\\.cli\\.Fanout source: (shared objects file|AOT cache)");
  }

  /**
   * Runs {@code command} where no JDK can be found, with {@code env} added; its output starts with
   * two lines that prove it: {@code no java: none} and {@code /usr/lib/jvm entries: 0}.
   */
  private static Result withoutJdk(List<String> command, Map<String, String> env) throws Exception {
    List<String> line = new ArrayList<>();
    if (!canHideJdks) {
      // PATH: a directory holding only the tools the launcher calls.
      Path tools = Files.createDirectories(work.resolve("tools"));
      for (String tool : List.of("sh", "readlink", "dirname")) {
        Path link = tools.resolve(tool);
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, Path.of("/usr/bin", tool).toRealPath());
        }
      }
      line.addAll(
          List.of(
              "/bin/sh",
              "-c",
              "echo \"no java: $(command -v java || echo none)\"; exec \"$@\"",
              "sh"));
      line.addAll(command);
      Map<String, String> all = new HashMap<>(env);
      all.put("PATH", tools.toString());
      return run(work, line, all);
    }
    line.addAll(
        List.of(
            "unshare",
            "-rm",
            "sh",
            "-c",
            "mount -t tmpfs tmpfs /usr/lib/jvm"
                + " && echo \"no java: $(command -v java || echo none)\""
                + " && echo \"/usr/lib/jvm entries: $(ls -A /usr/lib/jvm | wc -l)\""
                + " && exec \"$@\"",
            "sh"));
    line.addAll(command);
    Map<String, String> all = new HashMap<>(env);
    all.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    return run(work, line, all);
  }

  private record Result(int exit, String output) {}

  private static Result run(Path dir, List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().remove("JAVA_HOME");
    builder.environment().remove("FANOUT_JAVA_HOME");
    builder.environment().remove("FANOUT_JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
