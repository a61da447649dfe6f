package dev.fanout.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real PostgreSQL server for the whole test JVM, never a mock: a throwaway cluster under {@code
 * target/} made from Debian's {@code postgresql} binaries ({@code initdb}, then {@code pg_ctl}),
 * listening on 127.0.0.1 at a free port, with no Unix socket, and a password for its one user (so
 * that tests go through {@code PGPASSWORD} and {@code .pgpass} like a user does). Started on first
 * use, shared by the test classes, stopped by a shutdown hook.
 *
 * <p>{@code initdb} refuses to run as root: when the tests run as root (CI does), {@code initdb}
 * and the server run through {@code runuser -u postgres} (or {@code nobody}), which owns the data
 * directory. Missing binaries fail the test with what to install; they are never skipped.
 */
public final class TestPostgres {
  public static final String USER = "fanout";
  public static final String PASSWORD = "test-secret-0022";

  private static TestPostgres server;

  private final Path dir;
  private final Path bin;
  private final int port;
  private final List<String> asUser;
  private final AtomicInteger databases = new AtomicInteger();

  private TestPostgres(Path dir, Path bin, int port, List<String> asUser) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.asUser = asUser;
  }

  /** The server, started on the first call (a few seconds: initdb and the start). */
  public static synchronized TestPostgres get() throws Exception {
    if (server == null) {
      server = start();
    }
    return server;
  }

  public int port() {
    return port;
  }

  /** A {@code .pgpass} file with this server's line, mode 600. */
  public Path pgpass() {
    return dir.resolve("pgpass");
  }

  /** A new empty database, its name unique in this JVM. */
  public String createDatabase(String prefix) throws Exception {
    String name = (prefix + "_" + databases.incrementAndGet()).toLowerCase(java.util.Locale.ROOT);
    run(
        List.of(
            bin.resolve("createdb").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-U",
            USER,
            name),
        Map.of("PGPASSWORD", PASSWORD),
        false);
    return name;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** {@code postgresql://fanout@127.0.0.1:PORT/DATABASE}, as {@code collect --db} takes it. */
  public String url(String database) {
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
  }

  private static TestPostgres start() throws Exception {
    Path bin = binaries();
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    Path dir = Files.createTempDirectory(target, "pg-");
    List<String> asUser = List.of();
    String owner = null;
    if (isRoot()) {
      owner = userExists("postgres") ? "postgres" : "nobody";
      asUser = List.of(runuser().toString(), "-u", owner, "--");
      if (!canReach(asUser, dir)) {
        // A checkout under a directory the server's user cannot enter: a private directory in /tmp.
        deleteTree(dir);
        dir = Files.createTempDirectory("fanout-pg-");
      }
    }
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path pwfile = Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n");
    if (owner != null) {
      run(List.of("chown", "-R", owner, dir.toString()), Map.of(), false);
    }
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    List<String> initdb = new ArrayList<>(asUser);
    initdb.addAll(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            USER,
            "--pwfile=" + pwfile,
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"));
    run(initdb, Map.of(), true);
    int port = freePort();
    // fsync off: a throwaway cluster whose durability nothing tests; it keeps CI quick.
    String options =
        "-c listen_addresses=127.0.0.1 -p "
            + port
            + " -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off"
            + " -c full_page_writes=off -c max_connections=40";
    List<String> pgctl = new ArrayList<>(asUser);
    pgctl.addAll(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start"));
    run(pgctl, Map.of(), true);
    TestPostgres started = new TestPostgres(dir, bin, port, asUser);
    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-postgres-stop"));
    Path pgpass =
        Files.writeString(
            dir.resolve("pgpass"),
            "127.0.0.1:" + port + ":*:" + USER + ":" + PASSWORD + "\n",
            StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
    return started;
  }

  private void stop() {
    List<String> cmd = new ArrayList<>(asUser);
    cmd.addAll(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "immediate",
            "-w",
            "stop"));
    try {
      run(cmd, Map.of(), true);
      deleteTree(dir); // tens of megabytes per run
    } catch (Exception e) {
      System.err.println("test PostgreSQL did not stop or could not be removed: " + e.getMessage());
    }
  }

  /** {@code pg_config --bindir}, else the newest {@code /usr/lib/postgresql/N/bin}. */
  private static Path binaries() throws Exception {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
        return Path.of(out);
      }
    } catch (IOException e) {
      // no pg_config: look where Debian puts the server
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var found =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(Comparator.comparing(b -> versionOf(b.getParent())));
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw new IllegalStateException(
        "the PostgreSQL tests need a real server: no initdb under `pg_config --bindir` or"
            + " /usr/lib/postgresql/*/bin; install Debian's postgresql package (apt-get install -y"
            + " postgresql; .ci/run does so)");
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  /**
   * util-linux's {@code runuser}: in {@code /usr/sbin} on Debian, which a user's (or a CI job's)
   * PATH may lack, so PATH first, then the system directories.
   */
  private static Path runuser() {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String d : dirs) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "runuser"))) {
        return Path.of(d, "runuser");
      }
    }
    throw new IllegalStateException(
        "the PostgreSQL tests run as root need util-linux's runuser (initdb refuses root);"
            + " none on PATH or in /usr/sbin, /sbin: install Debian's util-linux package");
  }

  private static boolean userExists(String name) throws Exception {
    return new ProcessBuilder("id", "-u", name)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor()
        == 0;
  }

  private static boolean canReach(List<String> asUser, Path dir) throws Exception {
    List<String> cmd = new ArrayList<>(asUser);
    cmd.addAll(List.of("test", "-x", dir.getParent().toString()));
    return new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor()
        == 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(List<String> cmd, Map<String, String> env, boolean quiet)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + out);
    }
    if (!quiet && !out.isBlank()) {
      System.out.println(out);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
