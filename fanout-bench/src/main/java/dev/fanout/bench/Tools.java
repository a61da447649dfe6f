package dev.fanout.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outside programs the suite compares against: Debian's python3 with aiohttp (the peers) and
 * wrk (the ceiling). Finds them, installs what a fresh machine lacks when allowed, and reports
 * versions.
 *
 * <p>The python is {@code /usr/bin/python3} on purpose: the {@code python3} first on PATH may be a
 * pyenv build that cannot see Debian's packages.
 */
final class Tools {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final String INSTALL =
      "apt-get update && apt-get install -y python3-aiohttp python3-async-timeout wrk";

  private final Optional<String> aiohttp;
  private final Optional<String> wrk;
  private final List<String> notes;

  private Tools(Optional<String> aiohttp, Optional<String> wrk, List<String> notes) {
    this.aiohttp = aiohttp;
    this.wrk = wrk;
    this.notes = List.copyOf(notes);
  }

  /**
   * Finds the tools; if some are missing and {@code install}, runs apt-get (as root, or sudo -n).
   */
  static Tools prepare(boolean install, PrintStream log) {
    List<String> notes = new ArrayList<>();
    Optional<String> aiohttp = aiohttpVersion();
    Optional<String> wrk = wrkVersion();
    if ((aiohttp.isEmpty() || wrk.isEmpty()) && install) {
      List<String> packages = new ArrayList<>();
      if (aiohttp.isEmpty()) {
        packages.addAll(List.of("python3", "python3-aiohttp", "python3-async-timeout"));
      }
      if (wrk.isEmpty()) {
        packages.add("wrk");
      }
      String apt =
          "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
              + String.join(" ", packages);
      boolean root = "root".equals(System.getProperty("user.name"));
      List<String> command =
          root ? List.of("sh", "-c", apt) : List.of("sudo", "-n", "sh", "-c", apt);
      log.println("bench: installing " + packages + " (" + String.join(" ", command) + ")");
      Proc.Result result = Proc.run(command, Duration.ofMinutes(10));
      if (!result.ok()) {
        notes.add(
            "Installing "
                + packages
                + " failed ("
                + result.failure()
                + "); run as root: `"
                + INSTALL
                + "`.");
      }
      aiohttp = aiohttpVersion();
      wrk = wrkVersion();
    }
    if (aiohttp.isEmpty()) {
      notes.add(
          "Python peers not measured: `/usr/bin/python3` cannot import aiohttp and async_timeout;"
              + " install with `"
              + INSTALL
              + "`.");
    }
    if (wrk.isEmpty()) {
      notes.add(
          "wrk ceiling not measured: `wrk` is not installed; install with `" + INSTALL + "`.");
    }
    return new Tools(aiohttp, wrk, notes);
  }

  /** "Python 3.x, aiohttp 3.8.4", when the peers can run. */
  Optional<String> aiohttp() {
    return aiohttp;
  }

  Optional<String> wrk() {
    return wrk;
  }

  List<String> notes() {
    return notes;
  }

  private static Optional<String> aiohttpVersion() {
    if (!Files.isExecutable(PYTHON)) {
      return Optional.empty();
    }
    Proc.Result r =
        Proc.run(
            List.of(
                PYTHON.toString(),
                "-c",
                "import sys, aiohttp, async_timeout; print('Python %d.%d.%d, aiohttp %s,"
                    + " async-timeout %s' % (sys.version_info[:3] + (aiohttp.__version__,"
                    + " async_timeout.__version__)))"),
            Duration.ofSeconds(30));
    return r.ok() ? Optional.of(r.stdout().strip()) : Optional.empty();
  }

  private static Optional<String> wrkVersion() {
    Proc.Result r = Proc.run(List.of("wrk", "-v"), Duration.ofSeconds(10));
    String text = (r.stdout() + r.stderr()).strip();
    if (r.exit() == 127 || !text.startsWith("wrk")) {
      return Optional.empty();
    }
    return Optional.of(text.lines().findFirst().orElse("wrk").replaceAll("\\s*\\[.*", "").strip());
  }

  /** Copies the peers' Python sources out of the jar into {@code dir} and returns dir. */
  static Path extractPeers(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : List.of("talk_crawler.py", "tuned_crawler.py")) {
      try (var in = Tools.class.getResourceAsStream("peers/" + name)) {
        if (in == null) {
          throw new IOException(
              "peers/" + name + " is missing from the class path (build fanout-bench)");
        }
        Files.copy(in, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }
}
